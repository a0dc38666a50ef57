package dev.analysisplatform.contract;

/**
 * Where a run keeps what would not fit in a state (Step Functions caps each at 256 KiB): under {@value #PREFIX}/ in
 * the export bucket, outside the export prefix analysts read, for {@value #RETENTION_DAYS} days (as long as Step
 * Functions keeps an execution's history, after which its name may be used again). Terraform writes the configured
 * sources beside them (they must not expire); the planner
 * writes the run's plan (one object per source account and region, and their index, which the Distributed Maps read
 * with ItemReader); each source's child execution writes its outcome; the summary function writes the run's report.
 *
 * <pre>
 * configuration/sources.json                   every configured source (Terraform)
 * runs/&lt;execution&gt;/plan/groups.json           [{"account", "region", "key", "sources"}] (planner)
 * runs/&lt;execution&gt;/plan/&lt;account&gt;-&lt;region&gt;.json  the exporter inputs of one group (planner)
 * runs/&lt;execution&gt;/outcomes/&lt;source&gt;.json    one source's outcome (its child execution)
 * runs/map-results/&lt;map run&gt;/...            the Distributed Maps' ResultWriter output
 * runs/&lt;execution&gt;/summary.json             every outcome and the counts (summary function)
 * </pre>
 */
public final class RunRecords {

    public static final String PREFIX = "runs";
    public static final String CONFIGURED_SOURCES_KEY = "configuration/sources.json";
    public static final int RETENTION_DAYS = 90;
    /** A States.Format template with the run and the source name, so the definition and Java agree on the key. */
    public static final String OUTCOME_KEY_TEMPLATE = PREFIX + "/{}/outcomes/{}.json";
    /**
     * The Distributed Maps' ResultWriter prefix; Step Functions adds the map run's id. A constant: engines disagree on
     * what a path in ResultWriter's Parameters reads (moto's reads the map's result, not its input).
     */
    public static final String MAP_RESULTS_PREFIX = PREFIX + "/map-results";

    /** The plan index's fields: one entry per source account and region. */
    public static final String ACCOUNT = "account";
    public static final String REGION = "region";
    public static final String KEY = "key";
    public static final String SOURCES = "sources";

    /** The summary function's output (and the fields the definition reads from it). */
    public static final String TOTAL = "total";
    public static final String FAILED = "failed";
    public static final String ANY_FAILED = "anyFailed";
    public static final String ANY_STALE = "anyStale";
    /** At most {@link #NAMED_IN_SUMMARY} "source: error in step" lines; the report has all. */
    public static final String FAILURES = "failures";
    /** At most {@link #NAMED_IN_SUMMARY} sources' samples of stale tables. */
    public static final String STALE_TABLES = "staleTables";
    public static final String REPORT = "report";
    public static final String COUNTS = "counts";
    public static final String OUTCOMES = "outcomes";
    /**
     * What the summary names, at most: its lines (a source name, an error name and a step, each bounded) stay far
     * inside the 32,768 characters AWS keeps of a failure cause.
     */
    public static final int NAMED_IN_SUMMARY = 25;
    /** The longest line the summary keeps of one source's failure (error names come from code, but are not ours). */
    public static final int MAX_LINE_CHARACTERS = 300;

    private RunRecords() {
    }

    public static String runPrefix(String run) {
        return PREFIX + "/" + run + "/";
    }

    public static String planKey(String run) {
        return runPrefix(run) + "plan/groups.json";
    }

    public static String groupKey(String run, String account, String region) {
        return runPrefix(run) + "plan/" + account + "-" + region + ".json";
    }

    public static String outcomesPrefix(String run) {
        return runPrefix(run) + "outcomes/";
    }

    public static String outcomeKey(String run, String source) {
        return outcomesPrefix(run) + source + ".json";
    }

    public static String summaryKey(String run) {
        return runPrefix(run) + "summary.json";
    }
}
