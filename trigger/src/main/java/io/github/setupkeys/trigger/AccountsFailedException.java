package io.github.setupkeys.trigger;

import io.github.setupkeys.lambda.LoggedError;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Re-evaluations failed in some accounts of a batch; every other account's events were acted on. Its message names
 * each account and its failure as the log line records failures (without the texts AWS wrote into them, which can
 * name users); the failures themselves are kept as suppressed exceptions.
 */
public final class AccountsFailedException extends RuntimeException {

    private AccountsFailedException(String message) {
        super(message);
    }

    static AccountsFailedException of(Map<String, RuntimeException> failures) {
        AccountsFailedException failed = new AccountsFailedException("re-evaluation failed in " + failures.size()
                + " account(s), whose events come back after the queue's visibility timeout: " + failures.entrySet()
                .stream().map(entry -> entry.getKey() + ": " + LoggedError.of(entry.getValue()))
                .collect(Collectors.joining("; ")));
        failures.values().forEach(failed::addSuppressed);
        return failed;
    }
}
