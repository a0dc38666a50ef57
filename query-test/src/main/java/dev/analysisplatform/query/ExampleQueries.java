package dev.analysisplatform.query;

import io.trino.testing.MaterializedResult;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.InputStreamReader;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import io.trino.testing.MaterializedRow;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of {@code ./run-local}: the README's example queries against what the run exported and registered, read
 * through the emulator's Glue catalog by Trino (Athena engine v3's engine). Run with a JDK 25:
 * {@code ExampleQueries <endpoint> <region> <glue database> [--on-go]}. With {@code --on-go} Trino starts at once
 * and the queries wait for a line {@code go} on standard input (any other line or its end: exit without querying),
 * so that Trino's ten-second start overlaps the deployment instead of following it. With
 * {@code --sql "<query>" ...} it runs those queries instead (what {@code ./run-local --serve} prints how to use).
 */
public final class ExampleQueries {

    /** The README shows these two under "Two commands"; QueryabilityIntegrationTest keeps the two in step. */
    public static final List<String> QUERIES = List.of(
            "SELECT order_id, CAST(total AS decimal(12,2)) AS total, CAST(ordered_at AS timestamp) AS ordered_at "
                    + "FROM shop_orders_demo_public_orders ORDER BY order_id",
            "SELECT export_task, count(*) AS row_count, sum(amount) AS amount "
                    + "FROM shop_billing_demo_invoices_history GROUP BY export_task ORDER BY export_task");

    /** Trino's logging takes over System.out once it starts; results go to the process's own stdout. */
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    /** The flag that makes the queries wait for "go" on standard input. */
    public static final String ON_GO = "--on-go";
    /** The flag after which every argument is a query of the user's. */
    public static final String SQL = "--sql";

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private ExampleQueries() {
    }

    public static void main(String[] args) throws Exception {
        boolean onGo = args.length == 4 && args[3].equals(ON_GO);
        boolean own = args.length >= 5 && args[3].equals(SQL);
        if (args.length != 3 && !onGo && !own) {
            System.err.println("usage: ExampleQueries <endpoint> <region> <glue database> [" + ON_GO + " | " + SQL
                    + " \"<query>\" ...]");
            System.exit(2);
        }
        List<String> queries = own ? List.of(args).subList(4, args.length) : QUERIES;
        long started = System.nanoTime();
        try (GlueTrino trino = GlueTrino.start(args[0], args[1], args[2])) {
            double startSeconds = (System.nanoTime() - started) / 1e9;
            if (onGo && !"go".equals(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine())) {
                return;
            }
            OUT.printf("  Trino %s started in %.1f s (Hive connector on the emulator's Glue catalog and S3)%n",
                    "483", startSeconds);
            for (String sql : queries) {
                long queryStarted = System.nanoTime();
                MaterializedResult result = trino.query(sql);
                OUT.printf("  %n  %s;%n", sql);
                print(result);
                OUT.printf("  (%d row%s, %.1f s)%n", result.getRowCount(), result.getRowCount() == 1 ? "" : "s",
                        (System.nanoTime() - queryStarted) / 1e9);
            }
        }
    }

    private static void print(MaterializedResult result) {
        List<String> header = result.getColumnNames();
        List<List<String>> rows = new ArrayList<>();
        for (MaterializedRow row : result.getMaterializedRows()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.getFieldCount(); i++) {
                Object value = row.getField(i);
                cells.add(value instanceof LocalDateTime time ? time.format(TIMESTAMP) : String.valueOf(value));
            }
            rows.add(cells);
        }
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        line(header, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(rule, widths);
        rows.forEach(row -> line(row, widths));
    }

    private static void line(List<String> cells, int[] widths) {
        StringBuilder out = new StringBuilder("  ");
        for (int i = 0; i < cells.size(); i++) {
            out.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", cells.get(i)));
        }
        OUT.println(out.toString().stripTrailing());
    }
}
