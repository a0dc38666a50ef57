package dev.analysisplatform.local;

/** Something a Task state can call: a function that takes a JSON payload and answers JSON or a {@link FunctionError}. */
@FunctionalInterface
interface Invoker {
    String invoke(String payload);
}
