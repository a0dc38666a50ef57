"""A small Parquet writer for the export simulation: RDS's column types, exactly, without pyarrow (PyPI is not reachable
here, and Python's standard library is enough for the subset RDS writes).

What it writes: one row group, flat OPTIONAL columns, PLAIN values, data page v1 with RLE definition levels, GZIP pages
(RDS names its files *.gz.parquet). Each column is described the way RDS describes it in export_tables_info_*.json,
e.g. "int64", "binary (UTF8)", "fixed_len_byte_array(9) (DECIMAL(20,0))", "int64 (TIMESTAMP_MICROS)", "int32 (INT_16)",
and is written with that physical type and that annotation (both the legacy ConvertedType and the LogicalType), so a
reader sees what it would see in RDS's files.

Format reference: https://github.com/apache/parquet-format (parquet.thrift, Encodings.md); Thrift compact protocol.
"""
import datetime
import decimal
import gzip
import re
import struct

MAGIC = b"PAR1"

# parquet.thrift enums
_PHYSICAL = {"boolean": 0, "int32": 1, "int64": 2, "int96": 3, "float": 4, "double": 5, "binary": 6,
             "fixed_len_byte_array": 7}
_CONVERTED = {"UTF8": 0, "ENUM": 4, "DECIMAL": 5, "DATE": 6, "TIMESTAMP_MILLIS": 9, "TIMESTAMP_MICROS": 10,
              "UINT_8": 11, "UINT_16": 12, "UINT_32": 13, "UINT_64": 14, "INT_8": 15, "INT_16": 16, "INT_32": 17,
              "INT_64": 18, "JSON": 19}
_OPTIONAL, _PLAIN, _RLE, _GZIP, _DATA_PAGE = 1, 0, 3, 2, 0

_TYPE = re.compile(r"^\s*([a-z0-9_]+)(?:\((\d+)\))?\s*(?:\((.+)\))?\s*$")
_DECIMAL = re.compile(r"^DECIMAL\((\d+),\s*(\d+)\)$")


class Column:
    """One column as RDS reports it: name and expectedExportedType."""

    def __init__(self, name, exported_type):
        match = _TYPE.match(exported_type.lower())
        if not match or match.group(1) not in _PHYSICAL:
            raise ValueError(f"unsupported Parquet type {exported_type!r} for column {name!r}")
        self.name = name
        self.physical = match.group(1)
        self.length = int(match.group(2)) if match.group(2) else None
        self.annotation = match.group(3).upper().replace(" ", "") if match.group(3) else None
        self.precision = self.scale = None
        if self.annotation and _DECIMAL.match(self.annotation):
            self.precision, self.scale = (int(g) for g in _DECIMAL.match(self.annotation).groups())
        elif self.annotation and self.annotation not in _CONVERTED:
            raise ValueError(f"unsupported annotation {self.annotation!r} for column {name!r}")
        if self.physical == "fixed_len_byte_array" and not self.length:
            raise ValueError(f"fixed_len_byte_array needs a length (column {name!r})")

    def schema_element(self):
        converted = _CONVERTED["DECIMAL"] if self.precision is not None else _CONVERTED.get(self.annotation)
        return [(1, "i32", _PHYSICAL[self.physical]), (2, "i32", self.length), (3, "i32", _OPTIONAL),
                (4, "bin", self.name), (6, "i32", converted), (7, "i32", self.scale), (8, "i32", self.precision),
                (10, "struct", self._logical_type())]

    def _logical_type(self):
        if self.precision is not None:
            return [(5, "struct", [(1, "i32", self.scale), (2, "i32", self.precision)])]
        a = self.annotation
        if a is None:
            return None
        if a == "UTF8":
            return [(1, "struct", [])]
        if a in ("ENUM", "DATE", "JSON"):
            return [({"ENUM": 4, "DATE": 6, "JSON": 12}[a], "struct", [])]
        if a.startswith("TIMESTAMP_"):
            unit = 1 if a.endswith("MILLIS") else 2
            return [(8, "struct", [(1, "bool", True), (2, "struct", [(unit, "struct", [])])])]
        width, signed = int(a.split("_")[1]), a.startswith("INT")
        return [(10, "struct", [(1, "byte", width), (2, "bool", signed)])]

    def encode(self, value):
        """PLAIN bytes of one non-null value, given as text (hex for binary with a 0x prefix)."""
        p = self.physical
        if self.precision is not None:
            # Python's default decimal context keeps 28 digits; Parquet decimals have up to 38.
            exact = decimal.Context(prec=100, traps=[decimal.Inexact])
            unscaled = int(decimal.Decimal(value).scaleb(self.scale, exact).to_integral_exact(context=exact))
            if p == "int32":
                return struct.pack("<i", unscaled)
            if p == "int64":
                return struct.pack("<q", unscaled)
            return unscaled.to_bytes(self.length, "big", signed=True)
        if self.annotation in ("TIMESTAMP_MICROS", "TIMESTAMP_MILLIS"):
            moment = datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.timezone.utc)
            delta = moment - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
            micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
            return struct.pack("<q", micros if self.annotation.endswith("MICROS") else micros // 1000)
        if self.annotation == "DATE":
            return struct.pack("<i", (datetime.date.fromisoformat(value) - datetime.date(1970, 1, 1)).days)
        if p == "int32":
            return struct.pack("<i", int(value))
        if p == "int64":
            return struct.pack("<q", int(value))
        if p == "float":
            return struct.pack("<f", float(value))
        if p == "double":
            return struct.pack("<d", float(value))
        raw = bytes.fromhex(value[2:]) if value.startswith("0x") and self.annotation is None else value.encode()
        if p == "fixed_len_byte_array":
            if len(raw) != self.length:
                raise ValueError(f"{self.name}: {len(raw)} bytes for fixed_len_byte_array({self.length})")
            return raw
        if p == "binary":
            return struct.pack("<I", len(raw)) + raw
        raise ValueError(f"{self.name}: cannot write {p}")


def write(columns, rows, created_by="analysis-platform export simulation (RDS layout)"):
    """The bytes of a Parquet file: columns (Column), rows (lists of text values or None)."""
    out = bytearray(MAGIC)
    chunks = []
    for index, column in enumerate(columns):
        values = [row[index] for row in rows]
        levels = _rle_levels([0 if v is None else 1 for v in values])
        if column.physical == "boolean":
            bits = [v == "true" for v in values if v is not None]
            data = bytes(sum(1 << i for i, bit in enumerate(bits[b:b + 8]) if bit) for b in range(0, len(bits), 8))
        else:
            data = b"".join(column.encode(v) for v in values if v is not None)
        page = struct.pack("<I", len(levels)) + levels + data
        compressed = gzip.compress(page, mtime=0)
        header = _struct([(1, "i32", _DATA_PAGE), (2, "i32", len(page)), (3, "i32", len(compressed)),
                          (5, "struct", [(1, "i32", len(rows)), (2, "i32", _PLAIN), (3, "i32", _RLE),
                                         (4, "i32", _RLE)])])
        offset = len(out)
        out += header + compressed
        chunks.append([(2, "i64", offset), (3, "struct", [
            (1, "i32", _PHYSICAL[column.physical]), (2, "list", ("i32", [_PLAIN, _RLE])),
            (3, "list", ("bin", [column.name])), (4, "i32", _GZIP), (5, "i64", len(rows)),
            (6, "i64", len(header) + len(page)), (7, "i64", len(header) + len(compressed)), (9, "i64", offset)])])
    schema = [[(4, "bin", "schema"), (5, "i32", len(columns))]] + [c.schema_element() for c in columns]
    footer = _struct([(1, "i32", 1), (2, "list", ("struct", schema)), (3, "i64", len(rows)),
                      (4, "list", ("struct", [[(1, "list", ("struct", chunks)), (2, "i64", len(out) - 4),
                                               (3, "i64", len(rows))]])),
                      (6, "bin", created_by)])
    return bytes(out + footer + struct.pack("<I", len(footer)) + MAGIC)


def _rle_levels(levels):
    """Definition levels (bit width 1) in the RLE/bit-packed hybrid: RLE runs only."""
    out, i = bytearray(), 0
    while i < len(levels):
        j = i
        while j < len(levels) and levels[j] == levels[i]:
            j += 1
        out += _varint((j - i) << 1) + bytes([levels[i]])
        i = j
    return bytes(out)


# --- Thrift compact protocol: structs as lists of (field id, kind, value); None values are left out ---
_CTYPE = {"byte": 3, "i32": 5, "i64": 6, "bin": 8, "list": 9, "struct": 12}


def _varint(n):
    out = bytearray()
    while True:
        if n < 0x80:
            out.append(n)
            return bytes(out)
        out.append((n & 0x7F) | 0x80)
        n >>= 7


def _zigzag(n):
    return _varint((n << 1) ^ (n >> 63))


def _struct(fields):
    out, last = bytearray(), 0
    for fid, kind, value in fields:
        if value is None:
            continue
        ctype = (1 if value else 2) if kind == "bool" else _CTYPE[kind]
        out += bytes([(fid - last) << 4 | ctype]) if 0 < fid - last <= 15 else bytes([ctype]) + _zigzag(fid)
        last = fid
        if kind != "bool":
            out += _value(kind, value)
    return bytes(out + b"\x00")


def _value(kind, value):
    if kind in ("i32", "i64"):
        return _zigzag(value)
    if kind == "byte":
        return bytes([value & 0xFF])
    if kind == "bin":
        raw = value.encode() if isinstance(value, str) else value
        return _varint(len(raw)) + raw
    if kind == "struct":
        return _struct(value)
    element, items = value
    head = bytes([len(items) << 4 | _CTYPE[element]]) if len(items) < 15 else bytes([0xF0 | _CTYPE[element]]) + _varint(len(items))
    return head + b"".join(_value(element, item) for item in items)
