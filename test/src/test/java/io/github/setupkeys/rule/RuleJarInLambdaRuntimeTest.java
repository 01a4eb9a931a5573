package io.github.setupkeys.rule;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.ConfigStandIn;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.LambdaJavaRuntime;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.it.support.ResetMotoOncePerClass;
import io.github.setupkeys.it.support.RuleJar;
import io.github.setupkeys.rule.config.Events;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The built rule jar ({@code rule/target/setupkeys-rule.jar}) as Lambda runs it: extracted into a task root and
 * loaded by AWS's runtime interface client, which reads each Config event with the Lambda Java runtime's own
 * serializer before the handler sees it ({@link LambdaJavaRuntime}). Every event shape of the rule's fixtures,
 * adapted only to name users seeded in moto, gets its evaluation through real IAM calls and the Config stand-in.
 */
@ExtendWith(MotoExtension.class)
@ResetMotoOncePerClass
class RuleJarInLambdaRuntimeTest {

    /** The fixtures' account; the function runs in it, so the rule uses its own credentials. */
    private static final String FUNCTION_ARN =
            "arn:aws:lambda:us-east-1:111122223333:function:iam-user-no-setup-access-keys:live";
    private static final String HANDLER = "io.github.setupkeys.rule.ConfigRuleHandler::handleRequest";

    @TempDir
    static Path directory;
    private static IamSeeder seed;
    private static AwsStandIn standIn;
    private static LambdaJavaRuntime lambda;
    /** The fixtures' user ids, and the ids of the users seeded in their place. */
    private static Map<String, String> seeded;
    private static String goneId;

    @BeforeAll
    static void deploy(MotoServer moto) {
        seed = new IamSeeder(moto);
        String alice = seed.user("alice").userId();
        seed.consolePassword("alice").accessKey("alice");
        String jdoe = seed.user("j.doe+ops@example.com", "/team/ops/").userId();
        seed.consolePassword("j.doe+ops@example.com").accessKey("j.doe+ops@example.com");
        String bob = seed.user("bob").userId();
        seed.consolePassword("bob");
        String carol = seed.user("carol").userId();
        seed.accessKey("carol");
        goneId = seed.user("gone").userId();
        seed.deleteUser("gone");
        seeded = Map.of("AIDAEXAMPLEALICE00001", alice, "AIDAEXAMPLEJDOE000001", jdoe, "AIDAEXAMPLEBOB0000001", bob,
                "AIDAEXAMPLECAROL00001", carol);
        standIn = AwsStandIn.inFrontOf(moto);
        JsonObject fetched = new JsonObject(); // what GetResourceConfigHistory answers for alice
        fetched.addProperty("resourceType", "AWS::IAM::User");
        fetched.addProperty("resourceId", alice);
        fetched.addProperty("resourceName", "alice");
        fetched.addProperty("configurationItemStatus", "OK");
        fetched.addProperty("configurationItemCaptureTime", 1_764_411_335.123);
        standIn.config().configurationItem(alice, fetched);
        lambda = LambdaJavaRuntime.start(LambdaJavaRuntime.deploy(RuleJar.path(), directory, entry -> false), HANDLER,
                FUNCTION_ARN, Map.of("AWS_ENDPOINT_URL", standIn.endpoint().toString(),
                        "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"));
    }

    @AfterAll
    static void stop() {
        if (lambda != null) {
            lambda.close();
        }
        standIn.close();
        seed.close();
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // fixture                            | stands for the seeded  | verdict        | IAM asked
        "change-user.json                     | AIDAEXAMPLEALICE00001  | NON_COMPLIANT  | yes",
        "change-user-discovered.json          | AIDAEXAMPLEJDOE000001  | NON_COMPLIANT  | yes",
        "change-user-daily-recording.json     | AIDAEXAMPLEBOB0000001  | COMPLIANT      | yes",
        "change-user-large.json               | AIDAEXAMPLECAROL00001  | NOT_APPLICABLE | yes",
        "change-user-deleted.json             | gone                   | NOT_APPLICABLE | no",
        "change-user-deleted-not-recorded.json| gone                   | NOT_APPLICABLE | no",
        "change-user-not-recorded.json        | gone                   | NOT_APPLICABLE | no",
        "change-user-left-scope.json          | AIDAEXAMPLEALICE00001  | NOT_APPLICABLE | no",
        "oversized-user.json                  | AIDAEXAMPLEALICE00001  | NON_COMPLIANT  | yes",
        "oversized-user-unnamed.json          | AIDAEXAMPLEALICE00001  | NON_COMPLIANT  | yes",
        "oversized-user-as-documented.json    | AIDAEXAMPLEALICE00001  | NON_COMPLIANT  | yes"
    })
    void aChangeReadByTheRuntimeIsAnsweredWithItsEvaluation(String fixture, String user, String verdict,
            String askedIam) {
        String userId = user.equals("gone") ? goneId : seeded.get(user);
        String event = Events.json(fixture).replace("AIDAEXAMPLEALICE00001", userId);
        int before = standIn.config().evaluations().size();
        long iamCalls = standIn.calls().total("iam");

        LambdaJavaRuntime.Invocation invocation = lambda.invoke(user.equals("gone") ? event : adapted(fixture));

        assertThat(invocation.succeeded()).as("%s%n%s", invocation.body(), lambda.output()).isTrue();
        assertThat(invocation.body()).isEqualTo("\"1 evaluation(s) written\"");
        assertThat(written(before)).singleElement().satisfies(evaluation -> {
            assertThat(evaluation.resourceId()).isEqualTo(userId);
            assertThat(evaluation.complianceType()).isEqualTo(verdict);
        });
        assertThat(standIn.calls().total("iam") > iamCalls).as("IAM asked").isEqualTo(askedIam.equals("yes"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"scheduled.json", "scheduled-evaluation-mode.json"})
    void aScheduledRunReadByTheRuntimeEvaluatesEveryUser(String fixture) {
        // With no result held every user is written; later runs write only what changed (design.md §2.12).
        standIn.config().deleteEvaluationResults();
        int before = standIn.config().evaluations().size();

        LambdaJavaRuntime.Invocation invocation = lambda.invoke(Events.json(fixture));

        assertThat(invocation.succeeded()).as("%s%n%s", invocation.body(), lambda.output()).isTrue();
        Map<String, String> verdicts = written(before).stream().filter(evaluation -> seeded.containsValue(
                evaluation.resourceId())).collect(Collectors.toMap(ConfigStandIn.Evaluation::resourceId,
                ConfigStandIn.Evaluation::complianceType));
        assertThat(verdicts).isEqualTo(Map.of(seeded.get("AIDAEXAMPLEALICE00001"), "NON_COMPLIANT",
                seeded.get("AIDAEXAMPLEJDOE000001"), "NON_COMPLIANT", seeded.get("AIDAEXAMPLEBOB0000001"), "COMPLIANT",
                seeded.get("AIDAEXAMPLECAROL00001"), "NOT_APPLICABLE"));
        assertThat(written(before)).allSatisfy(evaluation -> assertThat(evaluation.orderingTimestamp())
                .isEqualTo(Instant.parse("2026-11-29T00:00:00Z")));
    }

    @Test
    void anEventTheRuleRefusesFailsTheInvocationWithTheRulesOneLineMessage() {
        String event = adapted("change-user.json").replace("\\\"resourceName\\\":\\\"alice\\\"",
                "\\\"resourceName\\\":null").replace("\\\"userName\\\":\\\"alice\\\"", "\\\"userName\\\":null");
        int before = standIn.config().evaluations().size();

        LambdaJavaRuntime.Invocation invocation = lambda.invoke(event);

        assertThat(invocation.succeeded()).isFalse();
        JsonObject error = JsonParser.parseString(invocation.body()).getAsJsonObject();
        assertThat(error.get("errorType").getAsString())
                .isEqualTo("io.github.setupkeys.rule.config.InvalidInvocationException");
        assertThat(error.get("errorMessage").getAsString())
                .isEqualTo("invokingEvent.configurationItem has no resourceName (the IAM user name)");
        assertThat(written(before)).isEmpty();
    }

    /**
     * Why the jar carries Joda-Time, which the rule never uses: without it the runtime's serializer cannot be
     * built for ConfigEvent, and every invocation fails before the handler. Run on a copy of the jar's contents
     * without {@code org/joda/}, as the jar was before.
     */
    @Test
    void withoutJodaTimeTheRuntimeFailsEveryInvocationBeforeTheHandler() {
        Path withoutJoda = LambdaJavaRuntime.deploy(RuleJar.path(), directory, entry -> entry.startsWith("org/joda/"));
        int before = standIn.config().evaluations().size();
        long calls = standIn.calls().total("iam") + standIn.calls().total("config");
        try (LambdaJavaRuntime broken = LambdaJavaRuntime.start(withoutJoda, HANDLER, FUNCTION_ARN,
                Map.of("AWS_ENDPOINT_URL", standIn.endpoint().toString(), "AWS_ACCESS_KEY_ID", "testing",
                        "AWS_SECRET_ACCESS_KEY", "testing"))) {

            for (String fixture : List.of("change-user-deleted.json", "scheduled.json")) {
                LambdaJavaRuntime.Invocation invocation = broken.invoke(Events.json(fixture));

                assertThat(invocation.succeeded()).isFalse();
                assertThat(invocation.body()).contains("java.lang.ClassNotFoundException: org.joda.time.DateTime");
            }
        }
        assertThat(written(before)).isEmpty();
        assertThat(standIn.calls().total("iam") + standIn.calls().total("config")).isEqualTo(calls);
    }

    /** The fixture with the fixtures' user ids replaced by the seeded users' ids. */
    private static String adapted(String fixture) {
        String event = Events.json(fixture);
        for (Map.Entry<String, String> user : seeded.entrySet()) {
            event = event.replace(user.getKey(), user.getValue());
        }
        return event;
    }

    private static List<ConfigStandIn.Evaluation> written(int before) {
        List<ConfigStandIn.Evaluation> evaluations = standIn.config().evaluations();
        return evaluations.subList(before, evaluations.size());
    }
}
