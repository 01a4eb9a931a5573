package io.github.setupkeys.rule.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.aws.AwsCallFailedException;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.evaluation.AccountEvaluator;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.Pause;
import io.github.setupkeys.rule.evaluation.ScanProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GenerateCredentialReportRequest;
import software.amazon.awssdk.services.iam.model.GenerateCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListUsersRequest;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.ReportStateType;

/**
 * A listing that fails while the credential report is awaited beside it stops the wait, whose pauses between polls
 * (real sleeps here) could otherwise last two minutes, and its failure is what the scan throws.
 */
class ReportWaitBesideListingTest {

    /** IAM that keeps generating the report, and refuses to list users once the report wait has begun. */
    private static final class RefusingToList implements IamClient {

        final CountDownLatch generating = new CountDownLatch(1);
        final AtomicBoolean listedWhileGenerating = new AtomicBoolean();
        final AtomicInteger polls = new AtomicInteger();

        @Override
        public ListUsersResponse listUsers(ListUsersRequest request) {
            try {
                listedWhileGenerating.set(generating.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw IamException.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("AccessDenied").errorMessage("not authorized to perform: iam:ListUsers").build())
                    .build();
        }

        @Override
        public GenerateCredentialReportResponse generateCredentialReport(GenerateCredentialReportRequest request) {
            polls.incrementAndGet();
            generating.countDown();
            return GenerateCredentialReportResponse.builder().state(ReportStateType.STARTED).build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
            // holds nothing
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aFailedListingStopsTheReportWaitAndIsWhatTheScanThrows() {
        RefusingToList iam = new RefusingToList();
        IamClientFacts facts = new IamClientFacts(iam, new ReportWait(Duration.ofMinutes(2), 60), Pause.SLEEP);

        assertThatThrownBy(() -> new AccountEvaluator(facts, CallsInFlight.DEFAULTS).evaluateAll(
                RuleParameters.DEFAULTS, Instant.parse("2026-12-01T00:00:00Z"), ScanProgress.NONE, Deadline.NONE))
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageStartingWith("iam:ListUsers failed: AccessDenied (HTTP 403)");

        assertThat(iam.listedWhileGenerating).as("the report wait had begun when the listing failed").isTrue();
        assertThat(iam.polls).as("and stopped in its first pause").hasValue(1);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().equals("setupkeys-credential-report"));
    }
}
