#!/usr/bin/env python3
"""Tests of tools/rds_export_simulation.py and tools/parquet_writer.py: python3 tools/test_rds_export_simulation.py

The last test class starts tools/moto_server.py (skipped when moto is not installed), writes a 60-export scenario
through the command line and runs the StartExportTask hook with boto3.
"""
import datetime
import io
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import pyarrow.parquet as pq  # noqa: E402

import parquet_writer  # noqa: E402
import rds_export_simulation as sim  # noqa: E402

COLUMNS = [{"name": "id", "originalType": "bigint", "exportedType": "int64"},
           {"name": "name", "originalType": "character varying", "exportedType": "binary (UTF8)"},
           {"name": "small", "originalType": "smallint", "exportedType": "int32 (INT_16)"},
           {"name": "price", "originalType": "decimal", "exportedType": "fixed_len_byte_array(5) (DECIMAL(10,2))"},
           {"name": "day", "originalType": "date", "exportedType": "int32 (DATE)"},
           {"name": "paid", "originalType": "boolean", "exportedType": "boolean"},
           {"name": "raw", "originalType": "bytea", "exportedType": "binary"}]


def rows(first, count):
    return [[str(i), f"name {i % 3}", str(i % 7), f"{i}.25", "2026-11-0" + str(1 + i % 9), "true" if i % 2 else "false",
             None if i % 5 == 0 else "0x%04x" % i] for i in range(first, first + count)]


SCENARIO = {
    "prefix": "exports/shop", "task": "shop-2026-11-01", "engine": "postgres", "filesPerBatch": 3,
    "metadataFilesMax": 2, "rowGroupSize": 2, "dataPageSize": 64,
    "warnings": [{"target": "shop", "status": "COMPLETE", "warningMessage": "a database-level warning"}],
    "tables": [
        {"target": "shop.public.orders", "columns": COLUMNS, "partitions": [rows(1, 9)]},
        {"target": "shop.public.events", "columns": COLUMNS, "partitions": [rows(100, 4), rows(200, 1), []]},
        {"target": "shop.public.legacy", "columns": COLUMNS, "partitions": [rows(300, 3)], "layout": "flat"},
        {"target": "shop.public.empty", "columns": COLUMNS, "partitions": [[]]},
        {"target": "shop.public.lost", "columns": COLUMNS, "partitions": [rows(400, 2)], "dataMissing": True},
        {"target": "shop.public.broken", "columns": COLUMNS, "partitions": [rows(500, 2)], "status": "FAILED"},
        {"target": "shop.public.skipped", "columns": COLUMNS, "partitions": [rows(600, 2)], "status": "SKIPPED"},
    ]}


def expected_value(column, text):
    """What pyarrow reads back for a value written from text."""
    value = column.value(text)
    if value is not None and column.annotation and column.annotation.startswith("TIMESTAMP_"):
        epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        return epoch + datetime.timedelta(**{"microseconds" if column.annotation.endswith("MICROS")
                                             else "milliseconds": value})
    return value


def read_rows(content):
    table = pq.read_table(io.BytesIO(content))
    return [list(row.values()) for row in table.to_pylist()]


def page_counts(content):
    """{column: (dictionary pages, data pages)} summed over row groups, from the pages' Thrift headers."""
    meta = pq.ParquetFile(io.BytesIO(content)).metadata
    counts = {}
    for g in range(meta.num_row_groups):
        for c in range(meta.num_columns):
            chunk = meta.row_group(g).column(c)
            start = chunk.dictionary_page_offset if chunk.has_dictionary_page else chunk.data_page_offset
            position, end = start, start + chunk.total_compressed_size
            dictionary, data = counts.get(chunk.path_in_schema, (0, 0))
            while position < end:
                header, position = _thrift_struct(content, position)
                position += header[3]  # compressed_page_size
                if header[1] == 2:
                    dictionary += 1
                else:
                    data += 1
            counts[chunk.path_in_schema] = (dictionary, data)
    return counts


def _varint(data, pos):
    shift = result = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def _thrift_value(data, pos, kind):
    if kind in (1, 2):
        return kind == 1, pos
    if kind == 3:
        return data[pos], pos + 1
    if kind in (4, 5, 6):
        raw, pos = _varint(data, pos)
        return (raw >> 1) ^ -(raw & 1), pos
    if kind == 7:
        return None, pos + 8
    if kind == 8:
        length, pos = _varint(data, pos)
        return data[pos:pos + length], pos + length
    if kind in (9, 10):
        size, element = data[pos] >> 4, data[pos] & 0x0F
        pos += 1
        if size == 15:
            size, pos = _varint(data, pos)
        for _ in range(size):
            _, pos = _thrift_value(data, pos, 3 if element in (1, 2) else element)
        return None, pos
    if kind == 12:
        return _thrift_struct(data, pos)
    raise ValueError(f"Thrift type {kind}")


def _thrift_struct(data, pos):
    fields, last = {}, 0
    while True:
        byte = data[pos]
        pos += 1
        if byte == 0:
            return fields, pos
        delta, kind = byte >> 4, byte & 0x0F
        if delta:
            last += delta
        else:
            raw, pos = _varint(data, pos)
            last = (raw >> 1) ^ -(raw & 1)
        fields[last], pos = _thrift_value(data, pos, kind)


class ScenarioFiles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.export = sim.spec_export(SCENARIO)
        cls.files = cls.export.files()
        cls.statuses = {}
        cls.metadata_files = sorted(k for k in cls.files if k.startswith("export_tables_info_"))
        cls.entries = []
        for key in cls.metadata_files:
            cls.entries += json.loads(cls.files[key])["perTableStatus"]

    def keys(self, folder):
        return sorted(k for k in self.files if k.startswith(folder))

    def entry(self, target):
        found = [e for e in self.entries if e["target"] == target]
        self.assertEqual(len(found), 1, target)
        return found[0]

    def test_part_files_have_gaps_in_their_index_and_a_uuid_each(self):
        names = [k.split("/")[-1] for k in self.keys("shop/public.orders/1/")]
        self.assertEqual([n[:10] for n in names], ["part-00000", "part-00002", "part-00003"])
        for name in names:
            self.assertRegex(name, r"^part-\d{5}-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\.gz\.parquet$")
        self.assertEqual(len({n[11:] for n in names}), 3)

    def test_partitioned_table_has_one_batch_folder_per_partition_with_rows(self):
        self.assertEqual(sorted({k.split("/")[2] for k in self.keys("shop/public.events/")}), ["1", "2"])
        self.assertEqual(self.entry("shop.public.events")["tableStatistics"]["partitioningInfo"],
                         {"numberOfPartitions": 6, "numberOfCompletedPartitions": 6})

    def test_flat_layout_puts_part_files_in_the_table_folder(self):
        keys = self.keys("shop/public.legacy/")
        self.assertEqual(len(keys), 3)
        self.assertTrue(all(re.fullmatch(r"shop/public\.legacy/part-\d{5}-[0-9a-f-]{36}\.gz\.parquet", k) for k in keys))

    def test_metadata_is_split_and_lists_every_table_once(self):
        self.assertGreaterEqual(len(self.metadata_files), 3)
        position = 1
        for key in sorted(self.metadata_files, key=lambda k: int(re.search(r"_from_(\d+)_", k).group(1))):
            count = len(json.loads(self.files[key])["perTableStatus"])
            self.assertLessEqual(count, 2)
            self.assertEqual(key, f"export_tables_info_shop-2026-11-01_from_{position}_to_{position + count - 1}.json")
            position += count
        targets = [e["target"] for e in self.entries]
        self.assertEqual(sorted(targets), sorted(["shop"] + [t["target"] for t in SCENARIO["tables"]
                                                            if t.get("status") != "SKIPPED"]))
        self.assertIn("export_info_shop-2026-11-01.json", self.files)

    def test_entries_carry_what_real_files_carry(self):
        entry = self.entry("shop.public.orders")
        self.assertEqual(entry["status"], "COMPLETE")
        self.assertGreater(entry["sizeGB"], 0)
        self.assertRegex(entry["tableStatistics"]["extractionStartTime"], r"^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M$")
        mapping = entry["schemaMetadata"]["originalTypeMappings"][1]
        self.assertEqual(mapping, {"columnName": "name", "originalType": "character varying",
                                   "expectedExportedType": "binary (UTF8)", "originalCharMaxLength": 0,
                                   "originalNumPrecision": 0, "originalDateTimePrecision": 0})

    def test_empty_table_has_no_folder_and_is_complete_with_size_zero(self):
        self.assertEqual(self.keys("shop/public.empty/"), [])
        entry = self.entry("shop.public.empty")
        self.assertEqual((entry["status"], entry["sizeGB"]), ("COMPLETE", 0))

    def test_data_missing_is_listed_complete_with_data_but_has_no_folder(self):
        self.assertEqual(self.keys("shop/public.lost/"), [])
        entry = self.entry("shop.public.lost")
        self.assertEqual(entry["status"], "COMPLETE")
        self.assertGreater(entry["sizeGB"], 0)

    def test_failed_and_skipped_tables(self):
        self.assertEqual(self.keys("shop/public.broken/") + self.keys("shop/public.skipped/"), [])
        self.assertEqual(self.entry("shop.public.broken")["status"], "FAILED")
        self.assertEqual(json.loads(self.export.warning_message()),
                         {"skippedTables": ["shop.public.skipped"], "general": []})
        info = json.loads(self.files["export_info_shop-2026-11-01.json"])
        self.assertEqual(info["warningMessage"], self.export.warning_message())

    def test_database_level_entry(self):
        self.assertEqual(self.entry("shop"), SCENARIO["warnings"][0])

    def test_files_read_back_to_the_rows(self):
        columns = [parquet_writer.Column(c["name"], c["exportedType"]) for c in COLUMNS]
        for table in SCENARIO["tables"]:
            if table.get("status", "COMPLETE") != "COMPLETE" or table.get("dataMissing"):
                continue
            folder = sim.Table(table["target"], [], []).folder()
            keys = sorted(self.keys(folder), key=lambda k: (k.split("/")[-2], k.split("/")[-1]))
            read = [row for key in keys for row in read_rows(self.files[key])]
            written = [row for partition in table["partitions"] for row in partition]
            self.assertEqual(read, [[expected_value(c, v) for c, v in zip(columns, row)] for row in written],
                             table["target"])

    def test_parquet_row_groups_pages_dictionary_statistics_gzip(self):
        content = self.files[self.keys("shop/public.orders/1/")[0]]  # 3 rows, rowGroupSize 2
        meta = pq.ParquetFile(io.BytesIO(content)).metadata
        self.assertGreater(meta.num_row_groups, 1)
        for g in range(meta.num_row_groups):
            for c in range(meta.num_columns):
                chunk = meta.row_group(g).column(c)
                self.assertEqual(chunk.compression, "GZIP")
                if chunk.physical_type == "BOOLEAN":
                    continue  # Parquet has no dictionary encoding for booleans (parquet-mr neither)
                self.assertTrue(chunk.has_dictionary_page, chunk.path_in_schema)
                self.assertTrue({"RLE_DICTIONARY", "PLAIN_DICTIONARY"} & set(chunk.encodings), chunk.encodings)
                self.assertTrue(chunk.is_stats_set)
                self.assertIsNotNone(chunk.statistics.null_count)
        self.assertTrue(meta.row_group(0).column(0).statistics.has_min_max)

    def test_small_data_pages_give_several_pages(self):
        export = sim.spec_export({**SCENARIO, "rowGroupSize": None, "filesPerBatch": 1, "dataPageSize": 16,
                                  "tables": [{"target": "shop.public.big", "columns": COLUMNS,
                                              "partitions": [rows(1, 200)]}]})
        content = next(v for k, v in export.files().items() if k.endswith(".parquet"))
        counts = page_counts(content)
        self.assertEqual(counts["id"][0], 1)
        self.assertGreater(counts["id"][1], 1, counts)
        self.assertEqual(pq.read_table(io.BytesIO(content)).num_rows, 200)


class WriterTypes(unittest.TestCase):
    """Every row of tools/rds-types.tsv: the written physical type and annotation are what RDS reports."""

    def test_every_rds_type_is_written_with_its_physical_type_and_annotation(self):
        for engine in ("mysql", "postgres"):
            for row in sim._type_rows(engine):
                column = parquet_writer.Column(row["column"], row["parquet"])
                content = parquet_writer.write([column], [[row["value"]], [None]])
                schema = pq.ParquetFile(io.BytesIO(content)).schema.column(0)
                written = schema.physical_type.lower()
                if written == "byte_array":
                    written = "binary"
                if schema.physical_type == "FIXED_LEN_BYTE_ARRAY":
                    written += f"({schema.length})"
                if schema.converted_type == "DECIMAL":
                    written += f" (DECIMAL({schema.precision},{schema.scale}))"
                elif schema.converted_type != "NONE":
                    written += f" ({schema.converted_type})"
                self.assertEqual(written, row["parquet"], f"{engine} {row['source_type']}")
                self.assertEqual(read_rows(content), [[expected_value(column, row["value"])], [None]])

    def test_mixed_decimals_in_one_file_are_reported(self):
        columns = [parquet_writer.Column("a", "int32 (DECIMAL(9,2))"),
                   parquet_writer.Column("b", "fixed_len_byte_array(5) (DECIMAL(10,2))"),
                   parquet_writer.Column("e", "binary (ENUM)"), parquet_writer.Column("j", "binary (JSON)")]
        self.assertEqual(sorted(parquet_writer.deviations(columns)), ["a", "e"])
        schema = pq.ParquetFile(io.BytesIO(parquet_writer.write(columns, [["1.50", "2.25", "x", "{}"]]))).schema
        self.assertEqual([schema.column(i).physical_type for i in range(4)],
                         ["FIXED_LEN_BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY", "BYTE_ARRAY", "BYTE_ARRAY"])
        self.assertEqual(schema.column(3).converted_type, "JSON")


class DemoExport(unittest.TestCase):
    def test_demo_tables_keep_names_rows_and_batches(self):
        files = sim.export_files("exp-1", True, extras=False)
        orders = sorted(k for k in files if k.startswith("demo/public.orders/"))
        self.assertEqual([k.split("/")[2] + "/" + k.split("/")[3][:10] for k in orders],
                         ["1/part-00000", "1/part-00002", "2/part-00000"])
        self.assertEqual([r for k in orders for r in read_rows(files[k])][2][0], 3)
        for folder in ("demo/public.all_types/1/", "demo/public.all_types/2/"):
            (key,) = [k for k in files if k.startswith(folder)]
            self.assertEqual(len(read_rows(files[key])), 1)
        self.assertIn("demo/public.order_lines/", {k[:24] for k in files})
        entries = [e for k, v in files.items() if k.startswith("export_tables_info_")
                   for e in json.loads(v)["perTableStatus"]]
        self.assertEqual(sorted(e["target"] for e in entries), ["demo.public.all_types", "demo.public.all_types_flat",
                                                               "demo.public.order lines", "demo.public.orders"])
        self.assertGreaterEqual(len([k for k in files if k.startswith("export_tables_info_")]), 2)
        mysql = sim.export_files("exp-2", False, extras=False)
        self.assertEqual(sorted({k.split("/")[1] for k in mysql if k.startswith("demo/")}),
                         ["demo.all_types", "demo.all_types_flat", "demo.invoices"])

    def test_demo_extras_and_export_only(self):
        files = sim.export_files("exp-1", True, extras=True)
        entries = [e for k, v in files.items() if k.startswith("export_tables_info_")
                   for e in json.loads(v)["perTableStatus"]]
        self.assertIn({"target": "demo", "status": "COMPLETE", "warningMessage": entries[-1]["warningMessage"]},
                      entries)
        self.assertIn("demo.public.returns", [e["target"] for e in entries])
        self.assertFalse([k for k in files if k.startswith("demo/public.returns")])
        only = sim.export_files("exp-1", True, ["demo.public.orders"], extras=True)
        self.assertEqual({k.split("/")[1] for k in only if k.startswith("demo/")}, {"public.orders"})


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


try:
    import moto  # noqa: F401
    import boto3
    HAVE_MOTO = True
except ImportError:
    HAVE_MOTO = False


@unittest.skipUnless(HAVE_MOTO, "moto[server] and boto3 are not installed")
class AgainstMoto(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = _free_port()
        cls.url = f"http://127.0.0.1:{cls.port}"
        cls.env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                   "AWS_REGION": "eu-west-1"}
        cls.env.pop("AWS_PROFILE", None)
        cls.log = tempfile.TemporaryFile()
        cls.server = subprocess.Popen([sys.executable, os.path.join(HERE, "moto_server.py"), "-H", "127.0.0.1",
                                       "-p", str(cls.port)], stdout=cls.log, stderr=subprocess.STDOUT, env=cls.env)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", cls.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            cls.server.kill()
            raise RuntimeError("moto_server did not start")

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(10)
        cls.log.close()

    def client(self, service):
        from botocore.config import Config
        return boto3.client(service, endpoint_url=self.url, region_name="eu-west-1", aws_access_key_id="testing",
                            aws_secret_access_key="testing", config=Config(s3={"addressing_style": "path"}))

    def test_cli_writes_sixty_exports(self):
        s3 = self.client("s3")
        s3.create_bucket(Bucket="scenario", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        specs = []
        for day in range(60):
            spec = json.loads(json.dumps(SCENARIO))
            spec["task"] = f"shop-day-{day:03d}"
            spec["tables"][0]["partitions"] = [rows(1, 5 + day % 4)]
            specs.append(spec)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(specs, f)
        try:
            started = time.monotonic()
            out = subprocess.run([sys.executable, os.path.join(HERE, "rds_export_simulation.py"), "write",
                                  "--endpoint-url", self.url, "--bucket", "scenario", "--spec", f.name],
                                 env=self.env, capture_output=True, text=True, check=True)
            seconds = time.monotonic() - started
        finally:
            os.unlink(f.name)
        result = json.loads(out.stdout)
        print(f"\nCLI: 60 exports, {sum(r['keys'] for r in result.values())} objects in {seconds:.1f} s",
              file=sys.stderr)
        self.assertLess(seconds, 15)
        self.assertEqual(len(result), 60)
        self.assertEqual(json.loads(result["shop-day-000"]["warningMessage"])["skippedTables"], ["shop.public.skipped"])
        keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(
            Bucket="scenario", Prefix="exports/shop/shop-day-007/") for o in page.get("Contents", [])]
        self.assertEqual(len(keys), result["shop-day-007"]["keys"])
        self.assertIn("exports/shop/shop-day-007/export_info_shop-day-007.json", keys)
        self.assertFalse([k for k in keys if "/public.empty/" in k or "/public.lost/" in k])

    def test_start_export_task_hook_writes_the_demo_export(self):
        rds, s3, kms = self.client("rds"), self.client("s3"), self.client("kms")
        s3.create_bucket(Bucket="exports", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        key = kms.create_key()["KeyMetadata"]["Arn"]
        rds.create_db_cluster(DBClusterIdentifier="shop", Engine="aurora-postgresql", MasterUsername="demo_admin",
                              MasterUserPassword="example-only-1")
        snapshot = rds.create_db_cluster_snapshot(DBClusterIdentifier="shop", DBClusterSnapshotIdentifier="shop-1")
        rds.start_export_task(ExportTaskIdentifier="exp-shop-1", S3BucketName="exports", S3Prefix="exports/shop",
                              SourceArn=snapshot["DBClusterSnapshot"]["DBClusterSnapshotArn"], KmsKeyId=key,
                              IamRoleArn="arn:aws:iam::123456789012:role/export")
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="exports", Prefix="exports/shop/exp-shop-1/")["Contents"]]
        self.assertIn("exports/shop/exp-shop-1/export_info_exp-shop-1.json", keys)
        orders = sorted(k for k in keys if "/demo/public.orders/" in k)
        self.assertEqual(len(orders), 3)
        body = s3.get_object(Bucket="exports", Key=orders[0])["Body"].read()
        self.assertEqual(read_rows(body), [[1, "19.99", "2024-02-28 10:00:00"]])


if __name__ == "__main__":
    unittest.main(verbosity=2)
