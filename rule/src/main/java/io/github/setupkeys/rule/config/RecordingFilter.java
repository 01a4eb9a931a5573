package io.github.setupkeys.rule.config;

import io.github.setupkeys.rule.domain.Annotation;
import io.github.setupkeys.rule.domain.RecordingParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which of a periodic run's verdicts are recorded (design.md §2.12). Config bills every evaluation recorded, and
 * keeps a result until it is overwritten or deleted, so a verdict equal to the one Config holds is sent only when
 * the held one is due for a refresh ({@link RollingRefresh}). Recorded are the verdicts Config holds none of, those
 * whose compliance type or annotation differ from the held one, and those due. Every verdict is recorded when the
 * held results could not all be read, or when {@code recordUnchanged} asks for it: never fewer than needed.
 *
 * <p>It only chooses among verdicts already computed; what a verdict is does not depend on it.
 */
public final class RecordingFilter {

    /**
     * What to record, and why.
     *
     * @param recorded the evaluations to write, in the order computed
     * @param computed how many verdicts were computed
     * @param changed recorded because Config holds no result or another one; every user's verdict when all are recorded
     * @param refreshed recorded unchanged, because the held result was due for a refresh
     * @param skippedUnchanged equal to the held result and not due: not recorded
     * @param everyVerdictBecause why every verdict was recorded, when it was
     */
    public record Decision(List<ConfigEvaluation> recorded, int computed, int changed, int refreshed,
            int skippedUnchanged, Optional<String> everyVerdictBecause) {
        public Decision {
            recorded = List.copyOf(recorded);
        }

        /** Every verdict computed, recorded, for {@code because}. */
        static Decision every(List<ConfigEvaluation> computed, String because) {
            return new Decision(computed, computed.size(), computed.size(), 0, 0, Optional.of(because));
        }
    }

    private RecordingFilter() {
    }

    /**
     * @param computed every current user's evaluation
     * @param held what Config holds for the rule
     * @param now when the invocation started
     */
    public static Decision decide(List<ConfigEvaluation> computed, HeldResults held, RecordingParameters parameters,
            Instant now) {
        if (parameters.recordUnchanged()) {
            return Decision.every(computed, RecordingParameters.RECORD_UNCHANGED + "=true");
        }
        if (!held.isComplete()) {
            return Decision.every(computed, "the held results could not all be read: "
                    + held.incompleteBecause().orElseThrow());
        }
        RollingRefresh refresh = new RollingRefresh(computed.stream().map(ConfigEvaluation::resourceId).toList(),
                Duration.ofDays(parameters.refreshDays()));
        List<ConfigEvaluation> recorded = new ArrayList<>();
        int changed = 0;
        int refreshed = 0;
        for (ConfigEvaluation evaluation : computed) {
            Optional<HeldResult> result = held.of(evaluation.resourceId());
            if (result.isEmpty() || !holds(result.get(), evaluation)) {
                changed++;
                recorded.add(evaluation);
            } else if (result.get().assertedAt().map(at -> refresh.due(evaluation.resourceId(), at, now))
                    .orElse(true)) {
                refreshed++;
                recorded.add(evaluation);
            }
        }
        return new Decision(recorded, computed.size(), changed, refreshed, computed.size() - recorded.size(),
                Optional.empty());
    }

    /**
     * Whether Config already holds {@code evaluation}: the same compliance type and the same annotation, compared as
     * Config stores it: at most 256 characters, cut by {@link Annotation#fit} as every verdict's annotation is.
     */
    static boolean holds(HeldResult result, ConfigEvaluation evaluation) {
        return result.complianceType() == evaluation.complianceType()
                && result.annotation().equals(Optional.of(Annotation.fit(evaluation.annotation())));
    }
}
