package io.github.setupkeys.rule.config;

/** Config kept rejecting some evaluations ({@code FailedEvaluations}) after retries. */
public final class EvaluationsNotRecordedException extends RuntimeException {

    public EvaluationsNotRecordedException(String message) {
        super(message);
    }
}
