package io.github.setupkeys.rule.config;

import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.Pause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes evaluations to Config as its contract requires: at most 100 per {@code PutEvaluations}; what Config
 * reports in {@code FailedEvaluations} is sent again (up to {@value #ATTEMPTS} attempts, with a pause that
 * doubles), and if Config still refuses, the invocation fails naming the resources.
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

    public EvaluationWriter(ConfigApi config, Pause pause) {
        this.config = Objects.requireNonNull(config, "config");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /**
     * Writes every evaluation; returns the number of {@code PutEvaluations} calls made. Stops before a batch
     * that cannot be sent (and retried) in the time left, saying how far it got: a batch is never cut off.
     */
    public int write(List<ConfigEvaluation> evaluations, String resultToken, boolean testMode, Deadline deadline) {
        int calls = 0;
        int batches = (evaluations.size() + BATCH - 1) / BATCH;
        for (int from = 0; from < evaluations.size(); from += BATCH) {
            deadline.ensure(TIME_PER_BATCH, "writing evaluations: " + from / BATCH + " of " + batches
                    + " PutEvaluations batches written");
            List<ConfigEvaluation> pending = evaluations.subList(from, Math.min(evaluations.size(), from + BATCH));
            Duration wait = FIRST_PAUSE;
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                calls++;
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
        return calls;
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
