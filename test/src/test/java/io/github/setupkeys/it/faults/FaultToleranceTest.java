package io.github.setupkeys.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.ConfigStandIn;
import io.github.setupkeys.it.support.FaultPlan;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.it.support.ResetMotoOncePerClass;
import io.github.setupkeys.it.support.ShortSetupWindow;
import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.EmulatedRule;
import io.github.setupkeys.rule.aws.ReportWait;
import io.github.setupkeys.rule.config.Events;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.iam.model.User;

/**
 * The rule under throttling, server errors, slow answers and dropped connections, injected at the wire by
 * the stand-in: verdicts equal the fault-free run's; failures that do not pass fail the invocation naming
 * the call and write nothing. The periodic run confirms its 32 candidates several at a time, so every periodic
 * test here runs concurrently.
 */
@ExtendWith(MotoExtension.class)
@ResetMotoOncePerClass
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultToleranceTest {

    private static final String WINDOW = ShortSetupWindow.VALUE;
    private static final ReportWait SHORT_REPORT_WAIT = new ReportWait(Duration.ofMillis(200), 5);
    /** Throttling answers in a burst: about two for each of the eight calls in flight, well under 8 attempts. */
    private static final int BURST = 16;

    private AwsStandIn standIn;
    private final List<User> users = new ArrayList<>();
    private Map<String, String> faultFree;

    @BeforeAll
    void seed(MotoServer moto) {
        try (IamSeeder seed = new IamSeeder(moto)) {
            for (int i = 0; i < 8; i++) {
                users.add(seed.user("finding-" + i, i % 2 == 0 ? "/" : "/team/ops/"));
                seed.consolePassword("finding-" + i);
                seed.accessKey("finding-" + i);
                users.add(seed.user("console-" + i));
                seed.consolePassword("console-" + i);
                users.add(seed.user("service-" + i));
                seed.accessKey("service-" + i);
                users.add(seed.user("used-" + i));
                seed.consolePassword("used-" + i);
                seed.use(seed.accessKey("used-" + i));
                users.add(seed.user("rotated-" + i));
                seed.consolePassword("rotated-" + i);
                users.add(seed.user("exempt-" + i));
                seed.consolePassword("exempt-" + i);
                seed.accessKey("exempt-" + i);
                seed.tag("exempt-" + i, "setupkeys", "exempt");
            }
            ShortSetupWindow.waitPastIt();
            for (int i = 0; i < 8; i++) {
                seed.accessKey("rotated-" + i);
            }
        }
        standIn = AwsStandIn.inFrontOf(moto);
        faultFree = periodicRun(new FakeContext(EmulatedRule.FUNCTION_ARN, 900_000), ReportWait.DEFAULT);
        assertThat(faultFree).hasSize(users.size()).containsValues("NON_COMPLIANT", "COMPLIANT", "NOT_APPLICABLE");
        standIn.clear();
    }

    @AfterEach
    void clearFaults() {
        standIn.clear();
    }

    @AfterAll
    void stop() {
        standIn.close();
    }

    @Test
    void aPeriodicRunUnderFaultsReachesTheFaultFreeVerdicts() {
        FaultPlan faults = new FaultPlan("iam", 0.12, 0.08, 0.05, 0.05, Duration.ofMillis(300), 11);
        standIn.injectFaults(faults);

        Map<String, String> underFaults = periodicRun(new FakeContext(EmulatedRule.FUNCTION_ARN, 900_000),
                ReportWait.DEFAULT);

        assertThat(faults.injected()).as("faults injected").isGreaterThan(5);
        assertThat(underFaults).isEqualTo(faultFree);
    }

    @Test
    void changeNotificationsUnderFaultsReachTheFaultFreeVerdicts() {
        FaultPlan faults = new FaultPlan("iam", 0.12, 0.08, 0.05, 0.05, Duration.ofMillis(300), 23);
        standIn.injectFaults(faults);
        Map<String, String> underFaults = new LinkedHashMap<>();
        List<User> twoOfEachKind = users.subList(0, 12);
        try (EmulatedRule.Running rule = EmulatedRule.against(standIn.endpoint())) {
            for (User user : twoOfEachKind) {
                rule.handler().handleRequest(change(user), new FakeContext(EmulatedRule.FUNCTION_ARN, 60_000));
            }
        }
        standIn.config().evaluations().forEach(e -> underFaults.put(e.resourceId(), e.complianceType()));

        assertThat(faults.injected()).as("faults injected").isGreaterThan(3);
        twoOfEachKind.forEach(user -> assertThat(underFaults.get(user.userId())).as(user.userName())
                .isEqualTo(faultFree.get(user.userId())));
    }

    @ParameterizedTest(name = "{0} always denied -> the run fails naming it and writes nothing")
    @ValueSource(strings = {"iam:ListUsers", "iam:GenerateCredentialReport", "iam:GetCredentialReport",
        "iam:GetLoginProfile", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed", "iam:ListUserTags"})
    void aPersistentFailureOfACallTheVerdictNeedsFailsTheRunNamingIt(String call) {
        standIn.answerWithError(call, Integer.MAX_VALUE, 403, "AccessDenied",
                "User: arn:aws:sts::123456789012:assumed-role/rule/x is not authorized to perform: " + call);

        assertThatThrownBy(() -> periodicRun(new FakeContext(EmulatedRule.FUNCTION_ARN, 900_000), ReportWait.DEFAULT))
                .hasMessageStartingWith(call + " failed: AccessDenied (HTTP 403)");
        assertThat(standIn.config().putEvaluationsCalls()).isEmpty();
    }

    @Test
    void theLogLineOfARunThatIamDeniedNamesTheCallButNotTheUserAwssTextNamed() {
        String user = users.get(0).userName();
        standIn.answerWithError("iam:GetLoginProfile", Integer.MAX_VALUE, 403, "AccessDenied", "User: "
                + "arn:aws:sts::123456789012:assumed-role/rule/x is not authorized to perform: iam:GetLoginProfile on "
                + "resource: user " + user + " because no identity-based policy allows the iam:GetLoginProfile action");
        FakeContext context = new FakeContext(EmulatedRule.FUNCTION_ARN, 60_000);

        try (EmulatedRule.Running rule = EmulatedRule.against(standIn.endpoint())) {
            assertThatThrownBy(() -> rule.handler().handleRequest(change(users.get(0)), context))
                    .as("the failure itself, which Lambda reports, keeps AWS's text").hasMessageContaining(user);
        }
        String line = context.logLines().get(context.logLines().size() - 1);
        assertThat(line).contains("iam:GetLoginProfile failed: AccessDenied (HTTP 403)", "request id")
                .doesNotContain(user).doesNotContain("assumed-role");
    }

    @Test
    void aPersistentFailureOfGetUserFailsAChangeNotificationNamingIt() {
        standIn.answerWithError("iam:GetUser", Integer.MAX_VALUE, 403, "AccessDenied", "not authorized: iam:GetUser");

        try (EmulatedRule.Running rule = EmulatedRule.against(standIn.endpoint())) {
            assertThatThrownBy(() -> rule.handler().handleRequest(change(users.get(0)),
                    new FakeContext(EmulatedRule.FUNCTION_ARN, 60_000)))
                    .hasMessageStartingWith("iam:GetUser failed: AccessDenied");
        }
        assertThat(standIn.config().putEvaluationsCalls()).isEmpty();
    }

    @Test
    void failedEvaluationsAreSentAgainUntilConfigKeepsThem() {
        standIn.config().failPutEvaluations(2);

        assertThat(periodicRun(new FakeContext(EmulatedRule.FUNCTION_ARN, 900_000), ReportWait.DEFAULT))
                .isEqualTo(faultFree);
        assertThat(standIn.config().putEvaluationsCalls()).hasSize(3);
        assertThat(standIn.config().stored()).hasSize(users.size());
    }

    @Test
    void evaluationsConfigKeepsRejectingFailTheRunNamingThem() {
        standIn.config().failPutEvaluations(3);

        assertThatThrownBy(() -> periodicRun(new FakeContext(EmulatedRule.FUNCTION_ARN, 900_000), ReportWait.DEFAULT))
                .hasMessageStartingWith("config:PutEvaluations rejected " + users.size() + " evaluation(s) after 3 attempts: ");
        assertThat(standIn.config().stored()).isEmpty();
    }

    @Test
    void aCredentialReportThatNeverCompletesIsReplacedByLiveConfirmationWhenTimeAllows() {
        standIn.credentialReportNeverReady();

        Map<String, String> withoutReport = periodicRun(new FakeContext(EmulatedRule.FUNCTION_ARN, 900_000),
                SHORT_REPORT_WAIT);

        assertThat(withoutReport).isEqualTo(faultFree);
        assertThat(standIn.calls().count("iam:GenerateCredentialReport")).isEqualTo(SHORT_REPORT_WAIT.maxPolls());
        assertThat(standIn.calls().count("iam:GetLoginProfile")).isEqualTo(users.size());
    }

    @Test
    void aCredentialReportThatNeverCompletesFailsTheRunClearlyWhenTimeIsShort() {
        standIn.credentialReportNeverReady();

        // 31 s left: 1 s to evaluate once the 30 s kept for writing are set aside; 48 users, 8 at a time, need 1.5.
        assertThatThrownBy(() -> periodicRun(new FakeContext(EmulatedRule.FUNCTION_ARN, 31_000), SHORT_REPORT_WAIT))
                .hasMessageStartingWith("IAM credential report not ready after 5 polls of iam:GenerateCredentialReport")
                .hasMessageEndingWith("; confirming all " + users.size() + " users live instead could take 2 s with "
                        + CallsInFlight.DEFAULT + " call(s) in flight, more than is left");
        assertThat(standIn.config().putEvaluationsCalls()).isEmpty();
    }

    @Test
    void aThrottledBurstWhileCandidatesAreConfirmedConcurrentlySlowsTheRunButChangesNoVerdictNorCallCount() {
        standIn.answerDelay(Duration.ofMillis(20));
        FakeContext faultFreeRun = new FakeContext(EmulatedRule.FUNCTION_ARN, 900_000);
        periodicRun(faultFreeRun, ReportWait.DEFAULT);
        int callsWithoutFaults = standIn.calls().total("iam");
        standIn.calls().clear();
        standIn.config().clear();
        FaultPlan burst = FaultPlan.throttlingBurst(BURST, "iam:GetLoginProfile", "iam:ListAccessKeys",
                "iam:GetAccessKeyLastUsed", "iam:ListUserTags");
        standIn.injectFaults(burst);
        FakeContext throttledRun = new FakeContext(EmulatedRule.FUNCTION_ARN, 900_000);

        Map<String, String> underBurst = periodicRun(throttledRun, ReportWait.DEFAULT);

        assertThat(burst.injected()).as("throttling answers given").isEqualTo(BURST);
        assertThat(underBurst).isEqualTo(faultFree);
        assertThat(standIn.calls().mostInFlight("iam")).as("IAM calls in flight at once")
                .isGreaterThan(1).isLessThanOrEqualTo(CallsInFlight.DEFAULT);
        assertThat(standIn.calls().total("iam")).as("every throttled call sent again")
                .isEqualTo(callsWithoutFaults + BURST);
        assertThat(logged(throttledRun, "iamCalls")).as("the log counts calls, not attempts")
                .isEqualTo(logged(faultFreeRun, "iamCalls")).isEqualTo(callsWithoutFaults);
    }

    @Test
    void anExpiredCredentialReportIsGeneratedAgain() {
        standIn.answerWithError("iam:GetCredentialReport", 1, 410, "ReportExpired", "The report has expired");

        assertThat(periodicRun(new FakeContext(EmulatedRule.FUNCTION_ARN, 900_000), ReportWait.DEFAULT))
                .isEqualTo(faultFree);
        assertThat(standIn.calls().count("iam:GetCredentialReport")).isEqualTo(2);
    }

    /** A number from the invocation's log line. */
    private static int logged(FakeContext context, String field) {
        List<String> lines = context.logLines();
        return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject().get(field).getAsInt();
    }

    /** Runs the periodic rule; the verdicts it wrote, by user id. */
    private Map<String, String> periodicRun(FakeContext context, ReportWait reportWait) {
        ConfigEvent event = Events.load("scheduled.json");
        event.setAccountId(EmulatedRule.OWN_ACCOUNT);
        event.setRuleParameters("{\"setupWindowSeconds\":\"" + WINDOW + "\",\"exemptTag\":\"setupkeys=exempt\"}");
        try (EmulatedRule.Running rule = EmulatedRule.against(standIn.endpoint(), reportWait)) {
            rule.handler().handleRequest(event, context);
        }
        return standIn.config().evaluations().stream().collect(Collectors.toMap(ConfigStandIn.Evaluation::resourceId,
                ConfigStandIn.Evaluation::complianceType, (a, b) -> b, LinkedHashMap::new));
    }

    private static ConfigEvent change(User user) {
        ConfigEvent event = Events.withInvokingEvent("change-user.json", invoking -> {
            JsonObject item = invoking.getAsJsonObject("configurationItem");
            item.addProperty("resourceId", user.userId());
            item.addProperty("resourceName", user.userName());
        });
        event.setAccountId(EmulatedRule.OWN_ACCOUNT);
        event.setRuleParameters("{\"setupWindowSeconds\":\"" + WINDOW + "\",\"exemptTag\":\"setupkeys=exempt\"}");
        return event;
    }
}
