package dev.analysisplatform.local;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS API calls a {@code terraform} run made, read from its debug log ({@code TF_LOG=DEBUG}, {@code TF_LOG_PATH}):
 * the provider and the S3 backend log every request as "HTTP Request Sent" with the SDK's service and operation and,
 * for the provider, the resource type it was working on. Turned into IAM actions the way the Service Authorization
 * Reference names them.
 */
final class TerraformCalls {

    /**
     * One distinct call: the IAM action it needs, the resource type it served (empty: provider or backend) and, for
     * the backend's S3 requests, the URL without its query.
     */
    record Call(String action, String resourceType, String url) {
    }

    private static final Pattern ENTRY_START = Pattern.compile("(?m)^(?=\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d+Z )");
    private static final Pattern LINE_PREFIX = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\S+Z \\[\\w+\\] [^:]+: ");
    private static final int CHUNK = 65_535;
    // Entries come as key=value text or, from some provider calls, as one JSON object per line.
    private static final Pattern SERVICE = field("rpc\\.service");
    private static final Pattern METHOD = field("rpc\\.method");
    private static final Pattern TYPE = field("tf_resource_type");
    private static final Pattern URL = field("http\\.url");

    /** The SDK's service ids and the IAM service prefixes they answer to. */
    private static final Map<String, String> PREFIXES = Map.ofEntries(
            Map.entry("S3", "s3"), Map.entry("IAM", "iam"), Map.entry("STS", "sts"), Map.entry("KMS", "kms"),
            Map.entry("Lambda", "lambda"), Map.entry("SFN", "states"), Map.entry("Scheduler", "scheduler"),
            Map.entry("EventBridge", "events"), Map.entry("CloudWatch", "cloudwatch"),
            Map.entry("CloudWatch Logs", "logs"), Map.entry("SNS", "sns"), Map.entry("Glue", "glue"),
            Map.entry("Athena", "athena"));

    /** S3 operations whose IAM action has another name (Service Authorization Reference, Amazon S3). */
    private static final Map<String, String> S3_ACTIONS = Map.ofEntries(
            Map.entry("HeadBucket", "ListBucket"), Map.entry("ListObjectsV2", "ListBucket"),
            Map.entry("HeadObject", "GetObject"),
            Map.entry("GetBucketEncryption", "GetEncryptionConfiguration"),
            Map.entry("PutBucketEncryption", "PutEncryptionConfiguration"),
            Map.entry("GetBucketLifecycleConfiguration", "GetLifecycleConfiguration"),
            Map.entry("PutBucketLifecycleConfiguration", "PutLifecycleConfiguration"),
            Map.entry("GetBucketCors", "GetBucketCORS"), Map.entry("PutBucketCors", "PutBucketCORS"),
            Map.entry("GetBucketAccelerateConfiguration", "GetAccelerateConfiguration"),
            Map.entry("GetBucketReplication", "GetReplicationConfiguration"),
            Map.entry("GetObjectLockConfiguration", "GetBucketObjectLockConfiguration"),
            Map.entry("GetPublicAccessBlock", "GetBucketPublicAccessBlock"),
            Map.entry("PutPublicAccessBlock", "PutBucketPublicAccessBlock"),
            Map.entry("DeletePublicAccessBlock", "PutBucketPublicAccessBlock"));

    private TerraformCalls() {
    }

    /** Every distinct call in a debug log. */
    static Set<Call> in(String log) {
        Set<Call> calls = new LinkedHashSet<>();
        for (String entry : ENTRY_START.split(joinChunks(log))) {
            if (!entry.contains("HTTP Request Sent")) {
                continue;
            }
            String service = find(SERVICE, entry);
            String method = find(METHOD, entry);
            if (service.isEmpty() || method.isEmpty()) {
                throw new IllegalStateException("a request without service or operation in the log: " + entry);
            }
            String prefix = PREFIXES.get(service);
            if (prefix == null) {
                throw new IllegalStateException("terraform called a service the deploy role is not meant to use: "
                        + service + " " + method);
            }
            String action = prefix + ":" + (prefix.equals("s3") ? S3_ACTIONS.getOrDefault(method, method) : method);
            String type = find(TYPE, entry);
            // The backend's requests name no resource type: their URL says which object of the state bucket.
            String url = prefix.equals("s3") && type.isEmpty() ? find(URL, entry).replaceFirst("\\?.*$", "") : "";
            calls.add(new Call(action, type, url));
        }
        return calls;
    }

    /**
     * Terraform relays a provider's log line in pieces of at most 64 KiB - 1 characters, each with its own timestamp
     * prefix (a request body holding a function's zip runs to megabytes): put the pieces back together.
     */
    static String joinChunks(String log) {
        StringBuilder joined = new StringBuilder(log.length());
        boolean continues = false;
        for (String line : log.split("\n", -1)) {
            Matcher prefix = LINE_PREFIX.matcher(line);
            boolean hasPrefix = prefix.lookingAt();
            String content = hasPrefix ? line.substring(prefix.end()) : line;
            if (continues && hasPrefix) {
                joined.append(content);
            } else {
                if (joined.length() > 0) {
                    joined.append('\n');
                }
                joined.append(line);
            }
            continues = hasPrefix && content.length() >= CHUNK;
        }
        return joined.toString();
    }

    private static Pattern field(String key) {
        return Pattern.compile(key + "(?:=(\"[^\"]*\"|\\S+)|\":\"([^\"]*)\")");
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return "";
        }
        return (m.group(1) != null ? m.group(1) : m.group(2)).replace("\"", "");
    }
}
