package io.github.setupkeys.rule.config;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.InFlightGate;
import io.github.setupkeys.rule.evaluation.InMemoryIamFacts;
import io.github.setupkeys.rule.evaluation.OverlappingIamFacts;
import io.github.setupkeys.rule.evaluation.OverlappingIamFacts.Call;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A periodic run reads the results Config holds while its IAM phase runs, when more than one call may be in flight,
 * and before it, one call at a time; either way it decides what to record only once both have ended.
 */
class HeldResultsBesideIamTest {

    static final String HELD_READ = "config:GetComplianceDetailsByConfigRule";
    static final Instant SCHEDULED_AT = Instant.parse("2026-11-29T00:00:00Z");

    private final InMemoryIamFacts account = new InMemoryIamFacts();
    private final RecordingConfigApi config = new RecordingConfigApi();
    private final FakeContext context = new FakeContext();

    HeldResultsBesideIamTest() {
        for (int i = 0; i < 20; i++) {
            account.add(aUser().named("user" + i).withId("AIDAUSER" + i).withConsolePassword().facts());
        }
        account.add(aUser().named("finding").withId("AIDAFINDING").withConsolePassword().withKey(activeKey()).facts())
                .generateReport(T0.plus(Duration.ofDays(30)));
    }

    @ParameterizedTest(name = "{0} call(s) in flight: at most {1} of the held read and the IAM phase at once")
    @CsvSource({"1, 1", "8, 2"})
    void theHeldResultsAreReadWhileTheIamPhaseRunsOnlyWhenMoreThanOneCallMayBeInFlight(int inFlight, int together) {
        InFlightGate gate = new InFlightGate(together);

        invoke(new CallsInFlight(inFlight), gate, new GatedConfig(config, gate, () -> { }));

        assertThat(gate.mostInFlight()).isEqualTo(together);
        assertThat(lastLog().get("recorded").getAsInt()).isEqualTo(21);
        if (inFlight == 1) {
            assertThat(gate.arrivals()).as("the held results first, as always")
                    .containsExactly(HELD_READ, Call.LIST_USERS.shown());
        }
    }

    @Test
    void aFailingIamPhaseFailsTheRunOnlyOnceTheHeldReadHasEnded() {
        InFlightGate gate = new InFlightGate(2);
        AtomicBoolean readEnded = new AtomicBoolean();
        account.failing("ListUsers", new IllegalStateException("iam:ListUsers failed: AccessDenied"));
        ConfigApi slowReader = new GatedConfig(config, gate, () -> {
            sleep(300); // the IAM phase has failed by now
            readEnded.set(true);
        });

        assertThatThrownBy(() -> invoke(CallsInFlight.DEFAULTS, gate, slowReader))
                .hasMessage("iam:ListUsers failed: AccessDenied")
                .satisfies(failure -> assertThat(readEnded).as("the read had ended when the run failed").isTrue());

        assertThat(gate.mostInFlight()).as("the read was in flight beside the listing").isEqualTo(2);
        assertThat(config.puts()).isEmpty();
        assertThat(lastLog().get("outcome").getAsString()).isEqualTo("failed");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().startsWith("setupkeys-"));
    }

    @Test
    void aHeldReadThatFailsBesideTheIamPhaseStillMeansEveryVerdictIsRecorded() {
        InFlightGate gate = new InFlightGate(2);
        for (int i = 0; i < 20; i++) {
            config.storedResultFor("AIDAUSER" + i);
        }
        config.heldResultsIncomplete(HELD_READ + " failed: Throttling (HTTP 400, request id r-1) (page 2)");

        invoke(CallsInFlight.DEFAULTS, gate, new GatedConfig(config, gate, () -> { }));

        assertThat(gate.mostInFlight()).isEqualTo(2);
        assertThat(lastLog().get("recorded").getAsInt()).isEqualTo(21);
        assertThat(lastLog().get("recordedEveryVerdictBecause").getAsString()).isEqualTo("the held results could not "
                + "all be read: " + HELD_READ + " failed: Throttling (HTTP 400, request id r-1) (page 2)");
    }

    @Test
    void aResultWrittenAfterTheRunWasTriggeredIsNotClearedThoughItsUserIsNotListed() {
        // The held results are read beside the listing: a user created after it was listed and recorded by its own
        // change notification must not be taken for a deleted one.
        config.hold(new HeldResult("AIDACREATEDSINCE", ComplianceType.NON_COMPLIANT, Optional.of("found"),
                Optional.of(SCHEDULED_AT.plusSeconds(62)), Optional.of(SCHEDULED_AT.plusSeconds(61))));
        config.storedResultFor("AIDAGONE");

        invoke(CallsInFlight.DEFAULTS, new InFlightGate(1), config);

        assertThat(config.written()).extracting(ConfigEvaluation::resourceId).contains("AIDAGONE")
                .doesNotContain("AIDACREATEDSINCE");
        assertThat(lastLog().get("staleResultsCleared").getAsInt()).isEqualTo(1);
    }

    private void invoke(CallsInFlight inFlight, InFlightGate gate, ConfigApi configApi) {
        OverlappingIamFacts iam = new OverlappingIamFacts(account, gate, Set.of(Call.LIST_USERS));
        new ConfigRule(new FakeAccountAccess(iam, configApi), Clock.fixed(SCHEDULED_AT.plusSeconds(90), ZoneOffset.UTC),
                duration -> { }, inFlight).invoke(Events.load("scheduled.json"), context);
    }

    private JsonObject lastLog() {
        List<String> lines = context.logLines();
        return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Config whose read of the held results goes through a gate, then does {@code afterReading}. */
    private record GatedConfig(ConfigApi config, InFlightGate gate, Runnable afterReading) implements ConfigApi {

        @Override
        public List<String> putEvaluations(List<ConfigEvaluation> evaluations, String resultToken, boolean testMode) {
            return config.putEvaluations(evaluations, resultToken, testMode);
        }

        @Override
        public HeldResults heldResults(String configRuleName, String resourceType, Deadline deadline) {
            HeldResults held = gate.through(HELD_READ, () -> config.heldResults(configRuleName, resourceType, deadline));
            afterReading.run();
            return held;
        }

        @Override
        public ConfigurationItem latestConfigurationItem(String resourceType, String resourceId) {
            return config.latestConfigurationItem(resourceType, resourceId);
        }
    }
}
