package io.github.setupkeys.trigger;

/**
 * An account holds no copy of the organization rule that the trigger can tell apart, or several: nothing is started
 * there. Only that account's events fail with it; they come back after the queue's visibility timeout.
 */
public final class RuleCopyNotFoundException extends RuntimeException {

    public RuleCopyNotFoundException(String message) {
        super(message);
    }
}
