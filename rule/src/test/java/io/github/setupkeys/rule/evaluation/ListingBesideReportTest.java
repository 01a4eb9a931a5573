package io.github.setupkeys.rule.evaluation;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.evaluation.OverlappingIamFacts.Call;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The users are listed while the credential report is generated and polled, when more than one call may be in
 * flight; one call at a time, the listing still comes first. Either way progress hears the listing before the
 * report, the fallback is decided once both have ended, and a failure of either fails the scan.
 */
class ListingBesideReportTest {

    private static final Instant REPORT_TIME = T0.plus(Duration.ofDays(10));
    private static final Instant NOW = REPORT_TIME.plus(Duration.ofHours(3));

    private final InMemoryIamFacts account = new InMemoryIamFacts()
            .add(aUser().named("finding").withConsolePassword().withKey(activeKey()).facts())
            .add(aUser().named("console").withConsolePassword().facts());

    @ParameterizedTest(name = "{0} call(s) in flight: at most {1} of the listing and the report at once")
    @CsvSource({"1, 1", "8, 2"})
    void theListingAndTheReportAreInFlightTogetherOnlyWhenMoreThanOneCallMayBe(int inFlight, int together) {
        account.generateReport(REPORT_TIME);
        InFlightGate gate = new InFlightGate(together);
        IamFacts iam = new OverlappingIamFacts(account, gate, Set.of(Call.LIST_USERS, Call.CREDENTIAL_REPORT));

        AccountScan scan = new AccountEvaluator(iam, new CallsInFlight(inFlight)).evaluateAll(RuleParameters.DEFAULTS,
                NOW, ScanProgress.NONE, Deadline.NONE);

        assertThat(gate.mostInFlight()).isEqualTo(together);
        assertThat(scan.results()).hasSize(2);
        if (inFlight == 1) {
            assertThat(gate.arrivals()).as("one after the other, as always")
                    .containsExactly(Call.LIST_USERS.shown(), Call.CREDENTIAL_REPORT.shown());
        }
    }

    @Test
    void progressHearsTheListingBeforeTheReportEvenWhenTheReportIsReadFirst() throws InterruptedException {
        account.generateReport(REPORT_TIME);
        CountDownLatch reportRead = new CountDownLatch(1);
        AtomicBoolean listedAfterTheReport = new AtomicBoolean();
        IamFacts iam = new OverlappingIamFacts(account, new InFlightGate(1), Set.of())
                .before(Call.LIST_USERS, () -> listedAfterTheReport.set(awaited(reportRead)))
                .after(Call.CREDENTIAL_REPORT, reportRead::countDown);
        HeardProgress heard = new HeardProgress();

        new AccountEvaluator(iam, CallsInFlight.DEFAULTS).evaluateAll(RuleParameters.DEFAULTS, NOW, heard,
                Deadline.NONE);

        assertThat(listedAfterTheReport).as("the report was read while the users were being listed").isTrue();
        assertThat(heard).hasToString("listed 2;report 2;confirmed 1/1;");
    }

    @Test
    void withoutAReportInTimeTheFallbackIsDecidedOnceTheListingHasEndedWithTheSameMessage() {
        account.reportNeverReady();
        CountDownLatch reportGivenUp = new CountDownLatch(1);
        AtomicBoolean listedAfterTheWait = new AtomicBoolean();
        IamFacts iam = new OverlappingIamFacts(account, new InFlightGate(1), Set.of())
                .before(Call.LIST_USERS, () -> listedAfterTheWait.set(awaited(reportGivenUp)))
                .after(Call.CREDENTIAL_REPORT, reportGivenUp::countDown);

        assertThatThrownBy(() -> new AccountEvaluator(iam, CallsInFlight.DEFAULTS).evaluateAll(RuleParameters.DEFAULTS,
                NOW, ScanProgress.NONE, Deadline.of(() -> 100)))
                .isInstanceOf(CredentialReportUnavailableException.class)
                .hasMessage("IAM credential report not ready after 60 polls; confirming all 2 users live instead could "
                        + "take 1 s with 8 call(s) in flight, more than is left");
        assertThat(listedAfterTheWait).as("the wait ended while the users were being listed").isTrue();
        assertThat(account.calls("ListUsers")).isEqualTo(1);
        assertThat(account.calls("GetLoginProfile")).isZero();
    }

    @ParameterizedTest(name = "{0} call(s) in flight")
    @ValueSource(ints = {1, 8})
    void aReportIamRefusesFailsTheScan(int inFlight) {
        account.generateReport(REPORT_TIME)
                .failing("GetCredentialReport", new IllegalStateException("iam:GetCredentialReport failed: AccessDenied"));

        assertThatThrownBy(() -> new AccountEvaluator(account, new CallsInFlight(inFlight)).evaluateAll(
                RuleParameters.DEFAULTS, NOW, ScanProgress.NONE, Deadline.NONE))
                .hasMessage("iam:GetCredentialReport failed: AccessDenied");
        assertThat(account.calls("GetLoginProfile")).isZero();
    }

    @ParameterizedTest(name = "{0} call(s) in flight")
    @ValueSource(ints = {1, 8})
    void whenTheListingFailsItsFailureIsThrownWhateverTheReportDid(int inFlight) {
        account.generateReport(REPORT_TIME)
                .failing("ListUsers", new IllegalStateException("iam:ListUsers failed: AccessDenied"))
                .failing("GetCredentialReport", new IllegalStateException("iam:GetCredentialReport failed: Throttling"));

        assertThatThrownBy(() -> new AccountEvaluator(account, new CallsInFlight(inFlight)).evaluateAll(
                RuleParameters.DEFAULTS, NOW, ScanProgress.NONE, Deadline.NONE))
                .hasMessage("iam:ListUsers failed: AccessDenied");
    }

    /** Whether {@code latch} opened within five seconds. */
    private static boolean awaited(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
