package dev.analysisplatform.cdktf;

import java.util.List;
import java.util.stream.Stream;

/**
 * What an RDS export in a source account needs on the analytics account's bucket and key. Both sides must grant it:
 * the analytics stack in the bucket and key policies (resource side), each source stack in its export role's policy
 * (identity side). One list, so the two apps (which do not depend on each other) cannot drift apart.
 */
public final class CrossAccountExport {

    /** What RDS needs on the bucket's objects for an export (RDS user guide, "Exporting snapshot data to S3"). */
    public static final List<String> OBJECT_ACTIONS = List.of("s3:PutObject*", "s3:GetObject*", "s3:DeleteObject*");

    /**
     * How listing is limited to a source's own prefixes. ...IfExists: RDS's pre-flight check of the bucket may list
     * without a prefix (the StartExportTask reference asks for s3:ListBucket on the bucket, naming no prefix), and a
     * condition on an absent key would deny it; any listing that names a prefix must name the source's own.
     */
    public static final String LIST_CONDITION = "StringLikeIfExists";

    /** The actions the RDS export documentation requires on the export key, and nothing else. */
    public static final List<String> KEY_ACTIONS = List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom",
            "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant",
            "kms:DescribeKey", "kms:RetireGrant");

    /** Grants are for RDS itself, never for a grantee the role picks: held back to a kms:GrantIsForAWSResource rule. */
    public static final String GRANT_ACTION = "kms:CreateGrant";

    private CrossAccountExport() {
    }

    /** {@code s3:prefix} values that let an export role list its own prefixes and nothing else. */
    public static List<String> listablePrefixes(List<String> prefixes) {
        return prefixes.stream().flatMap(p -> Stream.of(p, p + "/*")).toList();
    }
}
