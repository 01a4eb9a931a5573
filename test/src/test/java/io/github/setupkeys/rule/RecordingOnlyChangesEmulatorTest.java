package io.github.setupkeys.rule;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.ConfigStandIn;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.it.support.ResetMotoOncePerClass;
import io.github.setupkeys.it.support.ShortSetupWindow;
import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.aws.AwsClients;
import io.github.setupkeys.rule.aws.ConfigClientApi;
import io.github.setupkeys.rule.aws.IamClientFacts;
import io.github.setupkeys.rule.aws.ReportWait;
import io.github.setupkeys.rule.config.Events;
import io.github.setupkeys.rule.config.HeldResult;
import io.github.setupkeys.rule.config.HeldResults;
import io.github.setupkeys.rule.config.SettableClock;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.UserEvaluator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Periodic runs against moto, with Config's side played by the stand-in as its API reference describes it (results
 * with annotation, recorded time and ordering timestamp; pages of at most 100): the first run records every user,
 * later ones only what changed and each day's share of the rolling refresh, and Config then holds every user's
 * verdict as a per-user evaluation gives it. Days pass on the rule's clock and the stand-in's, not the machine's.
 * The users are seeded once; each test starts with Config holding nothing, and compares with IAM as it is then.
 */
@ExtendWith(MotoExtension.class)
@ResetMotoOncePerClass
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingOnlyChangesEmulatorTest {

    private static final Gson GSON = new Gson();
    /** moto completes a credential report at once; polling every 2 s, as against IAM, would only make runs slow. */
    private static final ReportWait QUICK_REPORT_WAIT = new ReportWait(Duration.ofMillis(100), 100);
    private static final int PER_KIND = 7;
    private static final int USERS = 6 * PER_KIND;
    /** ⌈42 / 7⌉ and one more: a result recorded while a run goes on can move one user to the next run. */
    private static final int MOST_PER_DAY = (USERS + 6) / 7 + 1;

    private IamSeeder seed;
    private AwsStandIn standIn;
    private Instant firstRun;
    private SettableClock clock;
    private EmulatedRule.Running rule;
    private FakeContext context;
    private final Map<String, String> window = Map.of("setupWindowSeconds", ShortSetupWindow.VALUE);
    private final List<User> users = new ArrayList<>();
    private final Map<String, String> findingKeys = new TreeMap<>();

    @BeforeAll
    void seed(MotoServer moto) {
        seed = new IamSeeder(moto);
        for (int i = 0; i < PER_KIND; i++) {
            users.add(seed.user("console-" + i));
            seed.consolePassword("console-" + i);
            users.add(seed.user("service-" + i));
            users.add(seed.user("finding-" + i));
            seed.consolePassword("finding-" + i);
            findingKeys.put("finding-" + i, seed.accessKey("finding-" + i));
            users.add(seed.user("pipeline-" + i));
            seed.accessKey("pipeline-" + i);
            users.add(seed.user("used-" + i));
            seed.consolePassword("used-" + i);
            seed.use(seed.accessKey("used-" + i));
            users.add(seed.user("staff-" + i, "/team/ops/"));
            seed.consolePassword("staff-" + i);
        }
        ShortSetupWindow.waitPastIt();
        standIn = AwsStandIn.inFrontOf(moto);
    }

    @BeforeEach
    void newRuleAndEmptyConfig() {
        if (rule != null) {
            rule.close();
        }
        standIn.clear();
        firstRun = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock = new SettableClock(firstRun);
        // Config records a result a few seconds after the run it came from was scheduled.
        standIn.config().clock(clock.later(Duration.ofSeconds(3)));
        rule = EmulatedRule.against(standIn.endpoint(), QUICK_REPORT_WAIT, clock);
        context = new FakeContext(EmulatedRule.FUNCTION_ARN, 300_000);
    }

    @AfterAll
    void stop() {
        rule.close();
        standIn.close();
        seed.close();
    }

    @Test
    void theFirstRunRecordsEveryUserLaterOnesTheirShareAndConfigHoldsEveryUsersVerdict() {
        JsonObject first = runOnDay(0, Map.of());
        JsonObject second = runOnDay(1, Map.of());

        assertThat(first.get("recorded").getAsInt()).isEqualTo(USERS);
        assertThat(second.get("recorded").getAsInt()).isBetween(1, MOST_PER_DAY);
        assertThat(second.get("skippedUnchanged").getAsInt()).isEqualTo(USERS - second.get("recorded").getAsInt());
        assertThat(second.get("heldResults").getAsInt()).isEqualTo(USERS);
        assertThat(standIn.calls().count("config:GetComplianceDetailsByConfigRule")).as("42 results in one page")
                .isEqualTo(1);
        assertThat(storedVerdicts()).isEqualTo(perUserVerdicts());
    }

    @Test
    void usersWhoseVerdictChangedAreRecordedBesideTheShareAndConfigFollows() {
        runOnDay(0, Map.of());
        runOnDay(1, Map.of());
        seed.iam().deleteLoginProfile(request -> request.userName("console-0"));
        seed.consolePassword("service-0");
        seed.iam().deleteAccessKey(request -> request.userName("finding-0").accessKeyId(findingKeys.get("finding-0")));
        int putsBefore = standIn.config().putEvaluationsCalls().size();

        JsonObject third = runOnDay(2, Map.of());

        assertThat(third.get("changed").getAsInt()).isEqualTo(3);
        assertThat(third.get("recorded").getAsInt()).isLessThanOrEqualTo(MOST_PER_DAY + 3);
        assertThat(writtenSince(putsBefore)).contains(userId("console-0"), userId("service-0"), userId("finding-0"));
        assertThat(storedVerdicts()).isEqualTo(perUserVerdicts());
        assertThat(storedVerdicts()).containsEntry(userId("console-0"), "NOT_APPLICABLE")
                .containsEntry(userId("service-0"), "COMPLIANT").containsEntry(userId("finding-0"), "COMPLIANT");
    }

    @Test
    void whetherOrNotConfigMovesTheRecordedTimeOfAnUnchangedResultEachRunRecordsOnlyItsShare() {
        standIn.config().keepRecordedTimeOfUnchangedResults(true);
        runOnDay(0, Map.of());

        for (int day = 1; day <= 10; day++) {
            assertThat(runOnDay(day, Map.of()).get("recorded").getAsInt()).as("day %d", day)
                    .isLessThanOrEqualTo(MOST_PER_DAY);
        }
        Instant now = clock.instant();
        assertThat(standIn.config().held().values()).allSatisfy(held -> assertThat(Duration.between(
                held.evaluation().orderingTimestamp(), now)).isLessThan(Duration.ofDays(7)));
        assertThat(standIn.config().held().values()).as("some results kept their first recorded time")
                .anySatisfy(held -> assertThat(Duration.between(held.recordedTime(), now))
                        .isGreaterThan(Duration.ofDays(7)));
    }

    @Test
    void whenAPageOfHeldResultsFailsTheRunRecordsEveryVerdict() {
        runOnDay(0, Map.of());
        standIn.config().pageSize(10);
        standIn.config().failComplianceDetails(2, 1);

        JsonObject second = runOnDay(1, Map.of());

        assertThat(second.get("outcome").getAsString()).isEqualTo("ok");
        assertThat(second.get("recorded").getAsInt()).isEqualTo(USERS);
        assertThat(second.get("recordedEveryVerdictBecause").getAsString()).as("AWS's own text stays out of the log")
                .isEqualTo("the held results could not all be read: config:GetComplianceDetailsByConfigRule failed: "
                        + "AccessDeniedException (HTTP 400) (page 3)");
        assertThat(storedVerdicts()).isEqualTo(perUserVerdicts());
    }

    @Test
    void recordUnchangedRecordsEveryUserEveryRun() {
        runOnDay(0, Map.of("recordUnchanged", "true"));

        assertThat(runOnDay(1, Map.of("recordUnchanged", "true")).get("recorded").getAsInt()).isEqualTo(USERS);
    }

    @Test
    void theHeldResultsAreReadWithTheirAnnotationsAndTimesPageByPageUntilTheDeadline() {
        runOnDay(0, Map.of());
        standIn.config().pageSize(10);
        Instant recorded = clock.instant().plusSeconds(3);
        try (AwsClients clients = new AwsClients(Region.US_EAST_1, Optional.of(standIn.endpoint()))) {
            ConfigClientApi config = new ConfigClientApi(clients.config(IamSeeder.TEST_CREDENTIALS));

            HeldResults all = config.heldResults("iam-user-no-setup-access-keys", "AWS::IAM::User", Deadline.NONE);
            AtomicInteger pagesAllowed = new AtomicInteger(2);
            HeldResults cut = config.heldResults("iam-user-no-setup-access-keys", "AWS::IAM::User",
                    () -> pagesAllowed.getAndDecrement() > 0 ? 60_000 : 0);

            assertThat(all.isComplete()).isTrue();
            assertThat(all.byResourceId()).hasSize(USERS);
            HeldResult finding = all.byResourceId().get(userId("finding-0"));
            assertThat(finding.complianceType()).isEqualTo(ComplianceType.NON_COMPLIANT);
            assertThat(finding.annotation()).contains(standIn.config().stored().get(userId("finding-0")).annotation());
            assertThat(finding.recordedTime()).contains(recorded);
            assertThat(finding.orderingTimestamp()).contains(clock.instant().minusSeconds(5));
            assertThat(cut.isComplete()).isFalse();
            assertThat(cut.byResourceId()).hasSize(20);
            assertThat(cut.incompleteBecause()).contains("stopped before the deadline after 2 page(s) of "
                    + "config:GetComplianceDetailsByConfigRule");
        }
    }

    /** A periodic run scheduled {@code day} days after the first, started 5 s later; its log line. */
    private JsonObject runOnDay(int day, Map<String, String> recording) {
        Instant scheduled = firstRun.plus(Duration.ofDays(day));
        clock.set(scheduled.plusSeconds(5));
        ConfigEvent event = Events.withInvokingEvent("scheduled.json",
                invoking -> invoking.addProperty("notificationCreationTime", scheduled.toString()));
        event.setAccountId(EmulatedRule.OWN_ACCOUNT);
        Map<String, String> parameters = new TreeMap<>(window);
        parameters.putAll(recording);
        event.setRuleParameters(GSON.toJson(parameters));
        standIn.calls().clear();
        rule.handler().handleRequest(event, context);
        return JsonParser.parseString(context.logLines().get(context.logLines().size() - 1)).getAsJsonObject();
    }

    private Map<String, String> storedVerdicts() {
        return standIn.config().stored().values().stream().collect(Collectors.toMap(ConfigStandIn.Evaluation::resourceId,
                ConfigStandIn.Evaluation::complianceType));
    }

    /** Every user evaluated on its own with live calls: what Config should hold. */
    private Map<String, String> perUserVerdicts() {
        RuleParameters parameters = RuleParameters.fromMap(window);
        try (AwsClients clients = new AwsClients(Region.US_EAST_1, Optional.of(standIn.endpoint()))) {
            IamClientFacts iam = new IamClientFacts(clients.iam(IamSeeder.TEST_CREDENTIALS));
            UserEvaluator evaluator = new UserEvaluator(iam);
            return iam.listUsers().stream().collect(Collectors.toMap(user -> user.userId().orElseThrow(),
                    (IamUser user) -> evaluator.evaluate(user, parameters).complianceType().name()));
        }
    }

    private List<String> writtenSince(int puts) {
        List<ConfigStandIn.PutEvaluationsCall> calls = standIn.config().putEvaluationsCalls();
        return calls.subList(puts, calls.size()).stream().flatMap(call -> call.evaluations().stream())
                .map(ConfigStandIn.Evaluation::resourceId).toList();
    }

    private String userId(String name) {
        return users.stream().filter(user -> user.userName().equals(name)).findFirst().orElseThrow().userId();
    }
}
