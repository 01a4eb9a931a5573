package io.github.setupkeys.rule.config;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.RecordingParameters;
import io.github.setupkeys.rule.domain.TestUsers;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.InMemoryIamFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a periodic run records, run after run, with IAM and a Config that keeps what is written in memory: every
 * verdict the first time, then only the changed ones and each day's share of the rolling refresh; every verdict
 * when the held results are incomplete or {@code recordUnchanged} is set. The verdicts themselves never depend on
 * what Config holds.
 */
class PeriodicRecordingTest {

    static final int USERS = 700;
    static final int SHARE = USERS / RecordingParameters.DEFAULT_REFRESH_DAYS;
    static final Instant FIRST_RUN = Instant.parse("2026-11-29T00:00:00Z");
    /** Config records a run's results this long after the run was scheduled. */
    static final Duration RECORDED_AFTER = Duration.ofSeconds(40);

    private final InMemoryIamFacts iam = new InMemoryIamFacts();
    private final SettableClock clock = new SettableClock(FIRST_RUN);
    private final RecordingConfigApi config = new RecordingConfigApi()
            .keepingWrites(() -> clock.instant().plus(RECORDED_AFTER));
    private final FakeAccountAccess accounts = new FakeAccountAccess(iam, config);
    private final FakeContext context = new FakeContext();
    private final ConfigRule rule = new ConfigRule(accounts, clock, duration -> { });

    PeriodicRecordingTest() {
        for (int i = 0; i < USERS; i++) {
            iam.add(user(i).facts());
        }
        iam.generateReport(T0.plus(Duration.ofDays(30)));
    }

    @Test
    void theFirstRunRecordsEveryUserAndASecondRunWithNothingChangedOnlyItsShareOfTheRefresh() {
        JsonObject first = runOnDay(0, Map.of());
        JsonObject second = runOnDay(1, Map.of());

        assertThat(first.get("recorded").getAsInt()).isEqualTo(USERS);
        assertThat(first.get("changed").getAsInt()).isEqualTo(USERS);
        assertThat(second.get("computed").getAsInt()).isEqualTo(USERS);
        assertThat(second.get("recorded").getAsInt()).isBetween(SHARE - 1, SHARE + 1);
        assertThat(second.get("refreshed").getAsInt()).isEqualTo(second.get("recorded").getAsInt());
        assertThat(second.get("skippedUnchanged").getAsInt()).isEqualTo(USERS - second.get("recorded").getAsInt());
        assertThat(second.get("heldResults").getAsInt()).isEqualTo(USERS);
        assertThat(second.get("putEvaluationsCalls").getAsInt())
                .isEqualTo((second.get("recorded").getAsInt() + 99) / 100);
    }

    @Test
    void usersWhoseVerdictChangedAreRecordedBesideTheShare() {
        runOnDay(0, Map.of());
        runOnDay(1, Map.of());
        List<String> changed = List.of(1, 2, 4, 5, 8).stream().map(i -> {
            // A console password removed: COMPLIANT becomes NOT_APPLICABLE.
            iam.add(aUser().named("user-" + i).withId(id(i)).facts());
            return id(i);
        }).toList();
        iam.generateReport(T0.plus(Duration.ofDays(31)));

        JsonObject third = runOnDay(2, Map.of());

        assertThat(third.get("changed").getAsInt()).isEqualTo(changed.size());
        assertThat(third.get("recorded").getAsInt()).isLessThanOrEqualTo(SHARE + 1 + changed.size());
        assertThat(lastRunWritten()).containsKeys(changed.toArray(String[]::new));
        assertThat(config.held().get(id(1)).complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
    }

    @Test
    void overTwoMonthsEachRunRecordsItsShareAndConfigHoldsEveryVerdictNoOlderThanTheRefreshPeriod() {
        runOnDay(0, Map.of());
        for (int day = 1; day <= 60; day++) {
            JsonObject run = runOnDay(day, Map.of());
            Instant now = clock.instant();

            assertThat(run.get("recorded").getAsInt()).as("day %d", day).isBetween(SHARE - 1, SHARE + 1);
            assertThat(heldVerdicts()).as("day %d", day).isEqualTo(computedVerdicts(now));
            assertThat(config.held().values()).allSatisfy(held -> assertThat(Duration.between(
                    held.assertedAt().orElseThrow(), now)).isLessThan(Duration.ofDays(7)));
        }
    }

    @Test
    void theVerdictsComputedDoNotDependOnWhatConfigHolds() {
        Map<String, String> withNothingHeld = computedVerdicts(FIRST_RUN);
        runOnDay(0, Map.of());
        runOnDay(1, Map.of());
        config.hold(new HeldResult(id(3), ComplianceType.NON_COMPLIANT, Optional.of("stale"), Optional.of(FIRST_RUN),
                Optional.of(FIRST_RUN)));

        assertThat(computedVerdicts(clock.instant())).isEqualTo(withNothingHeld);
        assertThat(computedVerdicts(clock.instant()).values()).extracting(verdict -> verdict.split(" ")[0])
                .contains("NON_COMPLIANT", "COMPLIANT", "NOT_APPLICABLE");
        JsonObject everything = runOnDay(2, Map.of("recordUnchanged", "true"));
        assertThat(everything.get("recorded").getAsInt()).isEqualTo(USERS);
        assertThat(lastRunWritten()).isEqualTo(withNothingHeld);
    }

    @Test
    void recordUnchangedRecordsEveryUserEveryRun() {
        runOnDay(0, Map.of("recordUnchanged", "true"));
        JsonObject second = runOnDay(1, Map.of("recordUnchanged", "true"));

        assertThat(second.get("recorded").getAsInt()).isEqualTo(USERS);
        assertThat(second.get("skippedUnchanged").getAsInt()).isZero();
        assertThat(second.get("recordedEveryVerdictBecause").getAsString()).isEqualTo("recordUnchanged=true");
    }

    @Test
    void aLongerRefreshPeriodReassertsASmallerShare() {
        runOnDay(0, Map.of("refreshDays", "35"));

        assertThat(runOnDay(1, Map.of("refreshDays", "35")).get("recorded").getAsInt()).isBetween(19, 21);
    }

    @Test
    void whenTheHeldResultsCannotAllBeReadEveryVerdictIsRecorded() {
        runOnDay(0, Map.of());
        config.heldResultsIncomplete("config:GetComplianceDetailsByConfigRule failed: Throttling (HTTP 400): "
                + "Rate exceeded (page 3)");

        JsonObject second = runOnDay(1, Map.of());

        assertThat(second.get("recorded").getAsInt()).isEqualTo(USERS);
        assertThat(second.get("recordedEveryVerdictBecause").getAsString()).isEqualTo("the held results could not "
                + "all be read: config:GetComplianceDetailsByConfigRule failed: Throttling (HTTP 400): Rate exceeded "
                + "(page 3)");
        assertThat(second.get("outcome").getAsString()).isEqualTo("ok");
    }

    @Test
    void aChangeNotificationIsWrittenEvenWhenConfigHoldsTheSameResult() {
        iam.add(aUser().named("alice").withId(ConfigRuleTest.ALICE_ID).withConsolePassword().facts());
        rule.invoke(Events.load("change-user.json"), context);
        int before = config.puts().size();

        rule.invoke(Events.load("change-user.json"), context);

        assertThat(config.puts()).hasSize(before + 1);
        assertThat(lastLog().get("recorded").getAsInt()).isEqualTo(1);
        assertThat(lastLog().get("skippedUnchanged").getAsInt()).isZero();
    }

    @Test
    void aGoneUsersResultIsMarkedNotApplicableOnceAndThenLeftAlone() {
        config.storedResultFor("AIDAGONE0000000000001").hold(new HeldResult("AIDAGONE0000000000002",
                ComplianceType.NOT_APPLICABLE, Optional.of("No console password: …"), Optional.of(T0), Optional.of(T0)));

        JsonObject first = runOnDay(0, Map.of());
        JsonObject second = runOnDay(30, Map.of());

        assertThat(first.get("staleResultsCleared").getAsInt()).isEqualTo(1);
        assertThat(first.get("computed").getAsInt()).isEqualTo(USERS + 1);
        assertThat(first.get("recorded").getAsInt()).isEqualTo(USERS + 1);
        assertThat(config.held().get("AIDAGONE0000000000001").annotation()).contains("The IAM user no longer exists.");
        assertThat(config.held().get("AIDAGONE0000000000002").annotation()).contains("No console password: …");
        assertThat(second.get("staleResultsCleared").getAsInt()).isZero();
        assertThat(second.get("heldResults").getAsInt()).isEqualTo(USERS + 2);
    }

    /** Runs the periodic rule as Config schedules it {@code day} days after the first run; its log line. */
    private JsonObject runOnDay(int day, Map<String, String> recording) {
        Instant scheduled = FIRST_RUN.plus(Duration.ofDays(day));
        clock.set(scheduled.plusSeconds(5));
        rule.invoke(scheduled(scheduled, recording), context);
        return lastLog();
    }

    private static ConfigEvent scheduled(Instant at, Map<String, String> recording) {
        ConfigEvent event = Events.withInvokingEvent("scheduled.json",
                invoking -> invoking.addProperty("notificationCreationTime", at.toString()));
        JsonObject parameters = new JsonObject();
        recording.forEach(parameters::addProperty);
        event.setRuleParameters(parameters.toString());
        return event;
    }

    /** What a periodic run at {@code now} computes for every user, whatever it would write. */
    private Map<String, String> computedVerdicts(Instant now) {
        ConfigInvocation invocation = ConfigInvocationParser.parse(scheduled(now, Map.of()));
        InvocationEvaluator.Outcome outcome = InvocationEvaluator.evaluate(invocation,
                new AccountConnection(iam, config, CallCounts.NONE), now, Deadline.NONE, CallsInFlight.DEFAULTS);
        return outcome.computed().stream().collect(Collectors.toMap(ConfigEvaluation::resourceId,
                evaluation -> evaluation.complianceType() + " " + evaluation.annotation()));
    }

    private Map<String, String> heldVerdicts() {
        return config.held().values().stream().collect(Collectors.toMap(HeldResult::resourceId,
                held -> held.complianceType() + " " + held.annotation().orElseThrow()));
    }

    private Map<String, String> lastRunWritten() {
        JsonObject log = lastLog();
        int recorded = log.get("recorded").getAsInt();
        List<ConfigEvaluation> written = config.written();
        return written.subList(written.size() - recorded, written.size()).stream().collect(Collectors.toMap(
                ConfigEvaluation::resourceId, evaluation -> evaluation.complianceType() + " " + evaluation.annotation()));
    }

    private JsonObject lastLog() {
        List<String> lines = context.logLines();
        return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    }

    /** One user in ten a finding, one in three without a password, the rest console users without keys. */
    private static TestUsers.UserBuilder user(int i) {
        TestUsers.UserBuilder user = aUser().named("user-" + i).withId(id(i));
        if (i % 10 == 0) {
            return user.withConsolePassword().withKey(activeKey().withId(String.format("AKIAFINDING%09d", i)));
        }
        return i % 3 == 0 ? user : user.withConsolePassword();
    }

    /** Ids in no particular order, as IAM gives them. */
    private static String id(int i) {
        return "AIDA" + Integer.toString(Math.floorMod(i * 7919 + 12345, 1_000_003), 36).toUpperCase() + "X" + i;
    }
}
