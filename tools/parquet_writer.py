"""Parquet files as RDS's snapshot export writes them, for the export simulation, written with pyarrow.

Why this exists: RDS exports every table of a snapshot to S3 as GZIP-compressed Parquet (`*.gz.parquet`; AWS RDS User
Guide, "Exporting DB snapshot data to Amazon S3" and "File naming conventions for exports to Amazon S3",
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/export-snapshot-file-naming.html), and describes each column
in export_tables_info_*.json by the Parquet type it wrote ("expectedExportedType"), e.g. "int64", "binary (UTF8)",
"fixed_len_byte_array(9) (DECIMAL(20,0))", "int64 (TIMESTAMP_MICROS)", "int32 (INT_16)". The simulation writes each
column with that physical type and that annotation (pyarrow writes both the legacy ConvertedType and the
LogicalType), configured as RDS's files are: GZIP, dictionary encoding, column statistics, several pages and row
groups when the data is large enough (`row_group_size` rows per row group and `data_page_size` bytes per page make
them occur with small test data).

Values are given as text, the way tools/rds-types.tsv holds them (None is NULL), and converted per type exactly as
the former hand-written writer did (git history: tools/parquet_writer.py before pyarrow):
  decimals      exact decimal text ("-99999999.99"); more fractional digits than the scale is an error
  timestamps    ISO text "2024-02-29 23:59:59.123456", taken as UTC (an offset in the text is ignored)
  DATE          "2024-02-29"
  boolean       "true" is true, anything else false
  int/float     Python int()/float() text
  binary        "0x…" is hex for raw bytes when the column has no annotation; any other text is its UTF-8 bytes
  UTF8/JSON/ENUM the text itself

What pyarrow cannot write exactly (Column.deviation says it per column; a reader interprets the written type the
same way as the one RDS reports):
  - ENUM (binary (ENUM)): Arrow has no enum string type; written as binary (UTF8), which readers (Spark, Trino,
    Athena) map to the same string type they use for ENUM.
  - INT_32 on int32 and INT_64 on int64: pyarrow writes these plain, without the annotation (signed 32/64-bit is
    what the plain physical type means anyway).
  - Decimals: pyarrow chooses the physical type from the precision alone. A FIXED_LEN_BYTE_ARRAY decimal gets the
    smallest length that holds the precision (what RDS reports for every type in tools/rds-types.tsv: 5 bytes for
    DECIMAL(10,2), 9 for (20,0), 16 for (38,10)); another length is written with pyarrow's. int32/int64 decimals
    need pyarrow's file-wide store_decimal_as_integer, which also turns every FIXED_LEN_BYTE_ARRAY decimal of
    precision <= 18 into int32/int64: when a file has both kinds (MySQL's all_types: DECIMAL(9,2) as int32 and
    NUMERIC(10,2) as fixed_len_byte_array(5)), the int32/int64 decimals are written as FIXED_LEN_BYTE_ARRAY.
    binary (DECIMAL(p,s)) is not supported (neither RDS's documented mappings nor pyarrow use it).
  - int96 is not supported (RDS does not report it for any type; pyarrow writes it only for legacy timestamps).
  - created_by is pyarrow's ("parquet-cpp-arrow version …"), not parquet-mr's; no Arrow schema is stored in the
    footer (store_schema=False), so a reader sees the Parquet schema alone, as with RDS's files.
"""
import datetime
import decimal
import io
import re

import pyarrow as pa
import pyarrow.parquet as pq

_PHYSICAL = ("boolean", "int32", "int64", "int96", "float", "double", "binary", "fixed_len_byte_array")
_INTEGER = {"INT_8": (pa.int8(), "int32"), "INT_16": (pa.int16(), "int32"), "INT_32": (pa.int32(), "int32"),
            "INT_64": (pa.int64(), "int64"), "UINT_8": (pa.uint8(), "int32"), "UINT_16": (pa.uint16(), "int32"),
            "UINT_32": (pa.uint32(), "int32"), "UINT_64": (pa.uint64(), "int64")}
_PLAIN = {"boolean": pa.bool_(), "int32": pa.int32(), "int64": pa.int64(), "float": pa.float32(),
          "double": pa.float64(), "binary": pa.binary()}
_ANNOTATIONS = {"UTF8", "ENUM", "JSON", "DATE", "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS", *_INTEGER}

_TYPE = re.compile(r"^\s*([a-z0-9_]+)(?:\((\d+)\))?\s*(?:\((.+)\))?\s*$")
_DECIMAL = re.compile(r"^DECIMAL\((\d+),\s*(\d+)\)$")
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_EXACT = decimal.Context(prec=100, traps=[decimal.Inexact])  # default context keeps 28 digits; Parquet has up to 76


def decimal_length(precision):
    """Bytes of the FIXED_LEN_BYTE_ARRAY pyarrow (and parquet-mr) uses for a decimal: the fewest that hold it."""
    length = 1
    while 10 ** precision - 1 >= 2 ** (8 * length - 1):
        length += 1
    return length


class Column:
    """One column as RDS reports it: name and expectedExportedType."""

    def __init__(self, name, exported_type):
        match = _TYPE.match(exported_type.lower())
        if not match or match.group(1) not in _PHYSICAL:
            raise ValueError(f"unsupported Parquet type {exported_type!r} for column {name!r}")
        self.name = name
        self.exported_type = exported_type
        self.physical = match.group(1)
        self.length = int(match.group(2)) if match.group(2) else None
        self.annotation = match.group(3).upper().replace(" ", "") if match.group(3) else None
        self.precision = self.scale = None
        self.deviation = None  # how the written type differs from exported_type, if it does
        if self.annotation and _DECIMAL.match(self.annotation):
            self.precision, self.scale = (int(g) for g in _DECIMAL.match(self.annotation).groups())
        elif self.annotation and self.annotation not in _ANNOTATIONS:
            raise ValueError(f"unsupported annotation {self.annotation!r} for column {name!r}")
        if self.physical == "fixed_len_byte_array" and not self.length:
            raise ValueError(f"fixed_len_byte_array needs a length (column {name!r})")
        self.arrow_type = self._arrow_type()

    def _arrow_type(self):
        p, a = self.physical, self.annotation
        wrong = ValueError(f"{self.name}: {self.exported_type!r} is not a type RDS writes or pyarrow can write")
        if self.precision is not None:
            if p == "fixed_len_byte_array":
                if self.length != decimal_length(self.precision):
                    self.deviation = (f"fixed_len_byte_array({decimal_length(self.precision)}) "
                                      f"(DECIMAL({self.precision},{self.scale})): pyarrow's length for the precision")
            elif p == "int32" and self.precision > 9 or p == "int64" and self.precision > 18 or p not in (
                    "int32", "int64", "fixed_len_byte_array"):
                raise wrong
            elif p == "int64" and self.precision <= 9:
                self.deviation = f"int32 (DECIMAL({self.precision},{self.scale})): pyarrow's type for the precision"
            return (pa.decimal128 if self.precision <= 38 else pa.decimal256)(self.precision, self.scale)
        if a is None:
            if p == "fixed_len_byte_array":
                return pa.binary(self.length)
            if p not in _PLAIN:
                raise wrong
            return _PLAIN[p]
        if a in ("UTF8", "ENUM", "JSON"):
            if p != "binary":
                raise wrong
            if a == "ENUM":
                self.deviation = "binary (UTF8): pyarrow cannot write the ENUM annotation"
            return pa.json_() if a == "JSON" else pa.string()
        if a.startswith("TIMESTAMP_"):
            if p != "int64":
                raise wrong
            return pa.timestamp("ms" if a.endswith("MILLIS") else "us", "UTC")
        if a == "DATE":
            if p != "int32":
                raise wrong
            return pa.date32()
        arrow, physical = _INTEGER[a]
        if p != physical:
            raise wrong
        if a in ("INT_32", "INT_64"):
            self.deviation = f"{p}: pyarrow writes signed {p} without the {a} annotation"
        return arrow

    def value(self, text):
        """The Python value pyarrow writes for one value given as text (None is NULL)."""
        if text is None:
            return None
        p, a = self.physical, self.annotation
        if self.precision is not None:
            unscaled = int(decimal.Decimal(text).scaleb(self.scale, _EXACT).to_integral_exact(context=_EXACT))
            return decimal.Decimal(unscaled).scaleb(-self.scale, _EXACT)
        if a in ("TIMESTAMP_MICROS", "TIMESTAMP_MILLIS"):
            moment = datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.timezone.utc)
            delta = moment - _EPOCH
            micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
            return micros if a.endswith("MICROS") else micros // 1000
        if a == "DATE":
            return datetime.date.fromisoformat(text)
        if p == "boolean":
            return text == "true"
        if p in ("int32", "int64"):
            return int(text)
        if p in ("float", "double"):
            return float(text)
        if a is not None:  # UTF8, JSON, ENUM
            return text
        raw = bytes.fromhex(text[2:]) if text.startswith("0x") else text.encode()
        if p == "fixed_len_byte_array" and len(raw) != self.length:
            raise ValueError(f"{self.name}: {len(raw)} bytes for fixed_len_byte_array({self.length})")
        return raw


def _integer_decimals(columns):
    """Whether int32/int64 decimals can be written as such (pyarrow's store_decimal_as_integer is per file)."""
    wanted = any(c.precision is not None and c.physical in ("int32", "int64") for c in columns)
    conflict = any(c.precision is not None and c.physical == "fixed_len_byte_array" and c.precision <= 18
                   for c in columns)
    return wanted and not conflict


def deviations(columns):
    """{column name: the type written} for every column not written exactly as RDS reports it."""
    integer_decimals = _integer_decimals(columns)
    found = {c.name: c.deviation for c in columns if c.deviation}
    for c in columns:
        if c.precision is not None and c.physical in ("int32", "int64") and not integer_decimals:
            found[c.name] = (f"fixed_len_byte_array({decimal_length(c.precision)}) (DECIMAL({c.precision},{c.scale}))"
                             ": pyarrow's store_decimal_as_integer is per file and the file has a"
                             " fixed_len_byte_array decimal of precision <= 18")
    return found


def write(columns, rows, row_group_size=None, data_page_size=None):
    """The bytes of a Parquet file: columns (Column), rows (lists of text values or None).

    row_group_size: rows per row group (pyarrow's default, 1Mi rows, otherwise); data_page_size: bytes per data page
    (1 MiB otherwise). With a data_page_size, the writer checks the page size every few values (write_batch_size),
    so that small limits give several pages even for a few rows.
    """
    arrays = []
    for index, column in enumerate(columns):
        arrays.append(pa.array([column.value(row[index]) for row in rows], type=column.arrow_type))
    table = pa.Table.from_arrays(arrays, schema=pa.schema([pa.field(c.name, c.arrow_type) for c in columns]))
    sink = io.BytesIO()
    options = {}
    if data_page_size:
        options.update(data_page_size=data_page_size, write_batch_size=max(1, min(1024, data_page_size // 16)))
    pq.write_table(table, sink, row_group_size=row_group_size, compression="gzip", use_dictionary=True,
                   write_statistics=True, store_schema=False, store_decimal_as_integer=_integer_decimals(columns),
                   version="2.6", data_page_version="1.0", **options)
    return sink.getvalue()
