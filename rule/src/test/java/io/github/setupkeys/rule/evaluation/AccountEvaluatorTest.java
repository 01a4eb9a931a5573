package io.github.setupkeys.rule.evaluation;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static io.github.setupkeys.rule.domain.TestUsers.inactiveKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.domain.UserFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccountEvaluatorTest {

    private static final Instant REPORT_TIME = T0.plus(Duration.ofDays(10));
    private static final Instant NOW = REPORT_TIME.plus(Duration.ofHours(3));

    private final InMemoryIamFacts account = new InMemoryIamFacts();

    @Test
    void usersTheReportSettlesCostNoLiveCall() {
        account.add(aUser().named("console").withConsolePassword().facts())
                .add(aUser().named("rotated").withConsolePassword().withKey(activeKey()
                        .createdAt(T0.plus(Duration.ofDays(3))).usedAt(T0.plus(Duration.ofDays(4)))).facts())
                .add(aUser().named("service").withKey(activeKey()
                        .createdAt(T0.plus(Duration.ofDays(1))).usedAt(T0.plus(Duration.ofDays(2)))).facts())
                .generateReport(REPORT_TIME);

        AccountScan scan = evaluate(RuleParameters.DEFAULTS);

        assertThat(verdicts(scan)).containsExactlyInAnyOrderEntriesOf(Map.of("console", ComplianceType.COMPLIANT,
                "rotated", ComplianceType.COMPLIANT, "service", ComplianceType.NOT_APPLICABLE));
        assertThat(scan.candidates()).isZero();
        assertThat(account.calls("GetLoginProfile")).isZero();
        assertThat(account.calls("ListAccessKeys")).isZero();
    }

    @Test
    void aSetupKeySlotMakesACandidateWhateverItsStatusUseOrPassword() {
        account.add(aUser().named("finding").withConsolePassword().withKey(activeKey()).facts())
                .add(aUser().named("inactive").withConsolePassword().withKey(inactiveKey()).facts())
                .add(aUser().named("used").withConsolePassword().withKey(activeKey().usedAt(T0.plusSeconds(60))).facts())
                .add(aUser().named("nopassword").withKey(activeKey()).facts())
                .generateReport(REPORT_TIME);

        AccountScan scan = evaluate(RuleParameters.DEFAULTS);

        assertThat(scan.candidates()).isEqualTo(4);
        assertThat(verdicts(scan)).containsEntry("finding", ComplianceType.NON_COMPLIANT)
                .containsEntry("inactive", ComplianceType.COMPLIANT)
                .containsEntry("used", ComplianceType.COMPLIANT)
                .containsEntry("nopassword", ComplianceType.NOT_APPLICABLE);
        assertThat(account.calls("GetLoginProfile")).isEqualTo(4);
    }

    @Test
    void aPasswordAddedAfterTheReportToAUserWithAnUnusedSetupKeyIsFound() {
        UserFacts before = aUser().named("late-password").withKey(activeKey()).facts();
        account.add(before).generateReport(REPORT_TIME);
        account.add(new UserFacts(before.user(), true, before.accessKeys(), Map.of()));

        assertThat(verdicts(evaluate(RuleParameters.DEFAULTS))).containsEntry("late-password", ComplianceType.NON_COMPLIANT);
    }

    @Test
    void aUserCreatedAfterTheReportIsConfirmedLive() {
        account.generateReport(REPORT_TIME);
        account.add(aUser().named("new").createdAt(REPORT_TIME.plusSeconds(60)).withConsolePassword()
                .withKey(activeKey().createdAt(REPORT_TIME.plusSeconds(65))).facts());

        AccountScan scan = evaluate(RuleParameters.DEFAULTS);

        assertThat(verdicts(scan)).containsEntry("new", ComplianceType.NON_COMPLIANT);
        assertThat(scan.candidates()).isEqualTo(1);
    }

    @Test
    void aUserYoungerThanOneWindowAtReportTimeIsConfirmedLiveBecauseItsSetupKeyMayPostdateTheReport() {
        Instant created = REPORT_TIME.minusSeconds(600);
        UserFacts atReport = aUser().named("young").createdAt(created).withConsolePassword().facts();
        account.add(atReport).generateReport(REPORT_TIME);
        account.add(aUser().named("young").createdAt(created).withConsolePassword()
                .withKey(activeKey().createdAt(created.plusSeconds(3000))).facts());

        assertThat(verdicts(evaluate(RuleParameters.DEFAULTS))).containsEntry("young", ComplianceType.NON_COMPLIANT);
    }

    @Test
    void aUserCreatedInTheSameSecondAsOneWindowBeforeTheReportIsConfirmedLiveWhateverTheMilliseconds() {
        // The report claims a later time, so the run's start stands for its time: an instant with milliseconds.
        Instant now = NOW.plusMillis(500);
        Instant created = NOW.minusSeconds(RuleParameters.DEFAULTS.setupWindowSeconds()).plusMillis(200);
        account.add(aUser().named("boundary").createdAt(created).withConsolePassword().facts())
                .generateReport(NOW.plus(Duration.ofHours(1)));
        account.add(aUser().named("boundary").createdAt(created).withConsolePassword()
                .withKey(activeKey().createdAt(NOW.plusMillis(700))).facts());

        AccountScan scan = new AccountEvaluator(account, CallsInFlight.DEFAULTS).evaluateAll(RuleParameters.DEFAULTS,
                now, ScanProgress.NONE, Deadline.NONE);

        assertThat(scan.candidates()).isEqualTo(1);
        assertThat(verdicts(scan)).containsEntry("boundary", ComplianceType.NON_COMPLIANT);
    }

    @ParameterizedTest(name = "requireNeverUsed={0}, key used: {1}")
    @CsvSource({"true, false", "false, false", "false, true"})
    void aSlotDatedAfterTheWindowMayBeASetupKeyWhoseDateMovedSoItsUserIsConfirmedLive(boolean requireNeverUsed,
            boolean used) {
        // access_key_N_last_rotated is when the key "was created or last changed": here a later change moved it.
        var key = activeKey().createdAt(T0.plusSeconds(5));
        if (used) {
            key.usedAt(T0.plus(Duration.ofDays(6)));
        }
        UserFacts facts = aUser().named("reactivated").withConsolePassword().withKey(key).facts();
        account.add(facts).generateReportWithSlotDated(REPORT_TIME, facts.accessKeys().get(0).accessKeyId(),
                T0.plus(Duration.ofDays(5)));

        AccountScan scan = evaluate(RuleParameters.fromMap(Map.of("requireNeverUsed", String.valueOf(requireNeverUsed))));

        assertThat(scan.candidates()).isEqualTo(1);
        assertThat(verdicts(scan)).containsEntry("reactivated", ComplianceType.NON_COMPLIANT);
    }

    @Test
    void aSlotDatedAfterTheWindowWhoseKeyWasUsedSettlesTheUserSinceItCanNeverOffend() {
        UserFacts facts = aUser().named("rotated").withConsolePassword()
                .withKey(activeKey().createdAt(T0.plusSeconds(5)).usedAt(T0.plus(Duration.ofDays(6)))).facts();
        account.add(facts).generateReportWithSlotDated(REPORT_TIME, facts.accessKeys().get(0).accessKeyId(),
                T0.plus(Duration.ofDays(5)));

        AccountScan scan = evaluate(RuleParameters.DEFAULTS);

        assertThat(scan.candidates()).isZero();
        assertThat(verdicts(scan)).containsEntry("rotated", ComplianceType.COMPLIANT);
    }

    @Test
    void aRowOfAnotherUserOfTheSameNameDoesNotSettleTheVerdict() {
        account.add(aUser().named("reused").createdAt(T0).withConsolePassword().facts()).generateReport(REPORT_TIME);
        Instant recreated = T0.plus(Duration.ofDays(1));
        account.add(aUser().named("reused").createdAt(recreated).withConsolePassword()
                .withKey(activeKey().createdAt(recreated.plusSeconds(10))).facts());

        AccountScan scan = evaluate(RuleParameters.DEFAULTS);

        assertThat(verdicts(scan)).containsEntry("reused", ComplianceType.NON_COMPLIANT);
        assertThat(scan.candidates()).isEqualTo(1);
    }

    @Test
    void aReportDatedInTheFutureIsTreatedAsGeneratedNow() {
        Instant created = NOW.minusSeconds(1800);
        account.add(aUser().named("skewed").createdAt(created).withConsolePassword().facts())
                .generateReport(NOW.plus(Duration.ofHours(2)));
        account.add(aUser().named("skewed").createdAt(created).withConsolePassword()
                .withKey(activeKey().createdAt(created.plusSeconds(100))).facts());

        assertThat(verdicts(evaluate(RuleParameters.DEFAULTS))).containsEntry("skewed", ComplianceType.NON_COMPLIANT);
    }

    @Test
    void aReportWithoutATimeIsTakenAsOldAsIamServesThem() {
        Instant created = NOW.minus(Duration.ofHours(2));
        account.add(aUser().named("undated").createdAt(created).withConsolePassword().facts()).generateUndatedReport();
        account.add(aUser().named("undated").createdAt(created).withConsolePassword()
                .withKey(activeKey().createdAt(created.plusSeconds(100))).facts());

        AccountScan scan = evaluate(RuleParameters.DEFAULTS);

        assertThat(verdicts(scan)).containsEntry("undated", ComplianceType.NON_COMPLIANT);
        assertThat(scan.candidates()).isEqualTo(1);
    }

    @Test
    void aUserDeletedBetweenListingAndConfirmationIsNotApplicable() {
        account.add(aUser().named("gone").withConsolePassword().withKey(activeKey()).facts())
                .generateReport(REPORT_TIME)
                .deleteWhenListed("gone");

        AccountScan scan = evaluate(RuleParameters.DEFAULTS);

        // IAM answers GetLoginProfile of a deleted user as of one without a password (design.md §2.9): never a
        // finding, never COMPLIANT, and no further call for a user that is gone.
        assertThat(scan.results()).singleElement().satisfies(result -> {
            assertThat(result.verdict().complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
            assertThat(result.verdict().annotation()).startsWith("No console password");
        });
        assertThat(account.calls("ListAccessKeys")).isZero();
    }

    @Test
    void theBulkPathAgreesWithPerUserEvaluationForEveryUser() {
        for (int i = 0; i < 200; i++) {
            var user = aUser().named("user" + i).withId("AIDA" + i).createdAt(T0.plusSeconds(i * 7200L));
            if (i % 2 == 0) {
                user.withConsolePassword();
            }
            if (i % 3 == 0) {
                user.withKey(activeKey().createdAt(T0.plusSeconds(i * 7200L + 30)));
            }
            if (i % 5 == 0) {
                user.withKey(inactiveKey().createdAt(T0.plusSeconds(i * 7200L + 5000)).usedAt(T0.plusSeconds(i * 7200L + 6000)));
            }
            if (i % 7 == 0) {
                user.withKey(activeKey().createdAt(T0.plusSeconds(i * 7200L + 10)).usedAt(T0.plusSeconds(i * 7200L + 99)));
            }
            account.add(user.facts());
        }
        account.generateReport(T0.plusSeconds(200 * 7200L));
        UserEvaluator perUser = new UserEvaluator(account);

        AccountScan scan = new AccountEvaluator(account, CallsInFlight.DEFAULTS).evaluateAll(RuleParameters.DEFAULTS,
                T0.plusSeconds(200 * 7200L + 60), ScanProgress.NONE, Deadline.NONE);

        scan.results().forEach(result -> assertThat(result.verdict())
                .as(result.user().userName())
                .isEqualTo(perUser.evaluate(result.user(), RuleParameters.DEFAULTS)));
        assertThat(scan.candidates()).isLessThan(200 / 2);
    }

    @Test
    void progressIsReportedForEveryPhase() {
        account.add(aUser().named("finding").withConsolePassword().withKey(activeKey()).facts()).generateReport(REPORT_TIME);
        HeardProgress heard = new HeardProgress();

        new AccountEvaluator(account, CallsInFlight.DEFAULTS).evaluateAll(RuleParameters.DEFAULTS, NOW, heard,
                Deadline.NONE);

        assertThat(heard).hasToString("listed 1;report 1;confirmed 1/1;");
    }

    @Test
    void withoutACredentialReportEveryUserIsConfirmedLiveWhenTimeAllows() {
        account.add(aUser().named("finding").withConsolePassword().withKey(activeKey()).facts())
                .add(aUser().named("console").withConsolePassword().facts())
                .reportNeverReady();
        StringBuilder heard = new StringBuilder();

        AccountScan scan = new AccountEvaluator(account, CallsInFlight.DEFAULTS).evaluateAll(RuleParameters.DEFAULTS, NOW, new ScanProgress() {
            @Override
            public void credentialReportUnavailable(String reason, int users) {
                heard.append(reason).append(" / ").append(users);
            }
        }, Deadline.of(() -> 600_000));

        assertThat(scan.withoutReport()).isTrue();
        assertThat(scan.candidates()).isEqualTo(2);
        assertThat(verdicts(scan)).containsEntry("finding", ComplianceType.NON_COMPLIANT)
                .containsEntry("console", ComplianceType.COMPLIANT);
        assertThat(heard).hasToString("IAM credential report not ready after 60 polls / 2");
    }

    @ParameterizedTest(name = "{0} call(s) in flight: {1} users could take {2} s, more than {3} s")
    @CsvSource({"1, 1000, 250, 200", "8, 1000, 32, 20", "8, 5000, 157, 150"})
    void withoutACredentialReportAndTooLittleTimeTheScanFailsSayingWhy(int inFlight, int users, int seconds,
            int left) {
        for (int i = 0; i < users; i++) {
            account.add(aUser().named("user" + i).facts());
        }
        account.reportNeverReady();

        assertThatThrownBy(() -> new AccountEvaluator(account, new CallsInFlight(inFlight)).evaluateAll(
                RuleParameters.DEFAULTS, NOW, ScanProgress.NONE, Deadline.of(() -> left * 1000L)))
                .isInstanceOf(CredentialReportUnavailableException.class)
                .hasMessage("IAM credential report not ready after 60 polls; confirming all " + users + " users live "
                        + "instead could take " + seconds + " s with " + inFlight + " call(s) in flight, more than is left");
        assertThat(account.calls("GetLoginProfile")).isZero();
    }

    @Test
    void withoutACredentialReport5000UsersFitInOneInvocationBecauseTheyAreConfirmedSeveralAtATime() {
        for (int i = 0; i < 5000; i++) {
            account.add(aUser().named("user" + i).facts());
        }
        account.reportNeverReady();
        // Lambda's 15 minutes, less the 30 s kept for writing and the two minutes spent waiting for the report.
        Deadline afterTheReportWait = Deadline.of(() -> 750_000);

        assertThatThrownBy(() -> new AccountEvaluator(account, CallsInFlight.ONE_AT_A_TIME).evaluateAll(
                RuleParameters.DEFAULTS, NOW, ScanProgress.NONE, afterTheReportWait))
                .hasMessageEndingWith("could take 1250 s with 1 call(s) in flight, more than is left");
        AccountScan scan = new AccountEvaluator(account, CallsInFlight.DEFAULTS).evaluateAll(RuleParameters.DEFAULTS,
                NOW, ScanProgress.NONE, afterTheReportWait);

        assertThat(scan.withoutReport()).isTrue();
        assertThat(scan.candidates()).isEqualTo(5000);
        assertThat(account.calls("GetLoginProfile")).isEqualTo(5000);
    }

    @Test
    void confirmationStopsWhenTheDeadlineComesSayingHowFarItGot() {
        for (int i = 0; i < 5; i++) {
            account.add(aUser().named("new" + i).withConsolePassword().withKey(activeKey()).facts());
        }
        account.generateReport(REPORT_TIME);
        AtomicLong remaining = new AtomicLong(3);

        assertThatThrownBy(() -> new AccountEvaluator(account, CallsInFlight.DEFAULTS).evaluateAll(
                RuleParameters.DEFAULTS, NOW, ScanProgress.NONE, remaining::getAndDecrement))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessage("stopped before the deadline while confirming candidate 4 of 5 live");
        assertThat(account.calls("GetLoginProfile")).isEqualTo(3);
    }

    @Test
    void candidatesAreConfirmedSeveralAtATimeButNeverMoreThanTheCallsInFlight() {
        for (int i = 0; i < 40; i++) {
            account.add(aUser().named("new" + i).withConsolePassword().withKey(activeKey()).facts());
        }
        account.generateReport(REPORT_TIME);
        OverlappingIamFacts overlapping = new OverlappingIamFacts(account, 4);

        AccountScan scan = new AccountEvaluator(overlapping, new CallsInFlight(4)).evaluateAll(RuleParameters.DEFAULTS,
                NOW, ScanProgress.NONE, Deadline.NONE);

        assertThat(overlapping.mostInFlight()).as("four at once, never five").isEqualTo(4);
        assertThat(scan.candidates()).isEqualTo(40);
        assertThat(account.calls("GetLoginProfile")).isEqualTo(40);
    }

    @Test
    void verdictsComeInTheListingsOrderWithTheSameCallsAsOneAtATime() {
        InMemoryIamFacts sameAccount = new InMemoryIamFacts();
        for (InMemoryIamFacts each : List.of(account, sameAccount)) {
            for (int i = 0; i < 60; i++) {
                var user = aUser().named("user" + i).withId("AIDA" + i).createdAt(T0.plusSeconds(i));
                if (i % 2 == 0) {
                    user.withConsolePassword();
                }
                if (i % 3 != 0) {
                    user.withKey(activeKey().createdAt(T0.plusSeconds(i + 5)));
                }
                each.add(user.facts());
            }
            each.generateReport(REPORT_TIME);
        }

        AccountScan oneAtATime = new AccountEvaluator(account, CallsInFlight.ONE_AT_A_TIME)
                .evaluateAll(RuleParameters.DEFAULTS, NOW, ScanProgress.NONE, Deadline.NONE);
        AccountScan concurrently = new AccountEvaluator(sameAccount, new CallsInFlight(8))
                .evaluateAll(RuleParameters.DEFAULTS, NOW, ScanProgress.NONE, Deadline.NONE);

        assertThat(concurrently.candidates()).isEqualTo(40);
        assertThat(concurrently.results()).isEqualTo(oneAtATime.results());
        assertThat(sameAccount.calls()).isEqualTo(account.calls());
    }

    @Test
    void whenTheDeadlineComesWhileCandidatesAreInFlightTheyEndAndNoOtherStarts() throws Exception {
        for (int i = 0; i < 10; i++) {
            account.add(aUser().named("new" + i).withConsolePassword().withKey(activeKey()).facts());
        }
        account.generateReport(REPORT_TIME);
        OverlappingIamFacts overlapping = new OverlappingIamFacts(account, 3);
        AtomicLong remaining = new AtomicLong(600_000);
        overlapping.whenAllInFlight(() -> remaining.set(0));

        assertThatThrownBy(() -> new AccountEvaluator(overlapping, new CallsInFlight(3)).evaluateAll(
                RuleParameters.DEFAULTS, NOW, ScanProgress.NONE, remaining::get))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessage("stopped before the deadline while confirming candidate 4 of 10 live");
        assertThat(account.calls("GetLoginProfile")).as("only the three in flight started").isEqualTo(3);
        assertThat(account.calls("GetAccessKeyLastUsed")).as("and each of them ran to its end").isEqualTo(3);
    }

    @Test
    void aFailedConfirmationStartsNoOtherAndFailsTheScanOnceThoseInFlightEnd() {
        for (int i = 0; i < 30; i++) {
            account.add(aUser().named("new" + i).withConsolePassword().withKey(activeKey()).facts());
        }
        account.generateReport(REPORT_TIME);
        account.failing("ListAccessKeys", new IllegalStateException("iam:ListAccessKeys failed: AccessDenied"));

        assertThatThrownBy(() -> new AccountEvaluator(account, new CallsInFlight(4)).evaluateAll(
                RuleParameters.DEFAULTS, NOW, ScanProgress.NONE, Deadline.NONE))
                .hasMessage("iam:ListAccessKeys failed: AccessDenied");
        assertThat(account.calls("GetLoginProfile")).as("at most the four in flight").isBetween(1, 4);
    }

    @Test
    void progressHearsEveryConfirmationOnceAndInOrderFromWhicheverThread() {
        for (int i = 0; i < 250; i++) {
            account.add(aUser().named("new" + i).withConsolePassword().withKey(activeKey()).facts());
        }
        account.generateReport(REPORT_TIME);
        List<Integer> heard = new ArrayList<>();

        new AccountEvaluator(account, new CallsInFlight(8)).evaluateAll(RuleParameters.DEFAULTS, NOW,
                new ScanProgress() {
                    @Override
                    public void candidatesConfirmed(int done, int candidates) {
                        heard.add(done);
                    }
                }, Deadline.NONE);

        assertThat(heard).isEqualTo(IntStream.rangeClosed(1, 250).boxed().toList());
    }

    private AccountScan evaluate(RuleParameters parameters) {
        return new AccountEvaluator(account, CallsInFlight.DEFAULTS).evaluateAll(parameters, NOW, ScanProgress.NONE, Deadline.NONE);
    }

    private static Map<String, ComplianceType> verdicts(AccountScan scan) {
        return scan.results().stream().collect(Collectors.toMap(result -> result.user().userName(),
                result -> result.verdict().complianceType()));
    }
}
