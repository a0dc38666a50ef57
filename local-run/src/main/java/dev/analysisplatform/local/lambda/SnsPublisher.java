package dev.analysisplatform.local.lambda;

import dev.analysisplatform.local.asl.JsonPaths;
import dev.analysisplatform.local.asl.Invoker;
import dev.analysisplatform.local.asl.FunctionError;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * The state machine's {@code arn:aws:states:::sns:publish} steps: publishes to the emulator's SNS with the
 * state machine role's credentials, as Step Functions would, and remembers what was sent for the summary.
 */
public final class SnsPublisher implements Invoker {

    private final SnsClient sns;
    public final List<String> messages = Collections.synchronizedList(new ArrayList<>());

    public SnsPublisher(SnsClient sns) {
        this.sns = sns;
    }

    @Override
    public String invoke(String payload) {
        try {
            JsonNode parameters = JsonPaths.MAPPER.readTree(payload);
            String id = sns.publish(b -> b.topicArn(parameters.path("TopicArn").asText())
                    .subject(parameters.path("Subject").asText(null))
                    .message(parameters.path("Message").asText())).messageId();
            messages.add(parameters.path("Message").asText());
            return JsonPaths.MAPPER.createObjectNode().put("MessageId", id).toString();
        } catch (SnsException e) {
            throw new FunctionError("SNS." + e.awsErrorDetails().errorCode(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
