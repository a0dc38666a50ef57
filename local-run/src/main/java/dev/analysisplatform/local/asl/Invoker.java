package dev.analysisplatform.local.asl;

/** Something a Task state can call: a function that takes a JSON payload and answers JSON or a {@link FunctionError}. */
@FunctionalInterface
public interface Invoker {
    String invoke(String payload);
}
