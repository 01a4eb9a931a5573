package io.github.setupkeys.trigger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * What the trigger remembers between invocations: when it last started a re-evaluation, and how many it
 * started on that UTC day.
 */
public record DebounceState(Optional<Instant> lastStart, LocalDate day, int startsThatDay) {

    /** Nothing started yet. */
    public static final DebounceState NEVER = new DebounceState(Optional.empty(), LocalDate.EPOCH, 0);

    public DebounceState {
        Objects.requireNonNull(lastStart, "lastStart");
        Objects.requireNonNull(day, "day");
        if (startsThatDay < 0) {
            throw new IllegalArgumentException("startsThatDay must not be negative, not " + startsThatDay);
        }
    }

    /** Re-evaluations started on {@code date} (UTC). */
    public int startsOn(LocalDate date) {
        return day.equals(date) ? startsThatDay : 0;
    }

    /** The state after a re-evaluation started at {@code at}. */
    public DebounceState afterStartAt(Instant at) {
        LocalDate date = utcDate(at);
        return new DebounceState(Optional.of(at), date, startsOn(date) + 1);
    }

    static LocalDate utcDate(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
