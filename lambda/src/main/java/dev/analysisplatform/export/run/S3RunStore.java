package dev.analysisplatform.export.run;

import dev.analysisplatform.contract.RunStore;
import dev.analysisplatform.export.runtime.AwsErrors;
import dev.analysisplatform.export.runtime.SdkDefaults;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import dev.analysisplatform.export.errors.InvalidConfigurationException;

/**
 * Run records in S3. Objects are written with the bucket's default encryption (the export key); a throttled or
 * failing S3 becomes the retryable AwsUnavailable error, a denied one a configuration error naming the key.
 */
public final class S3RunStore implements RunStore {

    private final S3Client s3;

    public S3RunStore(S3Client s3) {
        this.s3 = s3;
    }

    /** The store a function creates once per container. */
    public static S3RunStore standard() {
        return new S3RunStore(S3Client.builder().httpClient(SdkDefaults.httpClient())
                .overrideConfiguration(SdkDefaults.overrides()).build());
    }

    @Override
    public String read(String bucket, String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
        } catch (NoSuchKeyException missing) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                // Without s3:ListBucket on the key's prefix S3 answers a missing key with 403, not 404.
                throw new InvalidConfigurationException("s3://" + bucket + "/" + key + " cannot be read (AccessDenied): it "
                        + "is missing, or this function's role may not read it (the analytics stack grants it).", e);
            }
            throw failure("read s3://" + bucket + "/" + key, e);
        } catch (SdkException e) {
            throw failure("read s3://" + bucket + "/" + key, e);
        }
    }

    @Override
    public void write(String bucket, String key, String json) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"),
                    RequestBody.fromString(json, StandardCharsets.UTF_8));
        } catch (SdkException e) {
            throw failure("write s3://" + bucket + "/" + key, e);
        }
    }

    @Override
    public List<String> keys(String bucket, String prefix) {
        try {
            List<String> keys = new ArrayList<>();
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key).forEach(keys::add);
            return keys;
        } catch (SdkException e) {
            throw failure("list s3://" + bucket + "/" + prefix, e);
        }
    }

    private static RuntimeException failure(String what, SdkException error) {
        if (AwsErrors.isTransient(error)) {
            return AwsErrors.unavailable(what, error);
        }
        RuntimeException misconfigured = AwsErrors.misconfigured(error);
        return misconfigured != null ? misconfigured : error;
    }
}
