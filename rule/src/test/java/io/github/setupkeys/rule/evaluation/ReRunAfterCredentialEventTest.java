package io.github.setupkeys.rule.evaluation;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static io.github.setupkeys.rule.domain.TestUsers.inactiveKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.KeyStatus;
import io.github.setupkeys.rule.domain.KeyUse;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.domain.TestUsers.UserBuilder;
import io.github.setupkeys.rule.domain.UserFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The periodic path re-run by the near-real-time trigger minutes after a credential event, with the
 * credential report IAM hands out then: generated before the event, and up to four hours old (IAM reuses a
 * report until it is four hours old). Whatever the event, the user's age and the report's age, the bulk path
 * finds exactly the findings a live evaluation finds (design.md §2.4). The one thing a report older than the event
 * can still show is a console password added or removed since, for a user with no setup key: COMPLIANT
 * versus NOT_APPLICABLE, until IAM generates a newer report.
 */
class ReRunAfterCredentialEventTest {

    private static final Instant NOW = T0.plus(Duration.ofDays(30));
    private static final Instant EVENT = NOW.minus(Duration.ofMinutes(3));
    private static final Duration STALEST_REPORT = Duration.ofHours(4);

    private final InMemoryIamFacts account = new InMemoryIamFacts();

    @Test
    void aPasswordCreatedMinutesAgoForAnOldUserWithAnUnusedSetupKeyInAFourHourOldReportIsFound() {
        Instant created = NOW.minus(Duration.ofDays(90));
        UserFacts atReport = aUser().named("old").createdAt(created)
                .withKey(activeKey().createdAt(created.plusSeconds(5))).facts();
        account.add(atReport).generateReport(NOW.minus(STALEST_REPORT));
        account.add(new UserFacts(atReport.user(), true, atReport.accessKeys(), Map.of())); // CreateLoginProfile

        AccountScan scan = evaluate(RuleParameters.DEFAULTS);

        assertThat(verdict(scan, "old")).isEqualTo(ComplianceType.NON_COMPLIANT);
        assertThat(scan.candidates()).as("its report row shows a setup-key slot, so it is confirmed live").isEqualTo(1);
    }

    @Test
    void aKeyCreatedMinutesAgoForAnOldUserIsARotationThatTheReportSettlesWithoutALiveCall() {
        Instant created = NOW.minus(Duration.ofDays(90));
        UserBuilder old = aUser().named("old").createdAt(created).withConsolePassword();
        account.add(old.facts()).generateReport(NOW.minus(STALEST_REPORT));
        account.add(old.withKey(activeKey().createdAt(EVENT)).facts()); // CreateAccessKey

        AccountScan scan = evaluate(RuleParameters.DEFAULTS);

        assertThat(scan.candidates()).isZero();
        assertThat(account.calls("GetLoginProfile")).isZero();
        assertThat(verdict(scan, "old")).isEqualTo(ComplianceType.COMPLIANT)
                .isEqualTo(new UserEvaluator(account).evaluate(old.user(), RuleParameters.DEFAULTS).complianceType());
    }

    @Test
    void aKeyCreatedMinutesAgoForAUserStillInItsSetupWindowIsFoundThoughItsRowShowsNoKey() {
        Instant created = NOW.minus(Duration.ofMinutes(50));
        UserBuilder young = aUser().named("young").createdAt(created).withConsolePassword();
        account.add(young.facts()).generateReport(NOW.minus(Duration.ofMinutes(30)));
        account.add(young.withKey(activeKey().createdAt(EVENT)).facts()); // CreateAccessKey, 47 min after the user

        AccountScan scan = evaluate(RuleParameters.DEFAULTS);

        assertThat(verdict(scan, "young")).isEqualTo(ComplianceType.NON_COMPLIANT);
        assertThat(scan.candidates()).as("created less than one window before the report").isEqualTo(1);
    }

    @Test
    void aUserCreatedMinutesAgoWithAPasswordAndAKeyIsFoundThoughTheReportPredatesIt() {
        account.generateReport(NOW.minus(STALEST_REPORT));
        account.add(aUser().named("new-hire").createdAt(EVENT.minusSeconds(20)).withConsolePassword()
                .withKey(activeKey().createdAt(EVENT)).facts());

        AccountScan scan = evaluate(RuleParameters.DEFAULTS);

        assertThat(verdict(scan, "new-hire")).isEqualTo(ComplianceType.NON_COMPLIANT);
        assertThat(scan.candidates()).as("missing from the report").isEqualTo(1);
    }

    /** What a user looks like when the report is generated, relative to when the user was created. */
    private record Start(String name, Function<Instant, UserBuilder> user) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A credential event, applied to a user's facts minutes after the report; empty: the user was deleted. */
    private record Change(String name, UnaryOperator<Optional<UserFacts>> apply) {
        boolean changesPassword() {
            return name.endsWith("LoginProfile");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Start> STARTS = List.of(
            new Start("unused setup key, no password", created -> aUser().createdAt(created)
                    .withKey(activeKey().createdAt(created.plusSeconds(5)))),
            new Start("inactive unused setup key, password", created -> aUser().createdAt(created).withConsolePassword()
                    .withKey(inactiveKey().createdAt(created.plusSeconds(5)))),
            new Start("used setup key, password", created -> aUser().createdAt(created).withConsolePassword()
                    .withKey(activeKey().createdAt(created.plusSeconds(5)).usedAt(created.plusSeconds(60)))),
            new Start("password, no keys", created -> aUser().createdAt(created).withConsolePassword()),
            new Start("rotated key, password", created -> aUser().createdAt(created).withConsolePassword()
                    .withKey(activeKey().createdAt(created.plus(Duration.ofDays(2))))),
            new Start("nothing", created -> aUser().createdAt(created)));

    static Stream<Arguments> changes() {
        return Stream.of(
                new Change("CreateAccessKey", facts -> facts.map(f -> withKeys(f, append(f.accessKeys(),
                        new AccessKeyFacts("AKIANEWKEY0000000001", KeyStatus.ACTIVE, EVENT, KeyUse.never()))))),
                new Change("UpdateAccessKey to Active", facts -> facts.map(f -> withKeys(f, f.accessKeys().stream()
                        .map(key -> withStatus(key, KeyStatus.ACTIVE)).toList()))),
                new Change("UpdateAccessKey to Inactive", facts -> facts.map(f -> withKeys(f, f.accessKeys().stream()
                        .map(key -> withStatus(key, KeyStatus.INACTIVE)).toList()))),
                new Change("DeleteAccessKey", facts -> facts.map(f -> withKeys(f, List.of()))),
                new Change("CreateLoginProfile", facts -> facts.map(f -> new UserFacts(f.user(), true, f.accessKeys(),
                        Map.of()))),
                new Change("UpdateLoginProfile", facts -> facts),
                new Change("DeleteLoginProfile", facts -> facts.map(f -> new UserFacts(f.user(), false, f.accessKeys(),
                        Map.of()))),
                new Change("DeleteUser", facts -> Optional.empty()))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void afterTheEventTheBulkPathAgreesWithLiveEvaluationForEveryKindOfUserAndReportAge(Change change) {
        List<String> disagreements = new ArrayList<>();
        int cases = 0;
        for (Start start : STARTS) {
            for (Duration ageAtReport : List.of(Duration.ofDays(10), Duration.ofMinutes(20), Duration.ofMinutes(59))) {
                for (Duration reportAge : List.of(Duration.ofMinutes(5), Duration.ofHours(1), STALEST_REPORT)) {
                    for (RuleParameters parameters : List.of(RuleParameters.DEFAULTS,
                            new RuleParameters(3600, true, true, Optional.empty()),
                            new RuleParameters(3600, false, false, Optional.empty()))) {
                        cases++;
                        Instant reportTime = NOW.minus(reportAge);
                        InMemoryIamFacts iam = new InMemoryIamFacts();
                        UserFacts before = start.user().apply(reportTime.minus(ageAtReport)).named("subject").facts();
                        iam.add(before).generateReport(reportTime);
                        Optional<UserFacts> after = change.apply().apply(Optional.of(before));
                        iam.remove("subject");
                        after.ifPresent(iam::add);

                        AccountScan scan = new AccountEvaluator(iam, CallsInFlight.DEFAULTS).evaluateAll(parameters, NOW, ScanProgress.NONE,
                                Deadline.NONE);
                        Optional<ComplianceType> live = after.map(facts -> new UserEvaluator(iam)
                                .evaluate(facts.user(), parameters).complianceType());
                        Optional<ComplianceType> bulk = scan.results().stream().findFirst()
                                .map(result -> result.verdict().complianceType());
                        boolean passwordLag = change.changesPassword()
                                && bulk.filter(NOT_A_FINDING::contains).isPresent()
                                && live.filter(NOT_A_FINDING::contains).isPresent();
                        if (!bulk.equals(live) && !passwordLag) {
                            disagreements.add(start + ", " + ageAtReport + " old at a report " + reportAge + " old, "
                                    + parameters + ": bulk " + bulk + ", live " + live);
                        }
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(STARTS.size() * 3 * 3 * 3);
        assertThat(disagreements).isEmpty();
    }

    private static final List<ComplianceType> NOT_A_FINDING = List.of(ComplianceType.COMPLIANT,
            ComplianceType.NOT_APPLICABLE);

    private AccountScan evaluate(RuleParameters parameters) {
        return new AccountEvaluator(account, CallsInFlight.DEFAULTS).evaluateAll(parameters, NOW, ScanProgress.NONE, Deadline.NONE);
    }

    private static ComplianceType verdict(AccountScan scan, String userName) {
        return scan.results().stream().filter(result -> result.user().userName().equals(userName)).findFirst()
                .orElseThrow().verdict().complianceType();
    }

    private static UserFacts withKeys(UserFacts facts, List<AccessKeyFacts> keys) {
        return new UserFacts(facts.user(), facts.consolePassword(), keys, facts.tags());
    }

    private static AccessKeyFacts withStatus(AccessKeyFacts key, KeyStatus status) {
        return new AccessKeyFacts(key.accessKeyId(), status, key.createDate(), key.use());
    }

    private static List<AccessKeyFacts> append(List<AccessKeyFacts> keys, AccessKeyFacts key) {
        List<AccessKeyFacts> all = new ArrayList<>(keys);
        all.add(key);
        return all;
    }
}
