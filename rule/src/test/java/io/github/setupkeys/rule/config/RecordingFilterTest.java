package io.github.setupkeys.rule.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.RecordingParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which of a periodic run's verdicts are recorded: only those that differ from what Config holds, or that are due
 * for a refresh; every one of them when the held results are incomplete or {@code recordUnchanged} says so.
 */
class RecordingFilterTest {

    static final Instant NOW = Instant.parse("2026-11-29T00:00:10Z");
    static final Instant RUN = Instant.parse("2026-11-29T00:00:00Z");
    static final Instant YESTERDAY = NOW.minus(Duration.ofDays(1));

    @Test
    void aVerdictConfigHoldsNoResultForIsRecorded() {
        RecordingFilter.Decision decision = decide(List.of(compliant("AIDANEW")), HeldResults.complete(List.of()));

        assertThat(decision.recorded()).extracting(ConfigEvaluation::resourceId).containsExactly("AIDANEW");
        assertThat(decision.changed()).isEqualTo(1);
    }

    @Test
    void aVerdictEqualToARecentlyAssertedResultIsNotRecorded() {
        ConfigEvaluation same = compliant("AIDASAME");

        RecordingFilter.Decision decision = decide(List.of(same), HeldResults.complete(List.of(held(same, YESTERDAY))));

        assertThat(decision.recorded()).isEmpty();
        assertThat(decision.skippedUnchanged()).isEqualTo(1);
        assertThat(decision.computed()).isEqualTo(1);
    }

    @Test
    void anotherComplianceTypeIsAChange() {
        ConfigEvaluation now = new ConfigEvaluation("AWS::IAM::User", "AIDAUSER", ComplianceType.NON_COMPLIANT,
                "Console user; none of its 1 access key(s) …", RUN);
        HeldResult before = new HeldResult("AIDAUSER", ComplianceType.COMPLIANT, Optional.of(now.annotation()),
                Optional.of(YESTERDAY), Optional.of(YESTERDAY));

        assertThat(decide(List.of(now), HeldResults.complete(List.of(before))).changed()).isEqualTo(1);
    }

    @Test
    void anotherAnnotationIsAChange() {
        ConfigEvaluation now = new ConfigEvaluation("AWS::IAM::User", "AIDAUSER", ComplianceType.NON_COMPLIANT,
                "Console user has access key(s) from initial setup: AKIANEWKEY …", RUN);
        HeldResult before = new HeldResult("AIDAUSER", ComplianceType.NON_COMPLIANT,
                Optional.of("Console user has access key(s) from initial setup: AKIAOLDKEY …"), Optional.of(YESTERDAY),
                Optional.of(YESTERDAY));
        HeldResult withoutAnnotation = new HeldResult("AIDAUSER", ComplianceType.NON_COMPLIANT, Optional.empty(),
                Optional.of(YESTERDAY), Optional.of(YESTERDAY));

        assertThat(decide(List.of(now), HeldResults.complete(List.of(before))).recorded()).containsExactly(now);
        assertThat(decide(List.of(now), HeldResults.complete(List.of(withoutAnnotation))).recorded()).containsExactly(now);
    }

    @Test
    void anAnnotationLongerThanConfigKeepsIsComparedAsConfigKeepsIt() {
        String longText = "k".repeat(300);
        ConfigEvaluation now = new ConfigEvaluation("AWS::IAM::User", "AIDAUSER", ComplianceType.NON_COMPLIANT,
                longText, RUN);
        HeldResult asKept = new HeldResult("AIDAUSER", ComplianceType.NON_COMPLIANT,
                Optional.of("k".repeat(255) + "…"), Optional.of(YESTERDAY), Optional.of(YESTERDAY));

        assertThat(decide(List.of(now), HeldResults.complete(List.of(asKept))).recorded()).isEmpty();
    }

    @Test
    void anUnchangedResultOlderThanTheRefreshPeriodIsRecordedAgain() {
        ConfigEvaluation same = compliant("AIDASAME");
        Instant eightDaysAgo = NOW.minus(Duration.ofDays(8));

        RecordingFilter.Decision decision = decide(List.of(same),
                HeldResults.complete(List.of(held(same, eightDaysAgo))));

        assertThat(decision.recorded()).containsExactly(same);
        assertThat(decision.refreshed()).isEqualTo(1);
        assertThat(decision.changed()).isZero();
    }

    @Test
    void aHeldResultWithoutTimesIsRecordedAgain() {
        ConfigEvaluation same = compliant("AIDASAME");
        HeldResult undated = new HeldResult("AIDASAME", same.complianceType(), Optional.of(same.annotation()),
                Optional.empty(), Optional.empty());

        assertThat(decide(List.of(same), HeldResults.complete(List.of(undated))).refreshed()).isEqualTo(1);
    }

    @Test
    void theAgeRunsFromTheLaterOfTheRecordedTimeAndTheOrderingTimestamp() {
        ConfigEvaluation same = compliant("AIDASAME");
        // Config kept the first recorded time when the same result was written again yesterday.
        HeldResult rewritten = new HeldResult("AIDASAME", same.complianceType(), Optional.of(same.annotation()),
                Optional.of(NOW.minus(Duration.ofDays(30))), Optional.of(YESTERDAY));

        assertThat(rewritten.assertedAt()).contains(YESTERDAY);
        assertThat(decide(List.of(same), HeldResults.complete(List.of(rewritten))).recorded()).isEmpty();
    }

    @Test
    void aRefreshReassertsAboutOneSeventhOfUnchangedUsersADay() {
        List<ConfigEvaluation> computed = new ArrayList<>();
        List<HeldResult> held = new ArrayList<>();
        for (String id : RollingRefreshTest.ids(700)) {
            ConfigEvaluation evaluation = compliant(id);
            computed.add(evaluation);
            held.add(held(evaluation, YESTERDAY));
        }

        RecordingFilter.Decision decision = decide(computed, HeldResults.complete(held));

        assertThat(decision.refreshed()).isEqualTo(100);
        assertThat(decision.skippedUnchanged()).isEqualTo(600);
    }

    @Test
    void incompleteHeldResultsMeanEveryVerdictIsRecorded() {
        ConfigEvaluation same = compliant("AIDASAME");
        ConfigEvaluation other = compliant("AIDAOTHER");

        RecordingFilter.Decision decision = decide(List.of(same, other), HeldResults.incomplete(
                List.of(held(same, YESTERDAY)), "config:GetComplianceDetailsByConfigRule failed: Throttling (page 2)"));

        assertThat(decision.recorded()).containsExactly(same, other);
        assertThat(decision.skippedUnchanged()).isZero();
        assertThat(decision.everyVerdictBecause()).contains("the held results could not all be read: "
                + "config:GetComplianceDetailsByConfigRule failed: Throttling (page 2)");
    }

    @Test
    void recordUnchangedRecordsEveryVerdict() {
        ConfigEvaluation same = compliant("AIDASAME");

        RecordingFilter.Decision decision = RecordingFilter.decide(List.of(same),
                HeldResults.complete(List.of(held(same, YESTERDAY))), new RecordingParameters(7, true), NOW);

        assertThat(decision.recorded()).containsExactly(same);
        assertThat(decision.everyVerdictBecause()).contains("recordUnchanged=true");
    }

    @Test
    void whatIsRecordedIsTheVerdictsAsComputedInTheirOrder() {
        List<ConfigEvaluation> computed = List.of(compliant("AIDAC"), compliant("AIDAB"), compliant("AIDAA"));

        RecordingFilter.Decision decision = decide(computed,
                HeldResults.complete(List.of(held(computed.get(1), NOW.minusSeconds(60)))));

        assertThat(decision.recorded()).containsExactly(computed.get(0), computed.get(2));
        assertThat(decision.recorded().get(0)).isSameAs(computed.get(0));
    }

    private static RecordingFilter.Decision decide(List<ConfigEvaluation> computed, HeldResults held) {
        return RecordingFilter.decide(computed, held, RecordingParameters.DEFAULTS, NOW);
    }

    private static ConfigEvaluation compliant(String id) {
        return new ConfigEvaluation("AWS::IAM::User", id, ComplianceType.COMPLIANT, "Console user without access keys.",
                RUN);
    }

    private static HeldResult held(ConfigEvaluation evaluation, Instant recorded) {
        return new HeldResult(evaluation.resourceId(), evaluation.complianceType(), Optional.of(evaluation.annotation()),
                Optional.of(recorded), Optional.of(recorded.minusSeconds(5)));
    }
}
