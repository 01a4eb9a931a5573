package io.github.setupkeys.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.it.support.RuleJar;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code java -jar setupkeys-rule.jar scan} against the emulator: live output, and its one-line errors. */
@ExtendWith(MotoExtension.class)
class ScanAgainstEmulatorTest {

    private AwsStandIn standIn;
    private IamSeeder seed;

    @BeforeEach
    void start(MotoServer moto) {
        standIn = AwsStandIn.inFrontOf(moto);
        seed = new IamSeeder(moto);
    }

    @AfterEach
    void stop() {
        seed.close();
        standIn.close();
    }

    @Test
    void aLiveTableNamesTheKeyAndTheCommandThatDeactivatesIt() {
        seed.user("alice");
        seed.consolePassword("alice");
        String key = seed.accessKey("alice");

        RuleJar.Run run = RuleJar.run(standIn.endpoint(), "scan");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("NON_COMPLIANT   alice", key,
                "aws iam update-access-key --user-name 'alice' --access-key-id " + key + " --status Inactive",
                "1 NON_COMPLIANT, 0 COMPLIANT, 0 NOT_APPLICABLE (1 users)");
        assertThat(run.stderr()).contains("scan: 1 IAM users listed");
    }

    @Test
    void anAccountWithoutFindingsExitsZero() {
        seed.user("bob");
        seed.consolePassword("bob");

        RuleJar.Run run = RuleJar.run(standIn.endpoint(), "scan", "--format", "csv");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("bob,").contains(",COMPLIANT,");
    }

    @Test
    void theExemptTagIsHonouredLive() {
        seed.user("breakglass");
        seed.consolePassword("breakglass");
        seed.accessKey("breakglass");
        seed.tag("breakglass", "owner", "security");

        RuleJar.Run run = RuleJar.run(standIn.endpoint(), "scan", "--exempt-tag", "owner=security");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("NOT_APPLICABLE  breakglass").contains("Exempt by tag owner=security");
    }

    @Test
    void accessDeniedIsOneLineNamingTheMissingPermission() {
        seed.user("alice");
        standIn.answerWithError("iam:GenerateCredentialReport", Integer.MAX_VALUE, 403, "AccessDenied",
                "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:GenerateCredentialReport");

        RuleJar.Run run = RuleJar.run(standIn.endpoint(), "scan");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(errorLines(run)).singleElement().satisfies(line -> assertThat(line)
                .startsWith("error: iam:GenerateCredentialReport failed: AccessDenied (HTTP 403)")
                .contains("not authorized to perform: iam:GenerateCredentialReport"));
    }

    @Test
    void noCredentialsIsOneLine() {
        RuleJar.Run run = RuleJar.run(Map.of("AWS_ENDPOINT_URL", standIn.endpoint().toString()), "scan");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("error: no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY, or scan a file offline with --credential-report FILE\n");
    }

    @Test
    void anUnreachableEndpointIsOneLine() throws Exception {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        RuleJar.Run run = RuleJar.run(closed, "scan");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(errorLines(run)).singleElement().satisfies(line -> assertThat(line)
                .startsWith("error: iam:ListUsers failed: ").contains("Connection refused"));
    }

    @Test
    void theOfflineSampleNeedsNoAwsAtAll() {
        RuleJar.Run run = RuleJar.run(Map.of(), "scan", "--credential-report",
                System.getProperty("setupkeys.repo.root", "..") + "/samples/credential-report.csv");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("3 NON_COMPLIANT, 4 COMPLIANT, 1 NOT_APPLICABLE (8 users)");
        assertThat(run.stderr()).isEmpty();
    }

    private static java.util.List<String> errorLines(RuleJar.Run run) {
        return run.stderr().lines().filter(line -> !line.startsWith("scan: ")).toList();
    }
}
