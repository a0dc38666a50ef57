package dev.analysisplatform.testing;

import dev.analysisplatform.contract.RunStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** Run records in memory, for tests and the fleet simulation; keys sort as S3 lists them (UTF-8 binary, here ASCII). */
public final class MemoryRunStore implements RunStore {

    private final Map<String, String> objects = new ConcurrentSkipListMap<>();

    @Override
    public String read(String bucket, String key) {
        return objects.get(bucket + "/" + key);
    }

    @Override
    public void write(String bucket, String key, String json) {
        objects.put(bucket + "/" + key, json);
    }

    @Override
    public List<String> keys(String bucket, String prefix) {
        return objects.keySet().stream().filter(k -> k.startsWith(bucket + "/" + prefix))
                .map(k -> k.substring(bucket.length() + 1)).toList();
    }

    /** The objects' sizes in bytes, for the benchmark: what the run keeps out of its states. */
    public long bytes() {
        return objects.values().stream().mapToLong(v -> v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
    }
}
