package io.github.setupkeys.rule.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When a result that has not changed is recorded again (design.md §2.12). The refresh period is cut into one
 * point per current user, spread evenly by the order of the user ids: user {@code i} of {@code n} (from 0) is due
 * {@code i / n} of the way into every period, periods counted from the epoch. A held result is recorded again by
 * the first run after such a point has passed since the rule last asserted it.
 *
 * <p>Two consequences, both tested: any stretch of one period contains one point of every user, so a result older
 * than the period is always due, whatever the phases; and runs a day apart re-assert ⌊n / days⌋ or
 * ⌈n / days⌉ users each, instead of all of them every {@code days}. Users joining or leaving shift the points of
 * the users after them by a fraction of {@code period / n}, so a few results may come due a run early or late,
 * never later than the period.
 */
final class RollingRefresh {

    private final long periodMillis;
    private final Map<String, Long> pointMillis = new HashMap<>();

    RollingRefresh(Collection<String> userIds, Duration period) {
        this.periodMillis = period.toMillis();
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("refresh period " + period + " is not positive");
        }
        List<String> ordered = userIds.stream().distinct().sorted().toList();
        long users = ordered.size();
        for (int i = 0; i < ordered.size(); i++) {
            pointMillis.put(ordered.get(i), Math.multiplyExact((long) i, periodMillis) / users);
        }
    }

    /**
     * Whether the result of {@code userId}, last asserted at {@code assertedAt}, is due at {@code now}: one of the
     * user's points lies after {@code assertedAt} and at or before {@code now}.
     */
    boolean due(String userId, Instant assertedAt, Instant now) {
        Long point = pointMillis.get(userId);
        if (point == null) {
            throw new IllegalArgumentException("no refresh point for " + userId + ": not one of the run's users");
        }
        return period(now, point) > period(assertedAt, point);
    }

    /** How many of the user's points lie at or before {@code time}, counted from the epoch. */
    private long period(Instant time, long point) {
        return Math.floorDiv(time.toEpochMilli() - point, periodMillis);
    }
}
