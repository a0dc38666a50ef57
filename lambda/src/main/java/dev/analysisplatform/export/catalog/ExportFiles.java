package dev.analysisplatform.export.catalog;

import dev.analysisplatform.export.errors.CatalogRegistrationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What one registration reads from the export bucket: metadata files and the folder layout RDS wrote. A completed
 * export's files do not change, so the export is listed once, whole ({@link #index}: 1,000 keys a call, instead of
 * one or two calls per table), and every table's layout is read from that list; folders outside it (another
 * export's, when a table is put back on it) are listed once each, whichever table or thread asks.
 */
final class ExportFiles {

    /** The partition value of a table folder that holds its files directly (RDS's older layout). */
    static final String FLAT_PARTITION = "0";

    /**
     * Where a table's data lies: one folder per batch ({@code <table>/1/}, ...), or, in RDS's older layout, the table
     * folder itself ({@code flat}), which is then the one partition {@link #FLAT_PARTITION}.
     */
    record Layout(List<String> folders, boolean flat) {

        /** The rds_partition value of one of {@link #folders()}. */
        String partitionValue(String folder) {
            if (flat) {
                return FLAT_PARTITION;
            }
            String trimmed = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
            return trimmed.substring(trimmed.lastIndexOf('/') + 1);
        }
    }

    private final S3Client s3;
    private final String bucket;
    private final Map<String, List<String>> subfolders = new ConcurrentHashMap<>();
    private final Map<String, Layout> layouts = new ConcurrentHashMap<>();
    private volatile String indexedRoot;
    private volatile NavigableSet<String> indexedKeys;

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
        if (indexed(prefix)) {
            for (String key : indexedKeys.tailSet(prefix, true)) {
                if (!key.startsWith(prefix)) {
                    break;
                }
                keys.add(key);
            }
            return keys;
        }
        try {
            s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
                    .contents().stream().map(S3Object::key).forEach(keys::add);
        } catch (NoSuchBucketException e) {
            throw noBucket(e);
        }
        return keys;
    }

    /** Lists every object under {@code root} once; folders below it are then answered from that list. */
    void index(String root) {
        indexedKeys = new TreeSet<>(keys(root));
        indexedRoot = root;
    }

    String read(String key) {
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build(), ResponseTransformer.toBytes())
                    .asUtf8String();
        } catch (NoSuchBucketException e) {
            throw noBucket(e);
        }
    }

    /** The partition folders of a table folder (none for an empty table, which RDS may not write at all). */
    Layout layout(String tableFolder) {
        return layouts.computeIfAbsent(tableFolder, folder -> {
            List<String> batches = subfolders(folder);
            return batches.isEmpty() && hasFiles(folder) ? new Layout(List.of(folder), true) : new Layout(batches, false);
        });
    }

    /** The "sub/" folders directly under prefix (full keys, with trailing slash), sorted. */
    List<String> subfolders(String prefix) {
        return subfolders.computeIfAbsent(prefix, p -> indexed(p) ? indexedSubfolders(p) : listSubfolders(p));
    }

    private boolean indexed(String prefix) {
        return indexedRoot != null && prefix.startsWith(indexedRoot);
    }

    private List<String> indexedSubfolders(String prefix) {
        Set<String> folders = new TreeSet<>();
        for (String key : indexedKeys.tailSet(prefix, true)) {
            if (!key.startsWith(prefix)) {
                break;
            }
            int slash = key.indexOf('/', prefix.length());
            if (slash >= 0) {
                folders.add(key.substring(0, slash + 1));
            }
        }
        return List.copyOf(folders);
    }

    private List<String> listSubfolders(String prefix) {
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
    private boolean hasFiles(String prefix) {
        if (indexed(prefix)) {
            for (String key : indexedKeys.tailSet(prefix, true)) {
                if (!key.startsWith(prefix)) {
                    return false;
                }
                if (key.indexOf('/', prefix.length()) < 0) {
                    return true;
                }
            }
            return false;
        }
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
