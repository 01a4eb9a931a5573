package io.github.setupkeys.it.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.aws.AwsCallFailedException;
import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.LiveScenarios;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.it.support.ShortSetupWindow;
import io.github.setupkeys.rule.aws.AwsClients;
import io.github.setupkeys.rule.aws.IamClientFacts;
import io.github.setupkeys.rule.aws.ReportWait;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.OffendingKey;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.domain.Verdict;
import io.github.setupkeys.rule.evaluation.AccountEvaluator;
import io.github.setupkeys.rule.evaluation.AccountScan;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.Pause;
import io.github.setupkeys.rule.evaluation.ScanProgress;
import io.github.setupkeys.rule.evaluation.UserEvaluator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.regions.Region;

/**
 * The scenarios of design.md §1.6 ({@link LiveScenarios}) through the real IAM client, against moto on the wire, and
 * what the IAM adapter promises about the calls it makes.
 */
@ExtendWith(MotoExtension.class)
class LiveScenariosTest {

    private IamSeeder seed;
    private AwsStandIn standIn;
    private AwsClients clients;
    private IamClientFacts iam;

    @BeforeEach
    void connect(MotoServer moto) {
        seed = new IamSeeder(moto);
        standIn = AwsStandIn.inFrontOf(moto);
        clients = new AwsClients(Region.US_EAST_1, Optional.of(standIn.endpoint()));
        iam = new IamClientFacts(clients.iam(IamSeeder.TEST_CREDENTIALS), new ReportWait(Duration.ofMillis(50), 100),
                Pause.SLEEP);
    }

    @AfterEach
    void disconnect() {
        clients.close();
        standIn.close();
        seed.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.setupkeys.it.support.LiveScenarios#scenarios")
    void scenario(String name, Map<String, String> parameters, ComplianceType expected,
            Function<IamSeeder, LiveScenarios.Seeded> given) {
        LiveScenarios.Seeded seeded = given.apply(seed);
        IamUser user = iam.findUser(seeded.userName()).orElseThrow();

        Verdict verdict = new UserEvaluator(iam).evaluate(user, RuleParameters.fromMap(parameters));

        assertThat(verdict.complianceType()).isEqualTo(expected);
        assertThat(verdict.offendingKeys()).extracting(OffendingKey::accessKeyId)
                .containsExactlyInAnyOrderElementsOf(seeded.offendingKeyIds());
        seeded.offendingKeyIds().forEach(key -> assertThat(verdict.annotation()).contains(key));
    }

    @Test
    void scenario9_aDeletedUserIsNotFoundAndNotApplicable() {
        seed.user("gone");
        seed.consolePassword("gone");
        seed.accessKey("gone");
        IamUser user = iam.findUser("gone").orElseThrow();
        seed.deleteUser("gone");

        assertThat(iam.findUser("gone")).isEmpty();
        assertThat(new UserEvaluator(iam).evaluate(user, RuleParameters.DEFAULTS).complianceType())
                .isEqualTo(ComplianceType.NOT_APPLICABLE);
    }

    @Test
    void aUserDeletedAfterItWasListedReadsAsWithoutAPasswordAndIsNotApplicable() {
        seed.user("gone");
        seed.consolePassword("gone");
        seed.accessKey("gone");
        IamUser listed = iam.listUsers().get(0);
        seed.deleteUser("gone");
        standIn.calls().clear();

        Verdict verdict = new UserEvaluator(iam).evaluate(listed, RuleParameters.DEFAULTS);

        // IAM answers GetLoginProfile of a gone user with NoSuchEntity, as for one without a password (design.md §2.9).
        assertThat(verdict.complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
        assertThat(verdict.annotation()).startsWith("No console password");
        assertThat(standIn.calls().count("iam:GetLoginProfile")).isEqualTo(1);
        assertThat(standIn.calls().count("iam:ListAccessKeys")).isZero();
    }

    @Test
    void tagsAreReadOnlyForAUserWhoWouldOtherwiseBeNonCompliant() {
        seed.user("plain");
        seed.consolePassword("plain");
        seed.user("finding");
        seed.consolePassword("finding");
        seed.accessKey("finding");
        RuleParameters exempting = RuleParameters.fromMap(Map.of("exemptTag", "setupkeys=exempt"));
        UserEvaluator evaluator = new UserEvaluator(iam);

        evaluator.evaluate(iam.findUser("plain").orElseThrow(), exempting);
        assertThat(standIn.calls().count("iam:ListUserTags")).isZero();

        Verdict verdict = evaluator.evaluate(iam.findUser("finding").orElseThrow(), exempting);
        assertThat(verdict.complianceType()).isEqualTo(ComplianceType.NON_COMPLIANT);
        assertThat(standIn.calls().count("iam:ListUserTags")).isEqualTo(1);
    }

    @Test
    void keyUseIsLookedUpOnlyForKeysThatCouldOffend() {
        seed.user("rotated");
        seed.consolePassword("rotated");
        seed.deactivate("rotated", seed.accessKey("rotated"));
        seed.user("nopassword");
        seed.accessKey("nopassword");
        UserEvaluator evaluator = new UserEvaluator(iam);

        evaluator.evaluate(iam.findUser("rotated").orElseThrow(), RuleParameters.DEFAULTS);
        evaluator.evaluate(iam.findUser("nopassword").orElseThrow(), RuleParameters.DEFAULTS);

        assertThat(standIn.calls().count("iam:GetAccessKeyLastUsed")).isZero();
        assertThat(standIn.calls().count("iam:ListAccessKeys")).as("only the user with a password").isEqualTo(1);
        assertThat(standIn.calls().count("iam:GetLoginProfile")).isEqualTo(2);
    }

    @Test
    void anIamErrorIsAFailureNamingTheCallNeverAVerdict() {
        seed.user("alice");
        seed.consolePassword("alice");
        IamUser alice = iam.findUser("alice").orElseThrow();
        standIn.answerWithError("iam:GetLoginProfile", Integer.MAX_VALUE, 403, "AccessDenied",
                "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:GetLoginProfile");

        assertThatThrownBy(() -> new UserEvaluator(iam).evaluate(alice, RuleParameters.DEFAULTS))
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageStartingWith("iam:GetLoginProfile failed: AccessDenied (HTTP 403)")
                .hasMessageContaining("not authorized to perform: iam:GetLoginProfile");
    }

    @Test
    void aServerErrorIsRetriedAndThenReportedNotTurnedIntoNoPassword() {
        seed.user("alice");
        seed.consolePassword("alice");
        IamUser alice = iam.findUser("alice").orElseThrow();
        standIn.answerWithError("iam:GetLoginProfile", Integer.MAX_VALUE, 500, "ServiceFailure", "try again");

        assertThatThrownBy(() -> new UserEvaluator(iam).evaluate(alice, RuleParameters.DEFAULTS))
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageStartingWith("iam:GetLoginProfile failed: ServiceFailure (HTTP 500)");
        assertThat(standIn.calls().count("iam:GetLoginProfile")).as("the SDK retried").isGreaterThan(1);
    }

    @Test
    void aKeyStatusOtherThanActiveOrInactiveIsAFailureNotAGuess() {
        seed.user("alice");
        seed.consolePassword("alice");
        IamUser alice = iam.findUser("alice").orElseThrow();
        standIn.answerWith("iam:ListAccessKeys", Integer.MAX_VALUE, "<ListAccessKeysResponse><ListAccessKeysResult>"
                + "<AccessKeyMetadata><member><UserName>alice</UserName><AccessKeyId>AKIAEXPIRED000000001</AccessKeyId>"
                + "<Status>Expired</Status><CreateDate>2026-11-30T20:00:00Z</CreateDate></member></AccessKeyMetadata>"
                + "<IsTruncated>false</IsTruncated></ListAccessKeysResult></ListAccessKeysResponse>");

        assertThatThrownBy(() -> new UserEvaluator(iam).evaluate(alice, RuleParameters.DEFAULTS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("iam:ListAccessKeys answered status 'Expired' for access key AKIAEXPIRED000000001; "
                        + "this rule knows only Active and Inactive");
    }

    @Test
    void thePeriodicPathSettlesUsersWithCommasInNameAndPathFromTheirReportRows() {
        seed.user("a,b", "/x,y/");
        seed.consolePassword("a,b");
        seed.accessKey("a,b");
        seed.user("c,d", "/team,ops/");
        seed.consolePassword("c,d");
        ShortSetupWindow.waitPastIt();

        AccountScan scan = new AccountEvaluator(iam, CallsInFlight.DEFAULTS).evaluateAll(
                RuleParameters.fromMap(Map.of("setupWindowSeconds", ShortSetupWindow.VALUE)), Instant.now(),
                ScanProgress.NONE, Deadline.NONE);

        assertThat(scan.results().stream().collect(Collectors.toMap(result -> result.user().userName(),
                result -> result.verdict().complianceType()))).containsExactlyInAnyOrderEntriesOf(Map.of(
                        "a,b", ComplianceType.NON_COMPLIANT, "c,d", ComplianceType.COMPLIANT));
        assertThat(scan.candidates()).as("only the user with a setup-key slot").isEqualTo(1);
        assertThat(standIn.calls().count("iam:GetLoginProfile")).as("c,d settled from its row").isEqualTo(1);
    }

    @Test
    void theCredentialReportOfTheEmulatorParsesWithEveryUser() {
        seed.user("a,b", "/x,y/");
        seed.consolePassword("a,b");
        seed.accessKey("a,b");
        seed.user("plain");

        var report = iam.credentialReport(Deadline.NONE);

        assertThat(report.rows()).extracting(row -> row.userName()).containsExactlyInAnyOrder("a,b", "plain");
        assertThat(report.generatedAt()).isPresent();
        assertThat(standIn.calls().count("iam:GetCredentialReport")).isEqualTo(1);
    }
}
