package io.github.setupkeys.it.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.ConfigStandIn;
import io.github.setupkeys.it.support.FaultPlan;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.it.support.ResetMotoOncePerClass;
import io.github.setupkeys.it.support.RuleJar;
import io.github.setupkeys.it.support.ShortSetupWindow;
import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.EmulatedRule;
import io.github.setupkeys.rule.aws.AwsClients;
import io.github.setupkeys.rule.aws.IamClientFacts;
import io.github.setupkeys.rule.config.Events;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.evaluation.UserEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;

/**
 * More than 1,000 users, evaluated by a live {@code scan} as users run it ({@code java -jar}) and by a
 * periodic run of the Config rule, against moto. Every
 * user in an emulator is minutes old, so the scan narrows the setup window ({@link ShortSetupWindow},
 * design.md §6.1): users seeded before the pause are old at report time, and keys created after it are rotations.
 */
@ExtendWith(MotoExtension.class)
@ResetMotoOncePerClass
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AtScaleTest {

    static final String WINDOW = ShortSetupWindow.VALUE;
    static final int NO_PASSWORD = 600;
    static final int PASSWORD_ONLY = 300;
    static final int ROTATED = 100;
    /** A key made after the window and never used: a rotation, or a setup key whose report date moved. */
    static final int ROTATED_UNUSED = 5;
    static final int SETUP_KEY_USED = 5;
    static final int SETUP_KEY_UNUSED = 5;
    static final int SERVICE_WITH_SETUP_KEY = 10;
    static final int LATE_SETUP_KEY = 5;
    static final int USERS = NO_PASSWORD + PASSWORD_ONLY + ROTATED + ROTATED_UNUSED + SETUP_KEY_USED
            + SETUP_KEY_UNUSED + SERVICE_WITH_SETUP_KEY + LATE_SETUP_KEY;
    static final int CANDIDATES = ROTATED_UNUSED + SETUP_KEY_USED + SETUP_KEY_UNUSED + SERVICE_WITH_SETUP_KEY
            + LATE_SETUP_KEY;

    private AwsStandIn standIn;
    private JsonElement scanned;
    private Map<String, Integer> callsOfTheScan;
    private Map<String, Integer> callsOfThePeriodicRun;
    private List<ConfigStandIn.PutEvaluationsCall> periodicWrites;
    private final List<String> expectedFindings = new ArrayList<>();

    @BeforeAll
    void seedAndScan(MotoServer moto) {
        try (IamSeeder seed = new IamSeeder(moto)) {
            IamSeeder.inParallel(NO_PASSWORD, i -> seed.user("service-" + i));
            IamSeeder.inParallel(PASSWORD_ONLY, i -> {
                seed.user("console-" + i, "/staff/");
                seed.consolePassword("console-" + i);
            });
            IamSeeder.inParallel(ROTATED, i -> {
                seed.user("rotated-" + i);
                seed.consolePassword("rotated-" + i);
            });
            IamSeeder.inParallel(ROTATED_UNUSED, i -> {
                seed.user("rotated-unused-" + i);
                seed.consolePassword("rotated-unused-" + i);
            });
            IamSeeder.inParallel(SETUP_KEY_USED, i -> {
                seed.user("setup-used-" + i);
                seed.consolePassword("setup-used-" + i);
                seed.use(seed.accessKey("setup-used-" + i));
            });
            IamSeeder.inParallel(SETUP_KEY_UNUSED, i -> {
                seed.user("setup-unused-" + i);
                seed.consolePassword("setup-unused-" + i);
                seed.accessKey("setup-unused-" + i);
            });
            IamSeeder.inParallel(SERVICE_WITH_SETUP_KEY, i -> {
                seed.user("pipeline-" + i);
                seed.accessKey("pipeline-" + i);
            });
            ShortSetupWindow.waitPastIt();
            IamSeeder.inParallel(ROTATED, i -> seed.use(seed.accessKey("rotated-" + i)));
            IamSeeder.inParallel(ROTATED_UNUSED, i -> seed.accessKey("rotated-unused-" + i));
            IamSeeder.inParallel(LATE_SETUP_KEY, i -> {
                seed.user("new-hire-" + i);
                seed.consolePassword("new-hire-" + i);
                seed.accessKey("new-hire-" + i);
            });
        }
        IntStream.range(0, SETUP_KEY_UNUSED).forEach(i -> expectedFindings.add("setup-unused-" + i));
        IntStream.range(0, LATE_SETUP_KEY).forEach(i -> expectedFindings.add("new-hire-" + i));
        standIn = AwsStandIn.inFrontOf(moto);
        RuleJar.Run run = RuleJar.run(standIn.endpoint(), "scan", "--format", "json", "--setup-window-seconds", WINDOW);
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        scanned = JsonParser.parseString(run.stdout());
        callsOfTheScan = standIn.calls().snapshot();

        standIn.calls().clear();
        periodicRun();
        callsOfThePeriodicRun = standIn.calls().snapshot();
        periodicWrites = standIn.config().putEvaluationsCalls();
    }

    @AfterAll
    void stop() {
        standIn.close();
    }

    @Test
    void everyUserIsEvaluatedOnce() {
        assertThat(scanned.getAsJsonArray()).hasSize(USERS);
        assertThat(scanned.getAsJsonArray().asList().stream().map(user -> user.getAsJsonObject().get("userName")
                .getAsString()).distinct().count()).isEqualTo(USERS);
    }

    @Test
    void theFindingsAreExactlyTheUnusedSetupKeysOfConsoleUsers() {
        assertThat(verdicts("NON_COMPLIANT")).containsExactlyInAnyOrderElementsOf(expectedFindings);
        assertThat(verdicts("NOT_APPLICABLE")).hasSize(NO_PASSWORD + SERVICE_WITH_SETUP_KEY);
        assertThat(verdicts("COMPLIANT")).hasSize(PASSWORD_ONLY + ROTATED + ROTATED_UNUSED + SETUP_KEY_USED);
    }

    @Test
    void iamCallsStayConstantPlusAFewPerCandidate() {
        int iamCalls = callsOfTheScan.entrySet().stream().filter(call -> call.getKey().startsWith("iam:"))
                .mapToInt(Map.Entry::getValue).sum();

        assertThat(callsOfTheScan).containsEntry("iam:ListUsers", (USERS + 999) / 1000)
                .containsEntry("iam:GetCredentialReport", 1)
                .containsEntry("iam:GetLoginProfile", CANDIDATES);
        assertThat(callsOfTheScan.get("iam:GenerateCredentialReport")).isLessThanOrEqualTo(2);
        assertThat(iamCalls).as(callsOfTheScan.toString())
                .isLessThanOrEqualTo(3 + (USERS + 999) / 1000 + 3 * CANDIDATES)
                .isLessThan(USERS / 10);
    }

    @Test
    void aPeriodicRuleRunWritesEveryUserOnceInBatchesOfAtMostOneHundred() {
        List<ConfigStandIn.Evaluation> written = periodicWrites.stream().flatMap(call -> call.evaluations().stream())
                .toList();

        assertThat(periodicWrites).hasSize((USERS + 99) / 100)
                .allSatisfy(call -> assertThat(call.evaluations()).hasSizeLessThanOrEqualTo(100));
        assertThat(written).extracting(ConfigStandIn.Evaluation::resourceId).doesNotHaveDuplicates().hasSize(USERS);
    }

    @Test
    void aPeriodicRuleRunReachesTheSameVerdictsAsTheScan() {
        Map<String, String> scanVerdictById = scanned.getAsJsonArray().asList().stream().map(JsonElement::getAsJsonObject)
                .collect(Collectors.toMap(user -> user.get("userId").getAsString(),
                        user -> user.get("complianceType").getAsString()));

        periodicWrites.stream().flatMap(call -> call.evaluations().stream()).forEach(evaluation ->
                assertThat(evaluation.complianceType()).as(evaluation.resourceId())
                        .isEqualTo(scanVerdictById.get(evaluation.resourceId())));
    }

    @Test
    void aPeriodicRuleRunCostsAsFewIamCallsAsTheScan() {
        int iamCalls = callsOfThePeriodicRun.entrySet().stream().filter(call -> call.getKey().startsWith("iam:"))
                .mapToInt(Map.Entry::getValue).sum();

        assertThat(callsOfThePeriodicRun).containsEntry("iam:ListUsers", (USERS + 999) / 1000)
                .containsEntry("iam:GetLoginProfile", CANDIDATES)
                .containsEntry("config:GetComplianceDetailsByConfigRule", 1);
        assertThat(iamCalls).as(callsOfThePeriodicRun.toString())
                .isLessThanOrEqualTo(3 + (USERS + 999) / 1000 + 3 * CANDIDATES);
    }

    @Test
    void theBulkVerdictOfEveryUserEqualsItsPerUserLiveVerdict() {
        RuleParameters parameters = RuleParameters.fromMap(Map.of("setupWindowSeconds", WINDOW));
        try (AwsClients clients = new AwsClients(Region.US_EAST_1, Optional.of(standIn.endpoint()))) {
            IamClientFacts iam = new IamClientFacts(clients.iam(IamSeeder.TEST_CREDENTIALS));
            UserEvaluator perUser = new UserEvaluator(iam);
            Map<String, IamUser> users = iam.listUsers().stream()
                    .collect(Collectors.toMap(IamUser::userName, user -> user));
            scanned.getAsJsonArray().asList().parallelStream().map(JsonElement::getAsJsonObject).forEach(result -> {
                String name = result.get("userName").getAsString();
                assertThat(result.get("complianceType").getAsString()).as(name)
                        .isEqualTo(perUser.evaluate(users.get(name), parameters).complianceType().name());
            });
        }
    }

    @Test
    void aThrottledBurstOfPutEvaluationsWrittenSeveralAtATimeLosesNoEvaluation() {
        standIn.config().clear();
        FaultPlan burst = FaultPlan.throttlingBurst(4, "config:PutEvaluations");
        standIn.injectFaults(burst);
        try {
            periodicRun();
        } finally {
            standIn.injectFaults(null);
        }
        Map<String, String> written = standIn.config().evaluations().stream().collect(Collectors.toMap(
                ConfigStandIn.Evaluation::resourceId, ConfigStandIn.Evaluation::complianceType));

        assertThat(burst.injected()).as("PutEvaluations throttled").isEqualTo(4);
        assertThat(standIn.config().evaluations()).as("each user written once").hasSize(USERS);
        assertThat(written).isEqualTo(periodicWrites.stream().flatMap(call -> call.evaluations().stream())
                .collect(Collectors.toMap(ConfigStandIn.Evaluation::resourceId,
                        ConfigStandIn.Evaluation::complianceType)));
    }

    private void periodicRun() {
        ConfigEvent scheduled = Events.load("scheduled.json");
        scheduled.setAccountId(EmulatedRule.OWN_ACCOUNT);
        scheduled.setRuleParameters("{\"setupWindowSeconds\":\"" + WINDOW + "\"}");
        try (EmulatedRule.Running rule = EmulatedRule.against(standIn.endpoint())) {
            rule.handler().handleRequest(scheduled, new FakeContext(EmulatedRule.FUNCTION_ARN, 900_000));
        }
    }

    private List<String> verdicts(String complianceType) {
        return scanned.getAsJsonArray().asList().stream().map(JsonElement::getAsJsonObject)
                .filter(user -> user.get("complianceType").getAsString().equals(complianceType))
                .map(user -> user.get("userName").getAsString()).toList();
    }
}
