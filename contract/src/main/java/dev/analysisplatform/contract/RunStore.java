package dev.analysisplatform.contract;

import java.util.List;

/**
 * Objects of a run's records ({@link RunRecords} has the layout): S3 in AWS (lambda's S3RunStore); tests and the fleet
 * simulation keep them in memory.
 */
public interface RunStore {

    /** The object's text; null when there is none. */
    String read(String bucket, String key);

    void write(String bucket, String key, String json);

    /** Every key under {@code prefix}, in S3's order (UTF-8 binary). */
    List<String> keys(String bucket, String prefix);
}
