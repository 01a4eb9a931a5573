package io.github.setupkeys.rule.config;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.evaluation.InMemoryIamFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every shape of event Config sends the rule (the fixtures in {@code src/test/resources/events}, written from
 * Config's documented and captured events), read as the Lambda Java runtime reads it ({@link Events}), each with
 * the evaluation it must give: changes of new, changed, large and deleted users, of users no longer recorded or
 * out of scope, of another resource type; oversized notifications with and without the user's name; scheduled
 * runs. Top-level fields the rule does not know ({@code evaluationMode}) and newer item fields
 * ({@code recordingFrequency}, {@code configurationItemDeliveryTime}) change nothing.
 */
class ConfigEventShapesTest {

    static final String ALICE_ID = "AIDAEXAMPLEALICE00001";
    static final Instant CAPTURED = Instant.parse("2026-11-29T10:15:30.123Z");
    /** The capture time of the item GetResourceConfigHistory answers for an oversized notification. */
    static final Instant FETCHED = CAPTURED.plusSeconds(5);
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    /** One account holding the users the fixtures name, with the users Config's stored results name. */
    private final InMemoryIamFacts iam = new InMemoryIamFacts()
            .add(aUser().named("alice").withId(ALICE_ID).withConsolePassword()
                    .withKey(activeKey().withId("AKIAALICE00000000001")).facts())
            .add(aUser().named("j.doe+ops@example.com").withPath("/team/ops/").withId("AIDAEXAMPLEJDOE000001")
                    .withConsolePassword().withKey(activeKey().withId("AKIAJDOE000000000001")).facts())
            .add(aUser().named("bob").withId("AIDAEXAMPLEBOB0000001").withConsolePassword().facts())
            .add(aUser().named("carol").withId("AIDAEXAMPLECAROL00001").withKey(activeKey()).facts())
            .generateReport(T0.plus(Duration.ofDays(30)));
    private final RecordingConfigApi config = new RecordingConfigApi()
            .item(new ConfigurationItem("AWS::IAM::User", ALICE_ID, "alice", "OK", FETCHED));
    private final FakeAccountAccess accounts = new FakeAccountAccess(iam, config);
    private final ConfigRule rule = new ConfigRule(accounts, Clock.fixed(NOW, ZoneOffset.UTC), pause -> { });

    /** Every fixture, for tests that go through them all. */
    static Stream<String> fixtures() {
        try (Stream<Path> files = Files.list(Path.of(Events.class.getResource("/events").toURI()))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} -> {2} for {1}")
    @CsvSource(delimiter = '|', value = {
        // fixture                            | resource               | verdict        | annotation says             | IAM | fetched
        "change-user.json                     | AIDAEXAMPLEALICE00001  | NON_COMPLIANT  | AKIAALICE00000000001        | yes | no",
        "change-user-discovered.json          | AIDAEXAMPLEJDOE000001  | NON_COMPLIANT  | AKIAJDOE000000000001        | yes | no",
        "change-user-daily-recording.json     | AIDAEXAMPLEBOB0000001  | COMPLIANT      | without access keys         | yes | no",
        "change-user-large.json               | AIDAEXAMPLECAROL00001  | NOT_APPLICABLE | no console password         | yes | no",
        "change-user-deleted.json             | AIDAEXAMPLEALICE00001  | NOT_APPLICABLE | no longer exists            | no  | no",
        "change-user-deleted-not-recorded.json| AIDAEXAMPLEALICE00001  | NOT_APPLICABLE | no longer exists            | no  | no",
        "change-user-not-recorded.json        | AIDAEXAMPLEALICE00001  | NOT_APPLICABLE | no longer exists            | no  | no",
        "change-user-left-scope.json          | AIDAEXAMPLEALICE00001  | NOT_APPLICABLE | no longer in the scope      | no  | no",
        "change-role.json                     | AROAEXAMPLEROLE000001  | NOT_APPLICABLE | AWS::IAM::Role              | no  | no",
        "oversized-user.json                  | AIDAEXAMPLEALICE00001  | NON_COMPLIANT  | AKIAALICE00000000001        | yes | yes",
        "oversized-user-unnamed.json          | AIDAEXAMPLEALICE00001  | NON_COMPLIANT  | AKIAALICE00000000001        | yes | yes",
        "oversized-user-as-documented.json    | AIDAEXAMPLEALICE00001  | NON_COMPLIANT  | AKIAALICE00000000001        | yes | yes"
    })
    void aChangeIsAnsweredWithOneEvaluationOfItsResource(String fixture, String resourceId, ComplianceType verdict,
            String annotation, String askedIam, String fetched) {
        rule.invoke(Events.load(fixture), new FakeContext());

        assertThat(config.written()).singleElement().satisfies(evaluation -> {
            assertThat(evaluation.resourceId()).isEqualTo(resourceId);
            assertThat(evaluation.complianceType()).isEqualTo(verdict);
            assertThat(evaluation.annotation()).containsIgnoringCase(annotation);
            assertThat(evaluation.orderingTimestamp()).isEqualTo(fetched.equals("yes") ? FETCHED : CAPTURED);
        });
        assertThat(iam.calls().isEmpty()).as("IAM left alone").isEqualTo(askedIam.equals("no"));
        assertThat(config.historyRequests()).as("item fetched")
                .hasSize(fetched.equals("yes") ? 1 : 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"scheduled.json,false", "scheduled-evaluation-mode.json,false", "scheduled-test-mode.json,true"})
    void aScheduledRunEvaluatesEveryUserOfTheAccount(String fixture, boolean testMode) {
        rule.invoke(Events.load(fixture), new FakeContext());

        Map<String, ComplianceType> verdicts = config.written().stream()
                .collect(Collectors.toMap(ConfigEvaluation::resourceId, ConfigEvaluation::complianceType));
        assertThat(verdicts).isEqualTo(Map.of(ALICE_ID, ComplianceType.NON_COMPLIANT,
                "AIDAEXAMPLEJDOE000001", ComplianceType.NON_COMPLIANT,
                "AIDAEXAMPLEBOB0000001", ComplianceType.COMPLIANT,
                "AIDAEXAMPLECAROL00001", ComplianceType.NOT_APPLICABLE));
        assertThat(config.written()).allSatisfy(evaluation ->
                assertThat(evaluation.orderingTimestamp()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z")));
        assertThat(config.puts()).allSatisfy(put -> assertThat(put.testMode()).isEqualTo(testMode));
    }

    @Test
    void aScheduledRunForAnotherAccountGoesThroughItsExecutionRole() {
        RecordingConfigApi memberConfig = new RecordingConfigApi();
        accounts.member("arn:aws:iam::444455556666:role/SetupKeysRuleExecution", new InMemoryIamFacts()
                .add(aUser().named("m").withId("AIDAEXAMPLEMEMBER0001").withConsolePassword().facts())
                .generateReport(T0.plus(Duration.ofDays(30))), memberConfig);

        rule.invoke(Events.load("scheduled-member-account.json"), new FakeContext());

        assertThat(memberConfig.written()).extracting(ConfigEvaluation::complianceType)
                .containsExactly(ComplianceType.COMPLIANT);
        assertThat(config.puts()).isEmpty();
    }

    @Test
    void everyFixtureIsCoveredAbove() {
        List<String> covered = List.of("change-user.json", "change-user-discovered.json",
                "change-user-daily-recording.json", "change-user-large.json", "change-user-deleted.json",
                "change-user-deleted-not-recorded.json", "change-user-not-recorded.json", "change-user-left-scope.json",
                "change-role.json", "oversized-user.json", "oversized-user-unnamed.json",
                "oversized-user-as-documented.json", "scheduled.json", "scheduled-evaluation-mode.json",
                "scheduled-test-mode.json", "scheduled-member-account.json");

        assertThat(fixtures()).containsExactlyInAnyOrderElementsOf(covered);
    }
}
