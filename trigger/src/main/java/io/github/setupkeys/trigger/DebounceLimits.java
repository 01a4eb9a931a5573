package io.github.setupkeys.trigger;

import java.time.Duration;
import java.util.Objects;

/**
 * How often the trigger may ask Config for a re-evaluation: at least {@code minimumInterval} apart and at
 * most {@code dailyCap} times a UTC day. A re-evaluation is a periodic run, which records only the verdicts that
 * changed and the results due for their refresh, and up to one evaluation per IAM user more if Config also delivers
 * each user's configuration item; these two numbers bound how often that happens (docs/near-real-time.md).
 */
public record DebounceLimits(Duration minimumInterval, int dailyCap) {

    /** Config itself refuses a second StartConfigRulesEvaluation within a minute. */
    public static final long SHORTEST_INTERVAL_SECONDS = 60;
    public static final long LONGEST_INTERVAL_SECONDS = 86_400;
    /** One a minute all day, the most Config would accept anyway. */
    public static final int LARGEST_DAILY_CAP = 1_440;

    /**
     * 15 minutes: a burst of changes (a user, its password and its key, created in one console session) costs
     * one re-evaluation, and a finding waits at most this long behind the previous re-evaluation. 12 a day: even
     * if Config delivers every user's item on a re-run, an account with 500 users pays for at most 12 × 500 of them
     * a day (docs/near-real-time.md).
     */
    public static final DebounceLimits DEFAULTS = new DebounceLimits(Duration.ofMinutes(15), 12);

    public DebounceLimits {
        Objects.requireNonNull(minimumInterval, "minimumInterval");
        long seconds = minimumInterval.toSeconds();
        if (seconds < SHORTEST_INTERVAL_SECONDS || seconds > LONGEST_INTERVAL_SECONDS
                || !minimumInterval.equals(Duration.ofSeconds(seconds))) {
            throw new IllegalArgumentException("the minimum interval must be whole seconds from "
                    + SHORTEST_INTERVAL_SECONDS + " to " + LONGEST_INTERVAL_SECONDS + ", not " + minimumInterval);
        }
        if (dailyCap < 1 || dailyCap > LARGEST_DAILY_CAP) {
            throw new IllegalArgumentException("the daily cap must be from 1 to " + LARGEST_DAILY_CAP + ", not "
                    + dailyCap);
        }
    }
}
