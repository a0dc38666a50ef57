package dev.analysisplatform.export;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the start handler returns, and the state machine carries to the status handler. */
public record ExportResult(
        String exportTaskIdentifier,
        String status,
        String sourceName,
        String sourceArn,
        String snapshotIdentifier,
        Instant snapshotCreateTime,
        String s3Bucket,
        String s3Prefix,
        boolean alreadyExported,
        boolean dryRun) {

    /** Status reported by a dry run that found no earlier task: nothing was started. */
    public static final String NOT_STARTED = "NOT_STARTED";

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("exportTaskIdentifier", exportTaskIdentifier);
        json.put("status", status);
        json.put("sourceName", sourceName);
        json.put("sourceArn", sourceArn);
        json.put("snapshotIdentifier", snapshotIdentifier);
        json.put("snapshotCreateTime", snapshotCreateTime == null ? null : snapshotCreateTime.toString());
        json.put("s3Bucket", s3Bucket);
        json.put("s3Prefix", s3Prefix);
        json.put("alreadyExported", alreadyExported);
        json.put("dryRun", dryRun);
        return json;
    }
}
