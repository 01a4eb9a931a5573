package io.github.setupkeys.rule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.DeadlineExceededException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Writing evaluations as Config's contract asks: at most 100 a call, what Config rejects sent again, then named. */
class EvaluationWriterTest {

    private static final String ALICE_ID = "AIDAEXAMPLEALICE00001";
    private static final String TOKEN = "result-token";

    private final RecordingConfigApi config = new RecordingConfigApi();
    private final List<Duration> pauses = new ArrayList<>();
    private final EvaluationWriter writer = new EvaluationWriter(config, pauses::add);

    @ParameterizedTest(name = "{0} evaluations -> PutEvaluations batches {1}")
    @CsvSource(delimiter = '|', value = {"1|1", "100|100", "101|100,1", "250|100,100,50"})
    void evaluationsAreWrittenAtMostOneHundredPerCall(int count, String batches) {
        int calls = writer.write(evaluations(count), TOKEN, false, Deadline.NONE);

        assertThat(config.puts()).extracting(put -> Integer.toString(put.evaluations().size()))
                .containsExactly(batches.split(","));
        assertThat(calls).isEqualTo(config.puts().size());
        assertThat(config.written()).extracting(ConfigEvaluation::resourceId).doesNotHaveDuplicates().hasSize(count);
    }

    @Test
    void everyCallCarriesTheResultTokenAndTheTestMode() {
        writer.write(evaluations(150), "TESTMODE", true, Deadline.NONE);

        assertThat(config.puts()).hasSize(2).allSatisfy(put -> {
            assertThat(put.testMode()).isTrue();
            assertThat(put.resultToken()).isEqualTo("TESTMODE");
        });
    }

    @Test
    void failedEvaluationsAreSentAgain() {
        config.failNextPuts(2);

        writer.write(List.of(evaluation(ALICE_ID)), TOKEN, false, Deadline.NONE);

        assertThat(config.puts()).hasSize(3);
        assertThat(pauses).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void evaluationsConfigKeepsRejectingFailTheWriteNamingThem() {
        config.alwaysFail(Set.of(ALICE_ID));

        assertThatThrownBy(() -> writer.write(List.of(evaluation(ALICE_ID)), TOKEN, false, Deadline.NONE))
                .isInstanceOf(EvaluationsNotRecordedException.class)
                .hasMessage("config:PutEvaluations rejected 1 evaluation(s) after 3 attempts: " + ALICE_ID);
        assertThat(config.puts()).hasSize(3);
    }

    @Test
    void onlyTheRejectedEvaluationsOfABatchAreSentAgain() {
        config.alwaysFail(Set.of("AIDA7", "AIDA120"));

        assertThatThrownBy(() -> writer.write(evaluations(150), TOKEN, false, Deadline.NONE))
                .hasMessage("config:PutEvaluations rejected 1 evaluation(s) after 3 attempts: AIDA7");
        assertThat(config.puts()).extracting(put -> put.evaluations().size()).containsExactly(100, 1, 1);
    }

    @Test
    void writingStopsBetweenBatchesWhenTheDeadlineComesNeverInOne() {
        int[] remaining = {40_000};
        Deadline closingIn = Deadline.of(() -> config.puts().isEmpty() ? remaining[0] : (remaining[0] -= 30_000));

        assertThatThrownBy(() -> writer.write(evaluations(250), TOKEN, false, closingIn))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessage("stopped before the deadline while writing evaluations: 2 of 3 PutEvaluations batches written");
        assertThat(config.puts()).hasSize(2);
    }

    /** {@code count} evaluations of users AIDA0, AIDA1 … */
    private static List<ConfigEvaluation> evaluations(int count) {
        return IntStream.range(0, count).mapToObj(i -> evaluation("AIDA" + i)).toList();
    }

    private static ConfigEvaluation evaluation(String userId) {
        return new ConfigEvaluation("AWS::IAM::User", userId, ComplianceType.COMPLIANT, "Console user without access keys.",
                Instant.parse("2026-11-29T00:00:00Z"));
    }
}
