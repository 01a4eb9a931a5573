package io.github.setupkeys.rule.config;

/**
 * The event Config sent cannot be evaluated as it stands: not JSON, an unknown message type, a missing
 * field, a bad rule parameter. The message is one line naming the problem; nothing is written.
 */
public final class InvalidInvocationException extends IllegalArgumentException {

    public InvalidInvocationException(String message) {
        super(message);
    }

    public InvalidInvocationException(String message, Throwable cause) {
        super(message, cause);
    }
}
