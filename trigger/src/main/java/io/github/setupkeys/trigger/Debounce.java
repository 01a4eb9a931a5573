package io.github.setupkeys.trigger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * When to ask Config for a re-evaluation, as a pure function of the events, the remembered state, the limits
 * and the current instant.
 *
 * <p>An event is <em>covered</em> when a re-evaluation started at least {@link #SETTLE} after it: that
 * evaluation read IAM after the change, and the periodic path finds such a change however old its credential
 * report is (AccountEvaluator), so the event needs nothing more. Uncovered events start a re-evaluation now,
 * unless the minimum interval since the last one has not passed or the day's cap is reached; then they wait
 * until the first instant a re-evaluation may start. No event is dropped without a re-evaluation covering it.
 */
public final class Debounce {

    /**
     * How long after an IAM call a re-evaluation must start to be sure to see it. IAM is eventually
     * consistent (changes take seconds to show everywhere), and Config invokes the function a few seconds
     * after the start; 30 s is a margin over both.
     */
    public static final Duration SETTLE = Duration.ofSeconds(30);

    /**
     * What to do with a batch of events. Java 17 has no pattern matching in {@code switch}, so the cases are an
     * enum that callers switch over exhaustively.
     *
     * @param action what to do
     * @param pending the events not yet covered: the new re-evaluation covers them ({@code START}), or they
     *     wait ({@code WAIT}); the other events of the batch are covered and are dropped
     * @param until for {@code WAIT}, the first instant a re-evaluation may start
     * @param why for {@code WAIT}, what stops a re-evaluation now
     */
    public record Decision(Action action, List<CredentialEvent> pending, Instant until, String why) {

        public enum Action {
            /** Every event is covered by a re-evaluation already started. */
            COVERED,
            /** Start a re-evaluation now. */
            START,
            /** Keep the pending events until {@code until}. */
            WAIT
        }

        public Decision {
            Objects.requireNonNull(action, "action");
            pending = List.copyOf(pending);
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(why, "why");
        }
    }

    private Debounce() {
    }

    public static Decision decide(List<CredentialEvent> events, DebounceState state, Instant now,
            DebounceLimits limits) {
        List<CredentialEvent> pending = events.stream().filter(event -> !coveredBy(state, event)).toList();
        if (pending.isEmpty()) {
            return new Decision(Decision.Action.COVERED, pending, now, "");
        }
        Instant until = now;
        String why = "";
        if (state.lastStart().isPresent()) {
            Instant intervalEnds = state.lastStart().get().plus(limits.minimumInterval());
            if (intervalEnds.isAfter(until)) {
                until = intervalEnds;
                why = "the minimum interval of " + limits.minimumInterval().toSeconds()
                        + " s since the re-evaluation started at " + state.lastStart().get() + " has not passed";
            }
        }
        LocalDate today = DebounceState.utcDate(now);
        if (state.startsOn(today) >= limits.dailyCap()) {
            Instant tomorrow = today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (tomorrow.isAfter(until)) {
                until = tomorrow;
            }
            why = (why.isEmpty() ? "" : why + "; ") + "the daily cap of " + limits.dailyCap()
                    + " re-evaluations is reached";
        }
        return until.equals(now)
                ? new Decision(Decision.Action.START, pending, now, "")
                : new Decision(Decision.Action.WAIT, pending, until, why);
    }

    private static boolean coveredBy(DebounceState state, CredentialEvent event) {
        return state.lastStart().filter(start -> !event.time().plus(SETTLE).isAfter(start)).isPresent();
    }
}
