package dev.analysisplatform.export.catalog;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the emulator tests register exports into: an export bucket and a Glue database in moto (whose endpoint the
 * SDK defaults point at), and the registration function's handler over them, invoked as Lambda would.
 */
final class EmulatedCatalog implements AutoCloseable {

    final S3Client s3 = S3Client.create();
    final GlueClient glue = GlueClient.create();
    final RegisterExportHandler handler;

    EmulatedCatalog(String bucket, String database, String region) {
        s3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(region)));
        glue.createDatabase(b -> b.databaseInput(d -> d.name(database)));
        handler = new RegisterExportHandler(database, new RegisterExportHandler.Clients(glue, s3));
    }

    /** The handler's output for {@code input} (the status step's output, as the state machine passes it). */
    Map<String, Object> register(Map<String, Object> input) throws Exception {
        Context context = mock(Context.class);
        when(context.getLogger()).thenReturn(mock(LambdaLogger.class));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.std.asBytes(input)), out, context);
        return JSON.std.mapFrom(out.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        s3.close();
        glue.close();
    }
}
