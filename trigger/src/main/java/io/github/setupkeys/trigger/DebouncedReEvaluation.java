package io.github.setupkeys.trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the trigger does with the events of one debounce key (the rule, in one account; an account, in an
 * organization): reads its state, decides ({@link Debounce}), starts a re-evaluation or hides the events until they
 * can be acted on, and records a start. Both handlers run it; only the key and how a start is asked for differ.
 */
final class DebouncedReEvaluation {

    /** How long to wait when Config says an evaluation is running (or started less than a minute ago). */
    static final Duration RETRY_WHILE_RUNNING = Duration.ofMinutes(2);
    /** The shortest a message is hidden: never hand one back to be received again at once. */
    static final Duration SHORTEST_DEFERRAL = Duration.ofSeconds(30);

    /**
     * What was done.
     *
     * @param action {@code covered}, {@code started}, {@code wait} or {@code configBusy}
     * @param pendingEvents the events not covered before this decision
     * @param handedBack the events to hand back as batch item failures (hidden until they can be acted on)
     * @param retryIn for the events handed back, how long they stay hidden
     * @param why for the events handed back, what stops a re-evaluation now
     */
    record Result(String action, int pendingEvents, List<CredentialEvent> handedBack, Optional<Duration> retryIn,
            String why) {

        Result {
            Objects.requireNonNull(action, "action");
            handedBack = List.copyOf(handedBack);
            Objects.requireNonNull(retryIn, "retryIn");
            Objects.requireNonNull(why, "why");
        }
    }

    private final DebounceStore store;
    private final MessageDeferral queue;
    private final DebounceLimits limits;

    DebouncedReEvaluation(DebounceStore store, MessageDeferral queue, DebounceLimits limits) {
        this.store = Objects.requireNonNull(store, "store");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Acts on {@code events} of {@code key} at {@code now}; {@code start} asks Config for the re-evaluation. Any
     * failure propagates before anything is recorded, except one of saving the state after a start.
     */
    Result run(String key, List<CredentialEvent> events, Instant now, Supplier<EvaluationStarter.Outcome> start) {
        DebounceState state = store.load(key);
        Debounce.Decision decision = Debounce.decide(events, state, now, limits);
        List<CredentialEvent> pending = decision.pending();
        return switch (decision.action()) {
            case COVERED -> new Result("covered", 0, List.of(), Optional.empty(), "");
            case START -> switch (start.get()) {
                case STARTED -> {
                    store.save(key, state.afterStartAt(now));
                    yield new Result("started", pending.size(), List.of(), Optional.empty(), "");
                }
                case ALREADY_RUNNING -> defer("configBusy", pending, RETRY_WHILE_RUNNING,
                        "Config refused with LimitExceededException: an evaluation of the rule is running");
            };
            case WAIT -> defer("wait", pending, Duration.between(now, decision.until()), decision.why());
        };
    }

    /** Hides the events' messages until they can be acted on. */
    private Result defer(String action, List<CredentialEvent> pending, Duration wanted, String why) {
        Duration delay = wanted.compareTo(SHORTEST_DEFERRAL) < 0 ? SHORTEST_DEFERRAL
                : wanted.compareTo(MessageDeferral.LONGEST) > 0 ? MessageDeferral.LONGEST : wanted;
        queue.defer(pending.stream().map(CredentialEvent::receiptHandle).toList(), delay);
        return new Result(action, pending.size(), pending, Optional.of(delay), why);
    }
}
