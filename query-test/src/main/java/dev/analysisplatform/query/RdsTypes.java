package dev.analysisplatform.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code tools/rds-types.tsv}: per source column type, the Parquet type RDS writes, the value the export simulation
 * writes, the Glue type registration must choose, and the value Athena (Trino) must return. The same file drives the
 * emulator's Parquet files, the query test and the README's type table, so the three cannot disagree.
 */
public record RdsTypes(List<RdsType> types) {

    public record RdsType(String engine, String sourceType, String column, String parquet, String value,
                          String glueType, String literal, String note) {
    }

    public static RdsTypes read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.startsWith("#") && !line.isEmpty()).toList();
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        if (!header.equals(List.of("engine", "source_type", "column", "parquet", "value", "glue_type", "literal", "note"))) {
            throw new IllegalArgumentException(file + ": unexpected header " + header);
        }
        List<RdsType> types = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f.length != header.size()) {
                throw new IllegalArgumentException(file + ": " + f.length + " fields in: " + line);
            }
            types.add(new RdsType(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]));
        }
        return new RdsTypes(List.copyOf(types));
    }

    public List<RdsType> of(String engine) {
        return types.stream().filter(t -> t.engine().equals(engine)).toList();
    }

    /** The README's table: one row per source type, Athena's type as Trino names it. */
    public String markdown() {
        StringBuilder out = new StringBuilder("| Engine | Source type | RDS writes (Parquet) | Athena type | Note |\n")
                .append("|---|---|---|---|---|\n");
        for (RdsType t : types) {
            out.append("| ").append(t.engine().equals("mysql") ? "MySQL/MariaDB" : "PostgreSQL")
                    .append(" | ").append(t.sourceType())
                    .append(" | `").append(t.parquet()).append('`')
                    .append(" | ").append(athenaName(t.glueType()))
                    .append(" | ").append(t.note().replace("|", "\\|"))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** Glue (Hive) type names as analysts see them in Athena. */
    static String athenaName(String glueType) {
        return switch (glueType) {
            case "string" -> "varchar";
            case "int" -> "integer";
            case "binary" -> "varbinary";
            case "float" -> "real";
            default -> glueType;
        };
    }
}
