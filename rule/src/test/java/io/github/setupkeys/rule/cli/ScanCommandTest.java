package io.github.setupkeys.rule.cli;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.aws.AwsCallFailedException;
import io.github.setupkeys.rule.aws.NoCredentialsException;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import io.github.setupkeys.rule.evaluation.IamFacts;
import io.github.setupkeys.rule.evaluation.InMemoryIamFacts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class ScanCommandTest {

    /** The sample bundled with the project, which the README's first command scans. */
    static final Path SAMPLE = Path.of("../samples/credential-report.csv");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Supplier<IamFacts> liveAccount = () -> {
        throw new AssertionError("an offline scan must not touch AWS");
    };

    @Test
    void theBundledSampleShowsEveryVerdictAndExitsOneForItsFindings() {
        int exit = scan("--credential-report", SAMPLE.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(stdout()).contains("NON_COMPLIANT   alice", "COMPLIANT       bob", "NOT_APPLICABLE  ci-deployer",
                "3 NON_COMPLIANT, 4 COMPLIANT, 1 NOT_APPLICABLE (8 users)");
        assertThat(stdout().indexOf("NON_COMPLIANT")).isLessThan(stdout().indexOf("COMPLIANT       "));
        assertThat(stdout()).contains("aws iam list-access-keys --user-name 'ops,admin'");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void jsonOutputCarriesTheFieldsOthersDependOn() {
        scan("--credential-report", SAMPLE.toString(), "--format", "json");

        JsonArray users = JsonParser.parseString(stdout()).getAsJsonArray();
        assertThat(users).hasSize(8);
        JsonObject alice = find(users, "alice");
        assertThat(alice.get("userId").isJsonNull()).isTrue();
        assertThat(alice.get("arn").getAsString()).isEqualTo("arn:aws:iam::111122223333:user/alice");
        assertThat(alice.get("complianceType").getAsString()).isEqualTo("NON_COMPLIANT");
        assertThat(alice.get("annotation").getAsString()).contains("access_key_1");
        assertThat(alice.getAsJsonArray("offendingAccessKeyIds").get(0).getAsString()).isEqualTo("access_key_1");
        assertThat(find(users, "frank").getAsJsonArray("offendingAccessKeyIds").asList())
                .extracting(element -> element.getAsString()).containsExactly("access_key_2");
    }

    @Test
    void csvOutputQuotesNamesWithCommas() {
        scan("--credential-report", SAMPLE.toString(), "--format", "CSV");

        List<String> lines = stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo(CsvReport.HEADER);
        assertThat(lines).hasSize(9).anySatisfy(line -> assertThat(line)
                .startsWith("\"ops,admin\",,\"arn:aws:iam::111122223333:user/team/ops/ops,admin\",NON_COMPLIANT,access_key_1,"));
    }

    @Test
    void parametersChangeTheVerdicts() {
        int exit = scan("--credential-report", SAMPLE.toString(), "--format", "json", "--require-never-used", "false",
                "--include-inactive-keys", "true", "--setup-window-seconds", "86400");

        JsonArray users = JsonParser.parseString(stdout()).getAsJsonArray();
        assertThat(exit).isEqualTo(1);
        assertThat(find(users, "carol").get("complianceType").getAsString()).isEqualTo("NON_COMPLIANT");
        assertThat(find(users, "dave").get("complianceType").getAsString()).isEqualTo("NON_COMPLIANT");
        assertThat(find(users, "erin").get("complianceType").getAsString()).isEqualTo("COMPLIANT");
        assertThat(find(users, "frank").getAsJsonArray("offendingAccessKeyIds")).hasSize(2);
    }

    @Test
    void aReportWithoutFindingsExitsZero(@TempDir Path dir) throws IOException {
        Path report = sampleLines(dir.resolve("clean.csv"),
                line -> !line.startsWith("alice,") && !line.startsWith("frank,") && !line.startsWith("ops,admin,"));

        assertThat(scan("--credential-report", report.toString())).isZero();
        assertThat(stdout()).contains("0 NON_COMPLIANT, 4 COMPLIANT, 1 NOT_APPLICABLE (5 users)");
    }

    @Test
    void aLiveScanUsesTheBulkPathAndReportsProgressOnStderr() {
        InMemoryIamFacts account = new InMemoryIamFacts()
                .add(aUser().named("alice").withId("AIDAALICE").withConsolePassword().withKey(activeKey()
                        .withId("AKIAALICE0000000001")).facts())
                .add(aUser().named("bob").withId("AIDABOB").withConsolePassword().facts())
                .generateReport(T0.plus(Duration.ofDays(1)));
        liveAccount = () -> account;

        int exit = scan("--format", "json");

        JsonObject alice = find(JsonParser.parseString(stdout()).getAsJsonArray(), "alice");
        assertThat(exit).isEqualTo(1);
        assertThat(alice.get("userId").getAsString()).isEqualTo("AIDAALICE");
        assertThat(alice.getAsJsonArray("offendingAccessKeyIds").get(0).getAsString()).isEqualTo("AKIAALICE0000000001");
        assertThat(stderr()).contains("scan: 2 IAM users listed", "scan: 1/1 candidate users confirmed");
        assertThat(account.calls("GetLoginProfile")).isEqualTo(1);
    }

    @Test
    void aLiveScanConfirmingCandidatesSeveralAtATimeReportsProgressInOrder() {
        InMemoryIamFacts account = new InMemoryIamFacts();
        for (int i = 0; i < 250; i++) {
            account.add(aUser().named("new" + i).withId("AIDANEW" + i).withConsolePassword().withKey(activeKey()
                    .withId("AKIANEW" + i)).facts());
        }
        account.generateReport(T0.plus(Duration.ofDays(1)));
        liveAccount = () -> account;

        int exit = SetupKeysCli.run(new String[] {"scan", "--format", "csv"}, new ScanCommand(() -> account,
                Optional::empty, () -> new CallsInFlight(8), Clock.fixed(T0.plus(Duration.ofDays(2)), ZoneOffset.UTC), print(out),
                print(err)), print(out), print(err));

        assertThat(exit).isEqualTo(1);
        assertThat(stderr().lines().filter(line -> line.contains("candidate users confirmed")).toList()).containsExactly(
                "scan: 100/250 candidate users confirmed with live IAM calls",
                "scan: 200/250 candidate users confirmed with live IAM calls",
                "scan: 250/250 candidate users confirmed with live IAM calls");
        assertThat(stdout().lines().skip(1).map(line -> line.substring(0, line.indexOf(','))).toList())
                .as("findings first, then by name, however the confirmations interleaved")
                .isEqualTo(IntStream.range(0, 250).mapToObj(i -> "new" + i).sorted().toList());
    }

    @Test
    void aBadCallsInFlightSettingIsAOneLineErrorBeforeAnyCall() {
        int exit = SetupKeysCli.run(new String[] {"scan"}, new ScanCommand(() -> {
            throw new AssertionError("no call before the setting is read");
        }, Optional::empty, () -> CallsInFlight.fromEnvironment(Map.of(CallsInFlight.VARIABLE, "64")::get),
                Clock.fixed(T0.plus(Duration.ofDays(2)), ZoneOffset.UTC), print(out), print(err)), print(out), print(err));

        assertThat(exit).isEqualTo(2);
        assertThat(stderr()).isEqualTo("error: SETUPKEYS_CALLS_IN_FLIGHT='64' is invalid: expected a whole number of "
                + "calls from 1 to 32\n");
    }

    @Test
    void aLiveFindingComesWithTheCommandThatDeactivatesTheKey() {
        liveAccount = () -> new InMemoryIamFacts()
                .add(aUser().named("-dash").withConsolePassword().withKey(activeKey().withId("AKIADASH000000000001")).facts())
                .generateReport(T0.plus(Duration.ofDays(1)));

        scan();

        assertThat(stdout()).contains("aws iam update-access-key --user-name='-dash' --access-key-id AKIADASH000000000001"
                + " --status Inactive");
    }

    @ParameterizedTest(name = "{0} -> one line naming the problem")
    @CsvSource(delimiter = '|', value = {
        "--bogus|Unknown option: '--bogus'",
        "--format xml|Invalid value for option '--format'",
        "--setup-window-seconds 0|invalid value for --setup-window-seconds: '0' (expected an integer number of seconds from 1 to 604800)",
        "--require-never-used yes|invalid value for --require-never-used: 'yes' (expected true or false)",
        "--include-inactive-keys|Missing required parameter for option '--include-inactive-keys'",
        "--exempt-tag =x|invalid value for --exempt-tag: '=x'"
    })
    void usageErrorsExitTwoWithOneLineAndTheUsage(String arguments, String message) {
        int exit = scan(arguments.split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(stderr().lines().findFirst()).hasValueSatisfying(line -> assertThat(line).startsWith("error: " + message));
        assertThat(stderr()).contains("Usage: setupkeys scan").doesNotContain("Exception", "\tat ");
        assertThat(stdout()).isEmpty();
    }

    @ParameterizedTest(name = "{0} \"\" -> refused naming the flag")
    @CsvSource(delimiter = '|', value = {
        "--include-inactive-keys|expected true or false",
        "--require-never-used|expected true or false",
        "--setup-window-seconds|expected an integer number of seconds from 1 to 604800",
        "--exempt-tag|expected key or key=value",
        "--credential-report|expected a file",
        "--output|expected a file"
    })
    void anEmptyFlagValueIsRefusedNotTakenForTheDefault(String flag, String expected) {
        // Was: the default (an unset shell variable quietly scanned with other settings), or "cannot be read".
        int exit = flag.equals("--credential-report") ? scan(flag, "")
                : scan("--credential-report", SAMPLE.toString(), flag, "");

        assertThat(exit).isEqualTo(2);
        assertThat(stderr().lines().findFirst()).hasValueSatisfying(line -> assertThat(line)
                .startsWith("error: invalid value for " + flag + ": '' (" + expected));
        assertThat(stderr()).contains("Usage: setupkeys scan");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void anExemptTagCannotBeHonouredOffline() {
        assertThat(scan("--credential-report", SAMPLE.toString(), "--exempt-tag", "owner")).isEqualTo(2);
        assertThat(stderr()).startsWith("error: invalid value for --exempt-tag: 'owner' (expected no exemption tag offline");
    }

    @Test
    void aMissingFileIsOneLine() {
        assertThat(scan("--credential-report", "no/such/report.csv")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("error: credential report 'no/such/report.csv': no such file\n");
    }

    @Test
    void aDirectoryIsNotAReport(@TempDir Path dir) {
        assertThat(scan("--credential-report", dir.toString())).isEqualTo(2);
        assertThat(stderr()).startsWith("error: credential report '" + dir + "': cannot be read");
    }

    @Test
    void aFileThatIsNotAReportIsOneLine(@TempDir Path dir) throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "remember the milk\n");

        assertThat(scan("--credential-report", notes.toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("error: credential report '" + notes + "': not an IAM credential report: "
                + "the first line must be its header, starting 'user,arn,'\n");
    }

    @Test
    void binaryInputIsNotAReport(@TempDir Path dir) throws IOException {
        Path binary = Files.write(dir.resolve("report.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});

        assertThat(scan("--credential-report", binary.toString())).isEqualTo(2);
        assertThat(stderr()).contains("not UTF-8 text");
    }

    @Test
    void aReportWithNoRowsAtAllIsRefused(@TempDir Path dir) throws IOException {
        // Was: "0 users", exit 0: a green result from a report cut to its header.
        Path report = sampleLines(dir.resolve("header-only.csv"), line -> line.startsWith("user,"));

        assertThat(scan("--credential-report", report.toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("error: credential report '" + report + "': not an IAM credential report: it has "
                + "a header but no rows, not even the <root_account> row IAM always writes\n");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void aReportWithUsersButNoRootAccountRowIsEvaluatedWithAWarning(@TempDir Path dir) throws IOException {
        // A report filtered to some users is a real use; it says so on stderr, once, and stdout stays clean.
        Path report = sampleLines(dir.resolve("filtered.csv"),
                line -> line.startsWith("user,") || line.startsWith("alice,") || line.startsWith("bob,"));

        int exit = scan("--credential-report", report.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(stdout()).contains("1 NON_COMPLIANT, 1 COMPLIANT, 0 NOT_APPLICABLE (2 users)");
        assertThat(stderr()).isEqualTo("warning: credential report '" + report + "' has no <root_account> row, which IAM "
                + "always writes, so it is not the whole report (filtered, cut or hand-made?); evaluating the 2 user(s) "
                + "it lists\n");
    }

    @Test
    void aReportThatContradictsItselfIsRefusedNotEvaluated(@TempDir Path dir) throws IOException {
        // The row: an active key with no creation time, which read as "Console user without access keys".
        Path report = Files.writeString(dir.resolve("contradiction.csv"), Files.readAllLines(SAMPLE).get(0) + "\n"
                + Files.readAllLines(SAMPLE).get(1) + "\n"
                + "alice,arn:aws:iam::111122223333:user/alice,2024-01-01T00:00:00+00:00,true,no_information,"
                + "2024-01-01T00:00:00+00:00,N/A,false,true,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");

        assertThat(scan("--credential-report", report.toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("error: credential report '" + report + "': credential report line 3: "
                + "access_key_1_active is 'true' but access_key_1_last_rotated is 'N/A': an active key has a creation time\n");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void csvOutputNeutralisesCellsASpreadsheetWouldRunAsFormulas(@TempDir Path dir) throws IOException {
        // Valid IAM user names, each the start of a formula in a spreadsheet (OWASP's CSV injection).
        List<String> sample = Files.readAllLines(SAMPLE);
        String bob = sample.stream().filter(line -> line.startsWith("bob,")).findFirst().orElseThrow();
        StringBuilder report = new StringBuilder(sample.get(0) + "\n" + sample.get(1) + "\n");
        for (String name : List.of("=2+5", "+1", "-dash", "@SUM", "plain")) {
            report.append(bob.replace("bob", name)).append('\n');
        }
        Path file = Files.writeString(dir.resolve("formulas.csv"), report);

        scan("--credential-report", file.toString(), "--format", "csv");

        assertThat(stdout().lines().skip(1).map(line -> line.substring(0, line.indexOf(','))))
                .containsExactlyInAnyOrder("'=2+5", "'+1", "'-dash", "'@SUM", "plain");
    }

    @Test
    void anErrorIsOneLineAndExitTwoNeverAStackTraceOrExitOne() {
        // Was: an OutOfMemoryError escaped with a stack trace and exit 1, which means "findings".
        liveAccount = () -> {
            throw new OutOfMemoryError("Java heap space");
        };

        assertThat(scan()).isEqualTo(2);
        assertThat(stderr()).isEqualTo("error: out of memory (Java heap space); give Java more heap: "
                + "java -Xmx1g -jar setupkeys-rule.jar …\n");
    }

    @Test
    void anyOtherErrorIsOneLineAndExitTwo() {
        liveAccount = () -> {
            throw new StackOverflowError();
        };

        assertThat(scan()).isEqualTo(2);
        assertThat(stderr()).isEqualTo("error: unexpected java.lang.StackOverflowError\n");
    }

    @Test
    void noCredentialsIsOneLine() {
        liveAccount = () -> {
            throw new NoCredentialsException("no AWS credentials found: set AWS_PROFILE");
        };

        assertThat(scan()).isEqualTo(2);
        assertThat(stderr()).isEqualTo("error: no AWS credentials found: set AWS_PROFILE\n");
    }

    @Test
    void accessDeniedNamesTheCallAndThePermissionsAScanNeeds() {
        AwsServiceException denied = AwsServiceException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied")
                        .errorMessage("User: arn:aws:iam::1:user/x is not authorized to perform: iam:ListUsers").build())
                .build();
        liveAccount = () -> new InMemoryIamFacts().failing("ListUsers", new AwsCallFailedException("iam:ListUsers", denied));

        assertThat(scan()).isEqualTo(2);
        assertThat(stderr().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("error: iam:ListUsers failed: AccessDenied (HTTP 403): User: arn:aws:iam::1:user/x is not "
                        + "authorized to perform: iam:ListUsers (a live scan needs iam:ListUsers, iam:GenerateCredentialReport"));
    }

    @Test
    void anUnreachableEndpointIsOneLine() {
        liveAccount = () -> new InMemoryIamFacts().failing("ListUsers", new AwsCallFailedException("iam:ListUsers",
                SdkClientException.create("Unable to execute HTTP request: Connect to 127.0.0.1:9 failed:\nConnection refused")));

        assertThat(scan()).isEqualTo(2);
        assertThat(stderr()).isEqualTo("error: iam:ListUsers failed: Unable to execute HTTP request: Connect to "
                + "127.0.0.1:9 failed: Connection refused\n");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(SetupKeysCli.run(new String[0], command(), print(out), print(err))).isEqualTo(2);
        assertThat(stderr()).startsWith("error: missing command: scan");
    }

    /** {@code file}, holding the lines of the sample that {@code keep} keeps. */
    private static Path sampleLines(Path file, Predicate<String> keep) throws IOException {
        return Files.write(file, Files.readAllLines(SAMPLE).stream().filter(keep).toList());
    }

    private int scan(String... arguments) {
        String[] args = new String[arguments.length + 1];
        args[0] = "scan";
        System.arraycopy(arguments, 0, args, 1, arguments.length);
        return SetupKeysCli.run(args, command(), print(out), print(err));
    }

    private ScanCommand command() {
        return new ScanCommand(() -> liveAccount.get(), Optional::empty, Clock.fixed(T0.plus(Duration.ofDays(2)), ZoneOffset.UTC),
                print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static JsonObject find(JsonArray users, String name) {
        return StreamSupport.stream(users.spliterator(), false).map(element -> element.getAsJsonObject())
                .filter(user -> user.get("userName").getAsString().equals(name)).findFirst().orElseThrow();
    }
}
