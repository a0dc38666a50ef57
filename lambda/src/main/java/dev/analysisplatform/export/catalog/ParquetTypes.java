package dev.analysisplatform.export.catalog;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the Parquet type RDS reports for a column ({@code expectedExportedType}, e.g. {@code int64},
 * {@code binary (UTF8)}, {@code fixed_len_byte_array(5) (DECIMAL(10,2))}, {@code int64 (TIMESTAMP_MICROS)})
 * to the Glue/Athena type that reads it. The Parquet type decides, not the database type: RDS writes
 * PostgreSQL numeric, date and timestamp columns as UTF8 strings, and those must be declared as strings.
 *
 * <p>Every mapping is checked by reading real Parquet with Trino, the engine under Athena v3 (query-test/,
 * tools/rds-types.tsv). Athena reads a column only with a type its Parquet type converts to: a {@code string}
 * over an {@code int64} column fails every query ("Unsupported column type (varchar) for Parquet column"), so an
 * unknown annotation falls back to the type of the physical Parquet type, never to string.
 */
public final class ParquetTypes {

    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");
    /** Athena: "decimal(precision, scale) … precision … can be up to 38". */
    private static final int MAX_DECIMAL_PRECISION = 38;

    private ParquetTypes() {
    }

    /**
     * The Glue type, or {@code null} when the Parquet type or its annotation is not one this mapping knows (the
     * caller then uses {@link #physicalType} and warns).
     *
     * @param originalType the source column's type as RDS reports it ({@code originalType}); it only matters where
     *                     RDS leaves text unannotated: MySQL CHAR is a plain BYTE_ARRAY in AWS's conversion table.
     */
    public static String glueType(String exportedType, String originalType) {
        String type = exportedType == null ? "" : exportedType.strip();
        String upper = type.toUpperCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(upper);
        if (decimal.find()) {
            int precision = Integer.parseInt(decimal.group(1));
            return precision <= MAX_DECIMAL_PRECISION ? "decimal(" + precision + "," + decimal.group(2) + ")" : null;
        }
        if (upper.contains("(UTF8)") || upper.contains("(STRING)") || upper.contains("(ENUM)")
                || upper.contains("(JSON)")) {
            return "string";
        }
        if (upper.contains("TIMESTAMP") || upper.equals("INT96")) {
            return "timestamp";
        }
        if (upper.contains("(DATE)")) {
            return "date";
        }
        if (upper.equals("BINARY") && isCharacterType(originalType)) {
            return "string";
        }
        return switch (upper.replaceAll("\\s+", "")) {
            case "INT64", "INT64(INT_64)", "INT32(UINT_32)" -> "bigint";
            case "INT32", "INT32(INT_32)", "INT32(UINT_16)", "INT32(UINT_8)" -> "int";
            case "INT32(INT_16)" -> "smallint";
            case "INT32(INT_8)" -> "tinyint";
            case "BOOLEAN" -> "boolean";
            case "DOUBLE" -> "double";
            case "FLOAT" -> "float";
            case "BINARY" -> "binary";
            default -> upper.startsWith("FIXED_LEN_BYTE_ARRAY") && !upper.contains("(") ? "binary" : null;
        };
    }

    /**
     * What the physical Parquet type alone can be read as: the fallback for an annotation this mapping does not
     * know (e.g. {@code int64 (UINT_64)}, a decimal beyond Athena's precision), so the table stays readable.
     */
    public static String physicalType(String exportedType) {
        String upper = exportedType == null ? "" : exportedType.strip().toUpperCase(Locale.ROOT);
        if (upper.startsWith("INT64")) {
            return "bigint";
        }
        if (upper.startsWith("INT32")) {
            return "int";
        }
        if (upper.startsWith("INT96")) {
            return "timestamp";
        }
        if (upper.startsWith("BOOLEAN")) {
            return "boolean";
        }
        if (upper.startsWith("DOUBLE")) {
            return "double";
        }
        if (upper.startsWith("FLOAT")) {
            return "float";
        }
        return "binary";
    }

    private static boolean isCharacterType(String originalType) {
        String original = originalType == null ? "" : originalType.strip().toLowerCase(Locale.ROOT);
        return original.startsWith("char") || original.startsWith("varchar") || original.startsWith("character");
    }
}
