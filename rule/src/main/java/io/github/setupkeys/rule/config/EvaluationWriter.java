package io.github.setupkeys.rule.config;

import io.github.setupkeys.rule.evaluation.BoundedTasks;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.DeadlineExceededException;
import io.github.setupkeys.rule.evaluation.Pause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Writes evaluations to Config as its contract requires: at most 100 per {@code PutEvaluations}; what Config
 * reports in {@code FailedEvaluations} is sent again (up to {@value #ATTEMPTS} attempts, with a pause that
 * doubles), and if Config still refuses, the invocation fails naming the resources.
 *
 * <p>Batches are written {@link CallsInFlight} at a time, so they may reach Config in any order. That is safe
 * because no resource appears twice in one write (checked before anything is sent): the order of two batches
 * can never decide which of two evaluations of one user Config keeps.
 */
public final class EvaluationWriter {

    public static final int BATCH = 100;
    static final int ATTEMPTS = 3;
    static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final int NAMED_IN_MESSAGE = 10;
    /** A batch and its retries: three calls and the pauses between them, with room to spare. */
    public static final Duration TIME_PER_BATCH = Duration.ofSeconds(5);

    private final ConfigApi config;
    private final Pause pause;
    private final CallsInFlight inFlight;

    public EvaluationWriter(ConfigApi config, Pause pause, CallsInFlight inFlight) {
        this.config = Objects.requireNonNull(config, "config");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    }

    /**
     * Writes every evaluation; returns the number of {@code PutEvaluations} calls made. Before each batch starts,
     * the deadline must leave time for it and its retries; once it does not, no batch starts, those in flight end,
     * and the write fails saying how many batches were written: a batch is never cut off.
     *
     * @throws IllegalArgumentException when a resource appears twice, before anything is written
     */
    public int write(List<ConfigEvaluation> evaluations, String resultToken, boolean testMode, Deadline deadline) {
        requireOneEvaluationPerResource(evaluations);
        int batches = (evaluations.size() + BATCH - 1) / BATCH;
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger written = new AtomicInteger();
        try {
            BoundedTasks.run(batches, inFlight,
                    next -> deadline.ensure(TIME_PER_BATCH, "writing evaluations"),
                    next -> {
                        int from = next * BATCH;
                        writeBatch(evaluations.subList(from, Math.min(evaluations.size(), from + BATCH)), resultToken,
                                testMode, calls);
                        written.incrementAndGet();
                    });
        } catch (DeadlineExceededException stopped) {
            // Said once every batch in flight has ended, so the count is what Config holds.
            throw new DeadlineExceededException("stopped before the deadline while writing evaluations: "
                    + written.get() + " of " + batches + " PutEvaluations batches written");
        }
        return calls.get();
    }

    /** One batch: sent, then what Config rejected sent again, up to {@value #ATTEMPTS} attempts. */
    private void writeBatch(List<ConfigEvaluation> batch, String resultToken, boolean testMode, AtomicInteger calls) {
        List<ConfigEvaluation> pending = batch;
        Duration wait = FIRST_PAUSE;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            calls.incrementAndGet();
            Set<String> failed = new HashSet<>(config.putEvaluations(pending, resultToken, testMode));
            pending = pending.stream().filter(evaluation -> failed.contains(evaluation.resourceId())).toList();
            if (pending.isEmpty()) {
                break;
            }
            if (attempt == ATTEMPTS) {
                throw new EvaluationsNotRecordedException("config:PutEvaluations rejected " + pending.size()
                        + " evaluation(s) after " + ATTEMPTS + " attempts: " + named(pending));
            }
            sleep(wait);
            wait = wait.multipliedBy(2);
        }
    }

    /**
     * Config orders a resource's evaluations by their ordering timestamp (design.md §2.6), and every evaluation of
     * one write carries the same one: two evaluations of one resource, in batches that may arrive in either order,
     * would leave to chance which one Config keeps.
     */
    private static void requireOneEvaluationPerResource(List<ConfigEvaluation> evaluations) {
        Set<String> seen = new HashSet<>();
        List<String> repeated = evaluations.stream().map(ConfigEvaluation::resourceId).filter(id -> !seen.add(id))
                .distinct().limit(NAMED_IN_MESSAGE).toList();
        if (!repeated.isEmpty()) {
            throw new IllegalArgumentException("refusing to write two evaluations of one resource in one invocation: "
                    + String.join(", ", repeated));
        }
    }

    private void sleep(Duration duration) {
        try {
            pause.pause(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationsNotRecordedException("interrupted while retrying config:PutEvaluations");
        }
    }

    private static String named(List<ConfigEvaluation> evaluations) {
        List<String> ids = new ArrayList<>(evaluations.stream().map(ConfigEvaluation::resourceId).toList());
        String shown = ids.stream().limit(NAMED_IN_MESSAGE).collect(Collectors.joining(", "));
        return ids.size() > NAMED_IN_MESSAGE ? shown + " and " + (ids.size() - NAMED_IN_MESSAGE) + " more" : shown;
    }
}
