package io.github.setupkeys.it.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.rule.aws.AwsCallFailedException;
import io.github.setupkeys.rule.aws.AwsClients;
import io.github.setupkeys.rule.aws.IamClientFacts;
import io.github.setupkeys.rule.aws.Pause;
import io.github.setupkeys.rule.aws.ReportWait;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.NotApplicableReason;
import io.github.setupkeys.rule.domain.OffendingKey;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.domain.Verdict;
import io.github.setupkeys.rule.evaluation.UserEvaluator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.regions.Region;

/**
 * DESIGN §1's scenarios through the real IAM client, against moto on the wire. Every key here is created
 * seconds after its user, so it is a setup key unless a scenario narrows the window.
 */
@ExtendWith(MotoExtension.class)
class LiveScenariosTest {

    private IamSeeder seed;
    private AwsStandIn standIn;
    private AwsClients clients;
    private IamClientFacts iam;

    /** What a scenario seeded: the user to evaluate and the key ids it must be reported for. */
    record Seeded(String userName, List<String> offendingKeyIds) {
    }

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

    static Stream<Arguments> scenarios() {
        return Stream.of(
                row("1. console password + unused active setup key -> NON_COMPLIANT naming the key", Map.of(),
                        ComplianceType.NON_COMPLIANT, seed -> {
                            seed.user("alice");
                            seed.consolePassword("alice");
                            return new Seeded("alice", List.of(seed.accessKey("alice")));
                        }),
                row("2. console password, no keys -> COMPLIANT", Map.of(), ComplianceType.COMPLIANT, seed -> {
                    seed.user("bob");
                    seed.consolePassword("bob");
                    return new Seeded("bob", List.of());
                }),
                row("3. no console password + unused setup key -> NOT_APPLICABLE", Map.of(),
                        ComplianceType.NOT_APPLICABLE, seed -> {
                            seed.user("svc");
                            seed.accessKey("svc");
                            return new Seeded("svc", List.of());
                        }),
                row("4a. console password + setup key really used -> COMPLIANT", Map.of(),
                        ComplianceType.COMPLIANT, seed -> {
                            seed.user("carol");
                            seed.consolePassword("carol");
                            seed.use(seed.accessKey("carol"));
                            return new Seeded("carol", List.of());
                        }),
                row("4b. the same with requireNeverUsed=false -> NON_COMPLIANT", Map.of("requireNeverUsed", "false"),
                        ComplianceType.NON_COMPLIANT, seed -> {
                            seed.user("carol");
                            seed.consolePassword("carol");
                            String key = seed.accessKey("carol");
                            seed.use(key);
                            return new Seeded("carol", List.of(key));
                        }),
                row("5a. console password + inactive unused setup key -> COMPLIANT", Map.of(),
                        ComplianceType.COMPLIANT, seed -> {
                            seed.user("dave");
                            seed.consolePassword("dave");
                            seed.deactivate("dave", seed.accessKey("dave"));
                            return new Seeded("dave", List.of());
                        }),
                row("5b. the same with includeInactiveKeys=true -> NON_COMPLIANT",
                        Map.of("includeInactiveKeys", "true"), ComplianceType.NON_COMPLIANT, seed -> {
                            seed.user("dave");
                            seed.consolePassword("dave");
                            String key = seed.accessKey("dave");
                            seed.deactivate("dave", key);
                            return new Seeded("dave", List.of(key));
                        }),
                row("6. console password + unused key created after the window (a rotation) -> COMPLIANT",
                        Map.of("setupWindowSeconds", "1"), ComplianceType.COMPLIANT, seed -> {
                            seed.user("erin");
                            seed.consolePassword("erin");
                            sleep(Duration.ofMillis(2100));
                            seed.accessKey("erin");
                            return new Seeded("erin", List.of());
                        }),
                row("7. one used and one unused setup key -> NON_COMPLIANT naming only the unused one", Map.of(),
                        ComplianceType.NON_COMPLIANT, seed -> {
                            seed.user("frank");
                            seed.consolePassword("frank");
                            seed.use(seed.accessKey("frank"));
                            return new Seeded("frank", List.of(seed.accessKey("frank")));
                        }),
                row("8. console password never used (fresh user) + unused setup key -> NON_COMPLIANT", Map.of(),
                        ComplianceType.NON_COMPLIANT, seed -> {
                            seed.user("fresh");
                            seed.consolePassword("fresh");
                            return new Seeded("fresh", List.of(seed.accessKey("fresh")));
                        }),
                row("11. user carrying the exempt tag -> NOT_APPLICABLE", Map.of("exemptTag", "setupkeys=exempt"),
                        ComplianceType.NOT_APPLICABLE, seed -> {
                            seed.user("breakglass");
                            seed.consolePassword("breakglass");
                            seed.accessKey("breakglass");
                            seed.tag("breakglass", "setupkeys", "exempt");
                            return new Seeded("breakglass", List.of());
                        }),
                row("12. name with +=,.@_- on a path -> NON_COMPLIANT", Map.of(), ComplianceType.NON_COMPLIANT,
                        seed -> {
                            seed.user("a+b=c,d.e@f_g-h", "/team/ops/");
                            seed.consolePassword("a+b=c,d.e@f_g-h");
                            return new Seeded("a+b=c,d.e@f_g-h", List.of(seed.accessKey("a+b=c,d.e@f_g-h")));
                        }),
                row("12. name with +=,.@_- on a path without a password -> NOT_APPLICABLE", Map.of(),
                        ComplianceType.NOT_APPLICABLE, seed -> {
                            seed.user("x.y@z", "/team/ops/");
                            seed.accessKey("x.y@z");
                            return new Seeded("x.y@z", List.of());
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(String name, Map<String, String> parameters, ComplianceType expected, Function<IamSeeder, Seeded> given) {
        Seeded seeded = given.apply(seed);
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
    void theCredentialReportOfTheEmulatorParsesWithEveryUser() {
        seed.user("a,b", "/x,y/");
        seed.consolePassword("a,b");
        seed.accessKey("a,b");
        seed.user("plain");

        var report = iam.credentialReport();

        assertThat(report.rows()).extracting(row -> row.userName()).containsExactlyInAnyOrder("a,b", "plain");
        assertThat(report.generatedAt()).isPresent();
        assertThat(standIn.calls().count("iam:GetCredentialReport")).isEqualTo(1);
    }

    private static Arguments row(String name, Map<String, String> parameters, ComplianceType expected,
            Function<IamSeeder, Seeded> given) {
        return Arguments.of(name, parameters, expected, given);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
