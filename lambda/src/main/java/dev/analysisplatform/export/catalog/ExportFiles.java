package dev.analysisplatform.export.catalog;

import dev.analysisplatform.export.errors.CatalogRegistrationException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What registration reads from the export bucket: metadata files and the folder layout RDS wrote. */
final class ExportFiles {

    private final S3Client s3;
    private final String bucket;

    ExportFiles(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    String bucket() {
        return bucket;
    }

    /** Keys of the objects under {@code prefix}. */
    List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
                    .contents().stream().map(S3Object::key).forEach(keys::add);
        } catch (NoSuchBucketException e) {
            throw noBucket(e);
        }
        return keys;
    }

    String read(String key) {
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build(), ResponseTransformer.toBytes())
                    .asUtf8String();
        } catch (NoSuchBucketException e) {
            throw noBucket(e);
        }
    }

    /** The "sub/" folders directly under prefix (full keys, with trailing slash), sorted. */
    List<String> subfolders(String prefix) {
        List<String> folders = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter("/").build())
                    .commonPrefixes().stream().map(CommonPrefix::prefix).forEach(folders::add);
        } catch (NoSuchBucketException e) {
            throw noBucket(e);
        }
        return folders.stream().sorted().toList();
    }

    /** True when objects lie directly in {@code prefix} (RDS's older layout, without batch folders). */
    boolean hasFiles(String prefix) {
        try {
            return !s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter("/")
                    .maxKeys(1).build()).contents().isEmpty();
        } catch (NoSuchBucketException e) {
            throw noBucket(e);
        }
    }

    private CatalogRegistrationException noBucket(NoSuchBucketException e) {
        return new CatalogRegistrationException("The export bucket '" + bucket + "' does not exist (or is in another "
                + "region); registration reads RDS's files from it.", e);
    }
}
