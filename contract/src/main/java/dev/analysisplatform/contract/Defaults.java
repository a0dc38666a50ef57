package dev.analysisplatform.contract;

import java.util.List;

/** Defaults both sides apply when a value is not configured; written once so synth and run time cannot differ. */
public final class Defaults {

    /** Top-level S3 prefix of every export. */
    public static final String EXPORT_PREFIX = "exports";
    /** RDS snapshot types a source exports when it names none. */
    public static final List<String> SNAPSHOT_TYPES = List.of("automated");
    /** A source's newest snapshot may be this old; a daily backup plus two hours of slack. */
    public static final int MAX_SNAPSHOT_AGE_HOURS = 26;
    /** How long a run waits for a fresh snapshot before it fails the source. */
    public static final int WAIT_FOR_SNAPSHOT_HOURS = 6;

    /** RDS snapshot export list price per GB in USD (us-east-1, "Amazon RDS pricing"); other regions differ. */
    public static final String EXPORT_PRICE_PER_GB_USD = "0.010";

    private Defaults() {
    }
}
