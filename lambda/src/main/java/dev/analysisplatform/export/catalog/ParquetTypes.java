package dev.analysisplatform.export.catalog;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the Parquet type RDS reports for a column ({@code expectedExportedType}, e.g. {@code int64},
 * {@code binary (UTF8)}, {@code fixed_len_byte_array(5) (DECIMAL(10,2))}, {@code int64 (TIMESTAMP_MICROS)})
 * to the Glue/Athena type that reads it. The Parquet type decides, not the database type: RDS writes
 * PostgreSQL numeric, date and timestamp columns as UTF8 strings, and those must be declared as strings.
 */
public final class ParquetTypes {

    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

    private ParquetTypes() {
    }

    /** The Glue type, or {@code null} when the Parquet type is unknown (the caller decides what to do). */
    public static String glueType(String exportedType) {
        String type = exportedType == null ? "" : exportedType.strip();
        String upper = type.toUpperCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(upper);
        if (decimal.find()) {
            return "decimal(" + decimal.group(1) + "," + decimal.group(2) + ")";
        }
        if (upper.contains("(UTF8)") || upper.contains("(STRING)") || upper.contains("(ENUM)")
                || upper.contains("(JSON)") || upper.contains("(UUID)")) {
            return "string";
        }
        if (upper.contains("TIMESTAMP") || upper.startsWith("INT96")) {
            return "timestamp";
        }
        if (upper.contains("(DATE)")) {
            return "date";
        }
        if (upper.startsWith("INT64")) {
            // Unsigned 64-bit values do not fit a signed bigint.
            return upper.contains("UINT_64") ? "decimal(20,0)" : "bigint";
        }
        if (upper.startsWith("INT32")) {
            return upper.contains("UINT_32") ? "bigint" : "int";
        }
        if (upper.equals("BOOLEAN")) {
            return "boolean";
        }
        if (upper.equals("DOUBLE")) {
            return "double";
        }
        if (upper.equals("FLOAT")) {
            return "float";
        }
        if (upper.equals("BINARY") || upper.startsWith("FIXED_LEN_BYTE_ARRAY")) {
            return "binary";
        }
        return null;
    }
}
