package io.github.setupkeys.trigger;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the trigger function is configured with, read once from its environment (the CDK app sets it) and
 * validated there: a missing or bad variable fails the function's start with a message naming it.
 *
 * @param configRuleName the Config rule to re-evaluate
 * @param queueUrl the buffer queue, whose messages the function hides for longer when it must wait
 * @param debounceTable the DynamoDB table holding the debounce state
 * @param limits how often a re-evaluation may start
 * @param allowedAccounts the accounts whose events may start one; events of any other account are ignored
 */
public record TriggerSettings(String configRuleName, String queueUrl, String debounceTable, DebounceLimits limits,
        AllowedAccounts allowedAccounts) {

    public static final String CONFIG_RULE_NAME = "CONFIG_RULE_NAME";
    public static final String QUEUE_URL = "QUEUE_URL";
    public static final String DEBOUNCE_TABLE = "DEBOUNCE_TABLE";
    public static final String MINIMUM_INTERVAL_SECONDS = "MINIMUM_INTERVAL_SECONDS";
    public static final String DAILY_CAP = "DAILY_CAP";
    /** Comma-separated account ids: {@link AllowedAccounts}. */
    public static final String ALLOWED_ACCOUNTS = "ALLOWED_ACCOUNTS";

    public TriggerSettings {
        requireText(CONFIG_RULE_NAME, configRuleName);
        requireText(QUEUE_URL, queueUrl);
        requireText(DEBOUNCE_TABLE, debounceTable);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(allowedAccounts, "allowedAccounts");
    }

    /** Reads the settings through {@code environment} ({@code System::getenv}). */
    public static TriggerSettings fromEnvironment(Function<String, String> environment) {
        DebounceLimits limits = limits(environment);
        String accounts = environment.apply(ALLOWED_ACCOUNTS);
        requireText(ALLOWED_ACCOUNTS, accounts);
        AllowedAccounts allowed;
        try {
            allowed = AllowedAccounts.parse(accounts);
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException("environment variable " + ALLOWED_ACCOUNTS + "=" + accounts
                    + " is invalid: " + bad.getMessage());
        }
        return new TriggerSettings(environment.apply(CONFIG_RULE_NAME), environment.apply(QUEUE_URL),
                environment.apply(DEBOUNCE_TABLE), limits, allowed);
    }

    /** {@link #MINIMUM_INTERVAL_SECONDS} and {@link #DAILY_CAP}, which both triggers read. */
    static DebounceLimits limits(Function<String, String> environment) {
        long interval = number(environment, MINIMUM_INTERVAL_SECONDS);
        long cap = number(environment, DAILY_CAP);
        try {
            return new DebounceLimits(Duration.ofSeconds(interval), Math.toIntExact(cap));
        } catch (IllegalArgumentException | ArithmeticException bad) {
            throw new IllegalArgumentException(MINIMUM_INTERVAL_SECONDS + "=" + interval + ", " + DAILY_CAP + "=" + cap
                    + " are invalid: " + bad.getMessage());
        }
    }

    private static long number(Function<String, String> environment, String name) {
        String text = environment.apply(name);
        requireText(name, text);
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("environment variable " + name + "=" + text
                    + " is invalid: expected a whole number");
        }
    }

    static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " is missing");
        }
    }
}
