package dev.analysisplatform.local.asl;

/** An execution that ended in a Fail state or an uncaught error: Step Functions' error name and cause. */
public final class ExecutionFailed extends RuntimeException {

    public final String error;
    public final String cause;

    ExecutionFailed(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.cause = cause;
    }
}
