package io.github.setupkeys.rule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.DeadlineExceededException;
import io.github.setupkeys.rule.evaluation.InFlightGate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writing evaluations as Config's contract asks: at most 100 a call, what Config rejects sent again, then named;
 * one call after another, and several batches at a time.
 */
class EvaluationWriterTest {

    private static final String ALICE_ID = "AIDAEXAMPLEALICE00001";
    private static final String TOKEN = "result-token";

    private final RecordingConfigApi config = new RecordingConfigApi();
    private final List<Duration> pauses = Collections.synchronizedList(new ArrayList<>());
    private final EvaluationWriter writer = new EvaluationWriter(config, pauses::add, CallsInFlight.ONE_AT_A_TIME);

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

    @Test
    void batchesAreWrittenSeveralAtATimeEachEvaluationOnce() {
        OverlappingConfigApi overlapping = new OverlappingConfigApi(config, 4);

        int calls = new EvaluationWriter(overlapping, pauses::add, new CallsInFlight(4))
                .write(evaluations(1000), TOKEN, false, Deadline.NONE);

        assertThat(overlapping.gate.mostInFlight()).as("four at once, never five").isEqualTo(4);
        assertThat(calls).isEqualTo(10);
        assertThat(config.written()).extracting(ConfigEvaluation::resourceId)
                .containsExactlyInAnyOrderElementsOf(evaluations(1000).stream().map(ConfigEvaluation::resourceId).toList());
    }

    @Test
    void whenTheDeadlineComesWhileBatchesAreInFlightTheyEndAndTheMessageCountsThem() {
        OverlappingConfigApi overlapping = new OverlappingConfigApi(config, 3);
        AtomicLong remaining = new AtomicLong(600_000);
        overlapping.gate.whenAllInFlight(() -> remaining.set(0));

        assertThatThrownBy(() -> new EvaluationWriter(overlapping, pauses::add, new CallsInFlight(3))
                .write(evaluations(1000), TOKEN, false, remaining::get))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessage("stopped before the deadline while writing evaluations: 3 of 10 PutEvaluations batches written");
        assertThat(config.puts()).hasSize(3).allSatisfy(put -> assertThat(put.evaluations()).hasSize(100));
    }

    @Test
    void withSeveralBatchesAtATimeEachBatchRetriesItsOwnRejectionsAndTheFirstBatchsFailureIsNamed() {
        config.alwaysFail(Set.of("AIDA7", "AIDA120"));
        OverlappingConfigApi bothInFlight = new OverlappingConfigApi(config, 2);

        assertThatThrownBy(() -> new EvaluationWriter(bothInFlight, pauses::add, new CallsInFlight(8))
                .write(evaluations(150), TOKEN, false, Deadline.NONE))
                .hasMessage("config:PutEvaluations rejected 1 evaluation(s) after 3 attempts: AIDA7");
        assertThat(config.puts()).extracting(put -> put.evaluations().size())
                .containsExactlyInAnyOrder(100, 50, 1, 1, 1, 1);
    }

    @ParameterizedTest(name = "{0} call(s) in flight")
    @ValueSource(ints = {1, 8})
    void aResourceIsNeverWrittenTwiceInOneInvocationSoBatchesMayArriveInAnyOrder(int inFlight) {
        List<ConfigEvaluation> twice = new ArrayList<>(evaluations(150));
        twice.add(new ConfigEvaluation("AWS::IAM::User", "AIDA42", ComplianceType.NOT_APPLICABLE,
                "The IAM user no longer exists.", Instant.parse("2026-11-29T00:00:00Z")));

        assertThatThrownBy(() -> new EvaluationWriter(config, pauses::add, new CallsInFlight(inFlight))
                .write(twice, TOKEN, false, Deadline.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refusing to write two evaluations of one resource in one invocation: AIDA42");
        assertThat(config.puts()).isEmpty();
    }

    /** A Config whose {@code PutEvaluations} goes through an {@link InFlightGate}, then records through {@code config}. */
    private static final class OverlappingConfigApi implements ConfigApi {

        final InFlightGate gate;
        private final ConfigApi config;

        OverlappingConfigApi(ConfigApi config, int expected) {
            this.config = config;
            this.gate = new InFlightGate(expected);
        }

        @Override
        public List<String> putEvaluations(List<ConfigEvaluation> evaluations, String resultToken, boolean testMode) {
            return gate.through(() -> config.putEvaluations(evaluations, resultToken, testMode));
        }

        @Override
        public HeldResults heldResults(String configRuleName, String resourceType, Deadline deadline) {
            return config.heldResults(configRuleName, resourceType, deadline);
        }

        @Override
        public ConfigurationItem latestConfigurationItem(String resourceType, String resourceId) {
            return config.latestConfigurationItem(resourceType, resourceId);
        }
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
