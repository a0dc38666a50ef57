"""What an RDS snapshot export writes into S3, for a demo database, so registration and queries have real input.

RDS writes, under <S3Prefix>/<ExportTaskIdentifier>/ (RDS User Guide, "File naming convention"):
  export_info_<task>.json, export_tables_info_<task>_from_1_to_<n>.json
  <database>/<schema.table>/<partition index>/part-00000-<uuid>.gz.parquet   (current convention)
  <database>/<schema.table>/part-<partition index>-<uuid>.gz.parquet         (older convention)
In folder names RDS replaces a space, backslash, backtick or double quote in a name with an underscore.

The demo database holds a few business tables and one table per engine with every column type of tools/rds-types.tsv
(both file conventions), written with the Parquet type RDS documents for each type (tools/parquet_writer.py).
"""
import json
import os
import re

import parquet_writer

_TYPES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rds-types.tsv")


def _type_rows(engine):
    with open(_TYPES_FILE, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if not line.startswith("#")]
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:] if line]
    return [r for r in rows if r["engine"] == engine]


class Table:
    def __init__(self, target, columns, partitions, flat=False):
        self.target = target                # database.table or database.schema.table, as RDS names it
        self.columns = columns              # (name, source type, Parquet type as RDS reports it)
        self.partitions = partitions        # one list of rows per partition
        self.flat = flat                    # the older file convention

    def folder(self):
        """<database>/<schema.table>/; MySQL has no schemas, and RDS writes <database>/<database.table>/."""
        parts = self.target.split(".")
        database, schema_table = parts[0], ".".join(parts[1:] if len(parts) == 3 else parts)
        return "/".join(re.sub(r'[ \\`"]', "_", part) for part in (database, schema_table)) + "/"


def _all_types(engine, target, flat):
    rows = _type_rows(engine)
    columns = [("id", "bigint", "int64")] + [(r["column"], r["source_type"].lower(), r["parquet"]) for r in rows]
    # One row with every value, one with every column NULL (definition levels are part of what is read).
    return Table(target, columns, [[["1"] + [r["value"] for r in rows]], [["2"] + [None] * len(rows)]], flat)


def demo_tables(postgres):
    if postgres:
        return [
            Table("demo.public.orders", [("order_id", "bigint", "int64"), ("total", "numeric", "binary (UTF8)"),
                                         ("ordered_at", "timestamp without time zone", "binary (UTF8)")],
                  [[["1", "19.99", "2024-02-28 10:00:00"], ["2", "5.00", "2024-02-28 11:30:00"]],
                   [["3", "120.50", "2024-02-29 09:15:00"]]]),
            Table("demo.public.order lines", [("order_id", "bigint", "int64"), ("sku", "text", "binary (UTF8)"),
                                              ("quantity", "integer", "int32")],
                  [[["1", "A-100", "2"], ["3", "B-200", "1"]]]),
            _all_types("postgres", "demo.public.all_types", False),
            _all_types("postgres", "demo.public.all_types_flat", True),
        ]
    return [
        Table("demo.invoices", [("invoice_id", "bigint", "int64"),
                                ("amount", "decimal", "fixed_len_byte_array(5) (DECIMAL(10,2))"),
                                ("issued_at", "datetime", "int64 (TIMESTAMP_MICROS)")],
              [[["10", "250.00", "2024-02-28 08:00:00"], ["11", "99.95", "2024-02-29 17:45:00"]]]),
        _all_types("mysql", "demo.all_types", False),
        _all_types("mysql", "demo.all_types_flat", True),
    ]


def selected(table, export_only):
    """ExportOnly: database, database.schema or database[.schema].table; nothing listed means everything."""
    return not export_only or any(table.target == e or table.target.startswith(e + ".") for e in export_only)


def export_files(task_id, postgres, export_only=None):
    """{key relative to <prefix>/<task>/: bytes} for one completed export."""
    files, statuses = {}, []
    for table in demo_tables(postgres):
        if not selected(table, export_only or []):
            continue
        columns = [parquet_writer.Column(name, parquet) for name, _, parquet in table.columns]
        for index, rows in enumerate(table.partitions, start=1):
            name = (f"part-{index - 1:05d}-{task_id}-c000.gz.parquet" if table.flat
                    else f"{index}/part-00000-{task_id}-c000.gz.parquet")
            files[table.folder() + name] = parquet_writer.write(columns, rows)
        statuses.append({"status": "COMPLETE", "target": table.target, "sizeGB": 0.0, "schemaMetadata": {
            "originalTypeMappings": [{"columnName": name, "originalType": source, "expectedExportedType": parquet}
                                     for name, source, parquet in table.columns]}})
    files[f"export_info_{task_id}.json"] = json.dumps({"exportTaskIdentifier": task_id, "status": "COMPLETE"}).encode()
    files[f"export_tables_info_{task_id}_from_1_to_{len(statuses)}.json"] = json.dumps(
        {"perTableStatus": statuses}).encode()
    return files
