package io.github.setupkeys.rule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.aws.IamClientFacts;
import io.github.setupkeys.rule.aws.ReportServingIamClient;
import io.github.setupkeys.rule.aws.ReportWait;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.report.CredentialReportFormatException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.iam.model.User;

/**
 * The periodic run reads IAM's own credential report as strictly as a report given offline: a report that
 * contradicts itself fails the invocation with the message the scan gives, and nothing is written.
 */
class CredentialReportFromIamTest {

    private static final Instant NOW = Instant.parse("2026-11-29T00:01:30Z");
    private static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,"
            + "password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
            + "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
            + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,"
            + "access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
    private static final String ROOT = "<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,"
            + "not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,"
            + "false,N/A";
    private static final String NO_KEY = "false,N/A,N/A,N/A,N/A";

    private final RecordingConfigApi config = new RecordingConfigApi();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an active key without a creation time|true,N/A,N/A,N/A,N/A|" + NO_KEY
                + "|credential report line 3: access_key_1_active is 'true' but access_key_1_last_rotated is 'N/A': "
                + "an active key has a creation time",
        "a last use without a key|" + NO_KEY + "|false,N/A,2024-03-01T00:00:00+00:00,us-east-1,s3"
                + "|credential report line 3: access_key_2_last_used_date is '2024-03-01T00:00:00+00:00' but "
                + "access_key_2_last_rotated is 'N/A': a slot without a key has no use"
    })
    void aContradictionInIamsReportFailsThePeriodicRunAndWritesNothing(String what, String key1, String key2,
            String message) {
        String report = HEADER + "\n" + ROOT + "\n" + row("alice", key1, key2) + "\n";

        assertThatThrownBy(() -> ruleOver(report, "alice").invoke(Events.load("scheduled.json"), new FakeContext()))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessage(message);
        assertThat(config.puts()).isEmpty();
    }

    @Test
    void aUserTwiceInIamsReportFailsTheRunNamingBothLines() {
        String report = HEADER + "\n" + ROOT + "\n" + row("alice", NO_KEY, NO_KEY) + "\n" + row("Alice", NO_KEY, NO_KEY);

        assertThatThrownBy(() -> ruleOver(report, "alice").invoke(Events.load("scheduled.json"), new FakeContext()))
                .hasMessage("credential report lines 3 and 4 are the same user, 'alice' and 'Alice' "
                        + "(IAM user names are unique ignoring case)");
        assertThat(config.puts()).isEmpty();
    }

    @Test
    void aReportWithoutTheRootAccountRowIsReadLive() {
        // Who is evaluated comes from ListUsers, and a user missing from the report is confirmed live: a report
        // without the root row (moto writes none) cannot make a verdict wrong, so it is not refused here.
        String report = HEADER + "\n" + row("alice", NO_KEY, NO_KEY) + "\n";

        ruleOver(report, "alice").invoke(Events.load("scheduled.json"), new FakeContext());

        assertThat(config.written()).extracting(ConfigEvaluation::complianceType).containsExactly(ComplianceType.COMPLIANT);
    }

    /** The rule over an account whose IAM lists {@code users} and serves {@code report}. */
    private ConfigRule ruleOver(String report, String... users) {
        List<User> listed = Arrays.stream(users).map(name -> User.builder().userName(name).path("/")
                .userId("AIDA" + name.toUpperCase()).arn("arn:aws:iam::111122223333:user/" + name)
                .createDate(Instant.parse("2024-01-01T00:00:00Z")).build()).toList();
        IamClientFacts iam = new IamClientFacts(new ReportServingIamClient(listed, report, NOW.minusSeconds(60)),
                ReportWait.DEFAULT, duration -> { });
        return new ConfigRule(new FakeAccountAccess(iam, config), Clock.fixed(NOW, ZoneOffset.UTC), duration -> { });
    }

    private static String row(String name, String key1, String key2) {
        return name + ",arn:aws:iam::111122223333:user/" + name + ",2024-01-01T00:00:00+00:00,true,no_information,"
                + "2024-01-01T00:00:00+00:00,N/A,false," + key1 + "," + key2 + ",false,N/A,false,N/A";
    }
}
