package dev.analysisplatform.export;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every AWS API call made in the test JVM ("Service:Operation"). Registered globally through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} in the test resources, so the
 * production client factory stays untouched.
 */
public final class CallCounter implements ExecutionInterceptor {

    private static final List<String> CALLS = new CopyOnWriteArrayList<>();

    static void reset() {
        CALLS.clear();
    }

    static List<String> calls() {
        return List.copyOf(CALLS);
    }

    static long count(String call) {
        return CALLS.stream().filter(call::equals).count();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        CALLS.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
}
