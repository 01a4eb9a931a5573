package io.github.setupkeys.rule.evaluation;

/** Work stopped because it could not finish before the deadline. The message says where it stopped. */
public final class DeadlineExceededException extends RuntimeException {

    public DeadlineExceededException(String message) {
        super(message);
    }
}
