#!/usr/bin/env python3
"""What an RDS snapshot export writes into S3, so registration and queries have realistic input: for the demo database
of tools/moto_server.py's StartExportTask, and for scripted scenarios (many days of a changing database) through the
`write` command line below.

The layout, from AWS RDS User Guide "File naming conventions for exports to Amazon S3"
(https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/export-snapshot-file-naming.html, USER_ExportSnapshot.FileNames),
under <S3Prefix>/<ExportTaskIdentifier>/:
  <database>/<schema.table>/<batch_index>/part-<partition_index>-<random_uuid>.gz.parquet   (current convention)
      "If we can partition your table into small chunks to be read in parallel, there will be only the batch index 1
      folder" holding one or more part files; "There can be gaps in the partition index sequence ... If there is no
      data in the range of that partition, then that sequence number is skipped." Several batch folders when a table
      cannot be split, and "one for each of the table partitions" of a partitioned (PostgreSQL) table.
  <database>/<schema.table>/part-<partition_index>-<random_uuid>.gz.parquet                 (older convention)
  A table without rows has no part file, so no folder at all (S3 has no empty folders).
  MySQL has no schemas: RDS writes <database>/<database.table>/. RDS replaces a space, backslash, backtick or double
  quote in a name with an underscore (RDS/Aurora User Guide, export limitations).
Metadata: export_info_<task>.json and one or more export_tables_info_<task>_from_<X>_to_<Y>.json, each holding a slice
of perTableStatus (X..Y: 1-based positions of its entries). The entries are modelled on real files quoted in public
issues (WordPress/openverse#2669): tableStatistics (extractionStartTime/extractionEndTime as "Jul 19, 2023, 11:21:00 PM",
partitioningInfo.numberOfPartitions/numberOfCompletedPartitions), schemaMetadata.originalTypeMappings[] (columnName,
originalType as the engine's catalog spells it, without modifiers: "character varying", "timestamp with time zone",
"ARRAY"; expectedExportedType; originalCharMaxLength, originalNumPrecision, originalDateTimePrecision), status, sizeGB,
target; and database-level entries whose target is the database alone, with a warningMessage.

Skipped tables: RDS reports them in the export task's WarningMessage, {"skippedTables": [...], "general": [...]} (see
the registrar's TaskWarnings.java); whether it also lists them in perTableStatus is not documented and no public file
shows one. The simulation lists SKIPPED tables in the WarningMessage only (as target strings), and FAILED tables in
perTableStatus only (status FAILED, no data), as the registrar must handle both.

Parquet: tools/parquet_writer.py (pyarrow; GZIP, dictionary encoding, statistics), with each column's Parquet type as
RDS documents it for the source type (tools/rds-types.tsv).

Command line, for Java tests that script exports:
  python3 tools/rds_export_simulation.py write --endpoint-url URL --bucket BUCKET --spec SPEC.json
writes every export of SPEC.json (format: spec_export below) with boto3 (credentials from the environment; region from
AWS_REGION / AWS_DEFAULT_REGION, else us-east-1; path-style addressing) and prints one JSON object:
  {"<task>": {"warningMessage": "<the task's WarningMessage JSON, or null>", "keys": <objects written>}, ...}
"""
import datetime
import json
import os
import re
import sys
import uuid

import parquet_writer

_TYPES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rds-types.tsv")
_UUIDS = uuid.UUID("8f0e1c52-3a53-4a8e-9a43-2f5b7c0d6e11")  # namespace of the simulation's file uuids


def _type_rows(engine):
    with open(_TYPES_FILE, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if not line.startswith("#")]
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:] if line]
    return [r for r in rows if r["engine"] == engine]


# --- originalType as RDS reports it: the engine's information_schema data_type, without modifiers -------------------
_POSTGRES_NAMES = {"bigserial": "bigint", "serial": "integer", "smallserial": "smallint", "varchar": "character varying",
                   "char": "character", "enum": "USER-DEFINED", "time": "time without time zone",
                   "timestamp": "timestamp without time zone", "int": "integer", "int4": "integer", "int8": "bigint",
                   "int2": "smallint", "float8": "double precision", "float4": "real", "bool": "boolean",
                   "timestamptz": "timestamp with time zone", "timetz": "time with time zone", "varbit": "bit varying"}
_POSTGRES_PRECISION = {"bigint": 64, "integer": 32, "smallint": 16, "double precision": 53, "real": 24}
_POSTGRES_TIME = {"time without time zone", "time with time zone", "timestamp without time zone",
                  "timestamp with time zone", "interval"}
_MYSQL_PRECISION = {"bigint": 19, "bigint unsigned": 20, "int": 10, "int unsigned": 10, "mediumint": 7,
                    "mediumint unsigned": 8, "smallint": 5, "smallint unsigned": 5, "tinyint": 3, "tinyint unsigned": 3,
                    "double": 22, "float": 12}
_MYSQL_LENGTH = {"tinytext": 255, "text": 65535, "mediumtext": 16777215, "longtext": 4294967295, "tinyblob": 255,
                 "blob": 65535, "mediumblob": 16777215, "longblob": 4294967295, "json": 4294967295}


def type_mapping(postgres, name, source_type, exported_type):
    """One originalTypeMappings entry for a column declared as source_type (e.g. "VARCHAR(64)", "INTEGER[]")."""
    declared = source_type.strip().lower()
    modifiers = [int(m) for m in re.findall(r"\d+", (re.search(r"\(([\d,\s]+)\)", declared) or [None, ""])[1])]
    base = re.sub(r"\s*\([\d,\s]*\)", "", declared).strip()
    char_length = precision = time_precision = 0
    if postgres:
        original = "ARRAY" if base.endswith("[]") else _POSTGRES_NAMES.get(base, base)
        precision = _POSTGRES_PRECISION.get(original, 0)
        if original == "numeric":
            precision = modifiers[0] if modifiers else 0
        elif original in ("character varying", "character", "bit", "bit varying"):
            char_length = modifiers[0] if modifiers else (1 if original in ("character", "bit") else 0)
        elif original in _POSTGRES_TIME:
            time_precision = modifiers[0] if modifiers else 6
    else:
        original = base  # MySQL's DATA_TYPE, lower case; "unsigned" kept as RDS reports it ("bigint unsigned")
        precision = _MYSQL_PRECISION.get(original, 0)
        if original in ("decimal", "numeric"):
            precision = modifiers[0] if modifiers else 10
        elif original in ("char", "varchar", "binary", "varbinary", "bit"):
            char_length = modifiers[0] if modifiers else 1
            if original == "bit":
                char_length, precision = 0, char_length
        elif original in _MYSQL_LENGTH:
            char_length = _MYSQL_LENGTH[original]
        elif original in ("datetime", "timestamp", "time"):
            time_precision = modifiers[0] if modifiers else 0
    return {"columnName": name, "originalType": original, "expectedExportedType": exported_type,
            "originalCharMaxLength": char_length, "originalNumPrecision": precision,
            "originalDateTimePrecision": time_precision}


class Table:
    """One table of an export.

    columns: originalTypeMappings entries (dicts with columnName, originalType, expectedExportedType, ...).
    partitions: one list of rows per batch folder (rows: lists of text values or None); an empty batch writes nothing.
    """

    def __init__(self, target, columns, partitions, flat=False, status="COMPLETE", files_per_batch=1,
                 data_missing=False, size_gb=None, warning_message=None):
        self.target = target                # database.table or database.schema.table, as RDS names it
        self.columns = columns
        self.partitions = [rows for rows in partitions if rows is not None]
        self.flat = flat                    # the older file convention
        self.status = status                # COMPLETE, FAILED (perTableStatus, no data), SKIPPED (WarningMessage)
        self.files_per_batch = max(1, files_per_batch)
        self.data_missing = data_missing    # listed COMPLETE with data, but no folder: a defect to be flagged
        self.size_gb = size_gb
        self.warning_message = warning_message

    def folder(self):
        """<database>/<schema.table>/; MySQL has no schemas, and RDS writes <database>/<database.table>/."""
        parts = self.target.split(".")
        database, schema_table = parts[0], ".".join(parts[1:] if len(parts) == 3 else parts)
        return "/".join(re.sub(r'[ \\`"]', "_", part) for part in (database, schema_table)) + "/"

    def database(self):
        return self.target.split(".")[0]


def part_indexes(count):
    """Partition indexes of count part files, with gaps as RDS leaves them for empty ranges: 0, 2, 3, 5, 6, ..."""
    return [j + (j + 1) // 2 for j in range(count)]


def _chunks(rows, count):
    """rows split into at most count non-empty, consecutive chunks."""
    count = min(count, len(rows))
    size, extra = divmod(len(rows), count) if count else (0, 0)
    chunks, start = [], 0
    for j in range(count):
        end = start + size + (1 if j < extra else 0)
        chunks.append(rows[start:end])
        start = end
    return chunks


def _rds_time(moment):
    """Timestamps in export_tables_info as real files have them: "Jul 19, 2023, 11:21:00 PM"."""
    return f"{moment:%b} {moment.day}, {moment:%Y}, {moment.hour % 12 or 12}:{moment:%M:%S %p}"


class Export:
    """One export task: its tables, database-level warning entries, and how RDS would split files and metadata."""

    def __init__(self, task, postgres, tables, warnings=(), general=(), metadata_files_max=None, row_group_size=None,
                 data_page_size=None, started=None):
        self.task = task
        self.postgres = postgres
        self.tables = list(tables)
        self.warnings = list(warnings)      # database-level perTableStatus entries (target = the database)
        self.general = list(general)        # the WarningMessage's general list
        self.metadata_files_max = metadata_files_max
        self.row_group_size = row_group_size
        self.data_page_size = data_page_size
        self.started = started or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)

    def warning_message(self):
        """The task's WarningMessage (DescribeExportTasks), or None."""
        skipped = [t.target for t in self.tables if t.status == "SKIPPED"]
        if not skipped and not self.general:
            return None
        return json.dumps({"skippedTables": skipped, "general": self.general})

    def _table_files(self, table):
        """({key: bytes}, number of partitions RDS would report) for one table's data."""
        columns = [parquet_writer.Column(c["columnName"], c["expectedExportedType"]) for c in table.columns]
        files, partitions, flat_chunks = {}, 0, []
        for batch, rows in enumerate(table.partitions, start=1):
            chunks = _chunks(rows, table.files_per_batch)
            if table.flat:
                flat_chunks += [(batch, chunk) for chunk in chunks]
                continue
            indexes = part_indexes(len(chunks))
            partitions += indexes[-1] + 1 if indexes else 1
            for index, chunk in zip(indexes, chunks):
                files[f"{table.folder()}{batch}/{self._part_name(table, batch, index)}"] = self._parquet(columns, chunk)
        if table.flat:
            indexes = part_indexes(len(flat_chunks))
            partitions = indexes[-1] + 1 if indexes else 1
            for index, (batch, chunk) in zip(indexes, flat_chunks):
                files[table.folder() + self._part_name(table, batch, index)] = self._parquet(columns, chunk)
        return files, max(1, partitions)  # an empty table was still read, by one query

    def _part_name(self, table, batch, index):
        # A uuid per file, as RDS's random_uuid; derived from task, table, batch and index so that writing the same
        # export twice gives the same keys.
        return f"part-{index:05d}-{uuid.uuid5(_UUIDS, f'{self.task}/{table.target}/{batch}/{index}')}.gz.parquet"

    def _parquet(self, columns, rows):
        return parquet_writer.write(columns, rows, row_group_size=self.row_group_size,
                                    data_page_size=self.data_page_size)

    def files(self):
        """{key relative to <prefix>/<task>/: bytes}: data files and metadata."""
        files, statuses = {}, []
        clock = self.started
        for table in self.tables:
            if table.status == "SKIPPED":
                continue
            written, partitions = ({}, 1) if table.status != "COMPLETE" or table.data_missing else \
                self._table_files(table)
            files.update(written)
            size = table.size_gb
            if size is None:
                data = sum(len(b) for b in written.values())
                size = 0.01 if table.data_missing else round(data / 1024 ** 3, 9)
            end = clock + datetime.timedelta(seconds=1 + partitions)
            entry = {"tableStatistics": {
                "extractionStartTime": _rds_time(clock), "extractionEndTime": _rds_time(end),
                "partitioningInfo": {"numberOfPartitions": partitions,
                                     "numberOfCompletedPartitions": partitions if table.status == "COMPLETE" else 0}},
                "schemaMetadata": {"originalTypeMappings": table.columns},
                "status": table.status, "sizeGB": size, "target": table.target}
            if table.warning_message:
                entry["warningMessage"] = table.warning_message
            statuses.append(entry)
        statuses += self.warnings
        per_file = self.metadata_files_max or max(1, len(statuses))
        for start in range(0, max(1, len(statuses)), per_file):
            part = statuses[start:start + per_file]
            files[f"export_tables_info_{self.task}_from_{start + 1}_to_{start + max(1, len(part))}.json"] = \
                json.dumps({"perTableStatus": part}, indent=2).encode()
        info = {"exportTaskIdentifier": self.task, "status": "COMPLETE", "percentProgress": 100,
                "totalExtractedDataInGB": 0}
        if self.warning_message():
            info["warningMessage"] = self.warning_message()
        files[f"export_info_{self.task}.json"] = json.dumps(info, indent=2).encode()
        return files


# --- the demo database of tools/moto_server.py's StartExportTask ----------------------------------------------------
def _table(postgres, target, columns, partitions, **options):
    return Table(target, [type_mapping(postgres, n, s, e) for n, s, e in columns], partitions, **options)


def _all_types(engine, target, flat):
    rows = _type_rows(engine)
    columns = [("id", "bigint", "int64")] + [(r["column"], r["source_type"], r["parquet"]) for r in rows]
    # One row with every value, one with every column NULL (definition levels are part of what is read): one batch
    # folder each, as RDS writes a table it cannot split.
    return _table(engine == "postgres", target, columns,
                  [[["1"] + [r["value"] for r in rows]], [["2"] + [None] * len(rows)]], flat=flat)


def demo_tables(postgres, extras=True):
    """The demo database, with an empty table (no folder at all, as RDS writes it) unless extras is False."""
    if postgres:
        tables = [
            # Batch 1 with two part files and a gap in the index (part-00000, part-00002), batch 2 with one.
            _table(True, "demo.public.orders", [("order_id", "bigint", "int64"), ("total", "numeric", "binary (UTF8)"),
                                                ("ordered_at", "timestamp without time zone", "binary (UTF8)")],
                   [[["1", "19.99", "2024-02-28 10:00:00"], ["2", "5.00", "2024-02-28 11:30:00"]],
                    [["3", "120.50", "2024-02-29 09:15:00"]]], files_per_batch=2),
            _table(True, "demo.public.order lines", [("order_id", "bigint", "int64"), ("sku", "text", "binary (UTF8)"),
                                                     ("quantity", "integer", "int32")],
                   [[["1", "A-100", "2"], ["3", "B-200", "1"]]]),
            _all_types("postgres", "demo.public.all_types", False),
            _all_types("postgres", "demo.public.all_types_flat", True),
        ]
        empty = _table(True, "demo.public.returns", [("return_id", "bigint", "int64"), ("reason", "text",
                                                                                       "binary (UTF8)")], [])
    else:
        tables = [
            _table(False, "demo.invoices", [("invoice_id", "bigint", "int64"),
                                            ("amount", "decimal(10,2)", "fixed_len_byte_array(5) (DECIMAL(10,2))"),
                                            ("issued_at", "datetime", "int64 (TIMESTAMP_MICROS)")],
                   [[["10", "250.00", "2024-02-28 08:00:00"], ["11", "99.95", "2024-02-29 17:45:00"]]],
                   files_per_batch=2),
            _all_types("mysql", "demo.all_types", False),
            _all_types("mysql", "demo.all_types_flat", True),
        ]
        empty = _table(False, "demo.refunds", [("refund_id", "bigint", "int64")], [])
    return tables + [empty] if extras else tables


def demo_warnings(extras=True):
    # A database-level entry (target: the database alone), as in real files; its status is COMPLETE.
    return [{"warningMessage": "Simulated database-level warning: some objects of database demo were not exported.",
             "status": "COMPLETE", "target": "demo"}] if extras else []


def selected(target, export_only):
    """ExportOnly: database, database.schema or database[.schema].table; nothing listed means everything."""
    return not export_only or any(target == e or target.startswith(e + ".") or e.startswith(target + ".")
                                  and "." not in target for e in export_only)


def export_files(task_id, postgres, export_only=None, extras=True):
    """{key relative to <prefix>/<task>/: bytes} for one completed export of the demo database: with an empty table
    and a database-level warning entry, as RDS writes them, unless extras is False."""
    tables = [t for t in demo_tables(postgres, extras) if selected(t.target, export_only or [])]
    warnings = [w for w in demo_warnings(extras) if selected(w["target"], export_only or [])]
    return Export(task_id, postgres, tables, warnings, metadata_files_max=2).files()


# --- scenarios ------------------------------------------------------------------------------------------------------
def spec_export(spec):
    """An Export from one entry of a scenario file:
    {"prefix": "exports/shop", "task": "shop-2026-11-01", "engine": "postgres" | "mysql",
     "filesPerBatch": 3, "metadataFilesMax": 2, "rowGroupSize": 2, "dataPageSize": 64,     (optional)
     "warnings": [{"target": "shop", "status": "COMPLETE", "warningMessage": "..."}],    (optional, database level)
     "general": ["..."],                                                                   (optional, WarningMessage)
     "tables": [{"target": "shop.public.orders",
                 "columns": [{"name": "order_id", "originalType": "bigint", "exportedType": "int64"}, ...],
                 "partitions": [[["1", "x"], ["2", "y"]], [["3", "z"]]],   one list of rows per batch folder
                 "status": "COMPLETE" | "FAILED" | "SKIPPED", "layout": "batch" | "flat", "dataMissing": false,
                 "sizeGB": 0.01, "filesPerBatch": 2, "warningMessage": "..."}]}            (all optional)
    A column may carry originalCharMaxLength / originalNumPrecision / originalDateTimePrecision; otherwise they are
    derived from originalType."""
    postgres = spec.get("engine", "postgres").lower() in ("postgres", "postgresql", "aurora-postgresql")
    tables = []
    for t in spec.get("tables", []):
        columns = []
        for c in t.get("columns", []):
            mapping = type_mapping(postgres, c["name"], c["originalType"], c["exportedType"])
            mapping["originalType"] = c["originalType"]  # as the scenario spells it
            mapping.update({k: c[k] for k in ("originalCharMaxLength", "originalNumPrecision",
                                              "originalDateTimePrecision") if k in c})
            columns.append(mapping)
        tables.append(Table(t["target"], columns, t.get("partitions", []), flat=t.get("layout", "batch") == "flat",
                            status=t.get("status", "COMPLETE").upper(),
                            files_per_batch=t.get("filesPerBatch", spec.get("filesPerBatch", 1)),
                            data_missing=bool(t.get("dataMissing")), size_gb=t.get("sizeGB"),
                            warning_message=t.get("warningMessage")))
    return Export(spec["task"], postgres, tables, spec.get("warnings", []), spec.get("general", []),
                  spec.get("metadataFilesMax"), spec.get("rowGroupSize"), spec.get("dataPageSize"))


def write_scenario(specs, put):
    """Writes every export of specs through put(key, bytes); {task: {"warningMessage", "keys"}}."""
    result = {}
    for spec in specs:
        export = spec_export(spec)
        root = (spec.get("prefix", "").strip("/") + "/" if spec.get("prefix", "").strip("/") else "") + export.task + "/"
        files = export.files()
        for key, content in files.items():
            put(root + key, content)
        result[export.task] = {"warningMessage": export.warning_message(), "keys": len(files)}
    return result


def _main(argv):
    import argparse
    from concurrent.futures import ThreadPoolExecutor

    import boto3
    from botocore.config import Config

    parser = argparse.ArgumentParser(description="Write simulated RDS snapshot exports into S3.")
    commands = parser.add_subparsers(dest="command", required=True)
    write = commands.add_parser("write", help="write the exports of a scenario file")
    write.add_argument("--endpoint-url", required=True)
    write.add_argument("--bucket", required=True)
    write.add_argument("--spec", required=True, help="JSON file: a list of exports (see spec_export)")
    args = parser.parse_args(argv)

    with open(args.spec, encoding="utf-8") as f:
        specs = json.load(f)
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    s3 = boto3.client("s3", endpoint_url=args.endpoint_url, region_name=region,
                      config=Config(s3={"addressing_style": "path"}, max_pool_connections=16))
    with ThreadPoolExecutor(max_workers=8) as pool:
        pending = []
        result = write_scenario(specs, lambda key, body: pending.append(
            pool.submit(s3.put_object, Bucket=args.bucket, Key=key, Body=body)))
        for future in pending:
            future.result()  # raises the first failed upload
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
