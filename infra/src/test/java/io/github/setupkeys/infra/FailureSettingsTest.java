package io.github.setupkeys.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FailureSettingsTest {

    @Test
    void byDefaultNoTopicIsNotifiedAndNoOneReadsTheFailureQueues() {
        assertThat(FailureSettings.fromContext(Map.<String, Object>of()::get))
                .isEqualTo(new FailureSettings(Optional.empty(), List.of()));
    }

    @Test
    void theTopicAndTheReadersComeFromTheContextListsCommaSeparatedOrAsJsonArrays() {
        FailureSettings settings = FailureSettings.fromContext(Map.<String, Object>of(
                "alarmTopicArn", "arn:aws:sns:eu-west-1:111122223333:security-alerts",
                "failureQueueReaders", "arn:aws:iam::111122223333:role/SecurityOps, arn:aws:iam::111122223333:user/alice")::get);

        assertThat(settings.alarmTopicArn()).contains("arn:aws:sns:eu-west-1:111122223333:security-alerts");
        assertThat(settings.failureQueueReaders()).containsExactly("arn:aws:iam::111122223333:role/SecurityOps",
                "arn:aws:iam::111122223333:user/alice");
        assertThat(FailureSettings.fromContext(Map.<String, Object>of("failureQueueReaders",
                List.of("arn:aws-us-gov:iam::111122223333:role/ops/*"))::get).failureQueueReaders()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"security-alerts", "arn:aws:sns:eu-west-1:111122223333:alerts.fifo",
            "arn:aws:sqs:eu-west-1:111122223333:alerts", "arn:aws:sns:eu-west-1:1111:alerts"})
    void aTopicThatIsNotAStandardSnsTopicArnIsRefused(String arn) {
        assertThatThrownBy(() -> FailureSettings.fromContext(Map.<String, Object>of("alarmTopicArn", arn)::get))
                .hasMessageStartingWith("context alarmTopicArn=" + arn + " is invalid: expected the ARN of a standard "
                        + "SNS topic");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"*", "SecurityOps", "arn:aws:iam::*:role/SecurityOps", "arn:aws:iam::111122223333:root",
            "arn:aws:iam::111122223333:group/Admins", "arn:aws:sts::111122223333:assumed-role/SecurityOps/me"})
    void aReaderThatIsNotARoleOrUserOfOneAccountIsRefused(String reader) {
        assertThatThrownBy(() -> FailureSettings.fromContext(Map.<String, Object>of("failureQueueReaders", reader)::get))
                .hasMessageStartingWith("context failureQueueReaders=" + reader + " is invalid: expected IAM role or "
                        + "user ARNs");
    }
}
