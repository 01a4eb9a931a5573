package io.github.setupkeys.rule.config;

import java.util.Map;

/**
 * How many AWS calls an account connection has made so far, by {@code Service:Operation} ({@code Iam:ListUsers}):
 * what the invocation's log line reports. The SDK adapters count them; tests count nothing.
 */
@FunctionalInterface
public interface CallCounts {

    /** Counts nothing: for connections whose calls are not AWS calls. */
    CallCounts NONE = Map::of;

    /** The counts so far; a later snapshot minus an earlier one is what was called in between. */
    Map<String, Long> snapshot();
}
