package dev.analysisplatform.environment;

import java.util.Map;

/**
 * Regions where RDS cannot export a snapshot to S3. AWS: "Exporting snapshots to S3 is available in all AWS Regions
 * except the following" (Aurora User Guide, "Supported Regions and Aurora DB engines for exporting snapshot data to
 * Amazon S3"); its pages list Asia Pacific (Malaysia), (New Zealand), (Taipei) and (Thailand), Mexico (Central) and both
 * GovCloud regions. A database there, or an analytics account there, would deploy and then fail every night.
 */
public final class ExportRegions {

    static final Map<String, String> NOT_OFFERED = Map.of(
            "ap-southeast-5", "Asia Pacific (Malaysia)",
            "ap-southeast-6", "Asia Pacific (New Zealand)",
            "ap-east-2", "Asia Pacific (Taipei)",
            "ap-southeast-7", "Asia Pacific (Thailand)",
            "mx-central-1", "Mexico (Central)",
            "us-gov-east-1", "AWS GovCloud (US-East)",
            "us-gov-west-1", "AWS GovCloud (US-West)");

    private ExportRegions() {
    }

    /** Null when RDS exports snapshots to S3 in {@code region}; else why not, for an error message. */
    public static String notOffered(String region) {
        String name = NOT_OFFERED.get(region);
        return name == null ? null : "is " + name + ", where RDS does not offer exporting snapshots to S3 (AWS lists the "
                + "regions without it in \"Supported Regions and Aurora DB engines for exporting snapshot data to Amazon S3\")";
    }
}
