package io.github.setupkeys.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.rule.domain.ExemptTag;
import io.github.setupkeys.rule.domain.RuleParameters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSM document as data: what cfn-lint does not check (it looks at schema version and type only).
 * Patterns are tried with {@link Matcher#find()}, the lenient reading, so their anchors are tested too.
 */
class RemediationDocumentTest {

    private static final Map<String, Object> DOCUMENT = RemediationFiles.document();
    private static final List<String> STEPS = List.of("ResolveUser", "SelectOffendingKeys", "ApplyExemptTag",
            "RemediateKeys", "WaitForGracePeriod", "DeleteAfterGracePeriod", "VerifyEndState");
    /** The one step that waits; every other is a script. */
    private static final String SLEEP = "WaitForGracePeriod";
    private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.]+)\\s*}}");
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    @Test
    void isAnAutomationDocumentOfSchema03RunAsTheGivenRole() {
        assertThat(DOCUMENT.get("schemaVersion")).as("a string, as SSM expects").isEqualTo("0.3");
        assertThat(DOCUMENT.get("assumeRole")).isEqualTo("{{ AutomationAssumeRole }}");
        assertThat(DOCUMENT.keySet()).containsExactlyInAnyOrder("description", "schemaVersion", "assumeRole",
                "parameters", "outputs", "mainSteps");
    }

    @Test
    void theMarkdownDescriptionSaysWhatItDoesItsInputsOutputsAndSafety() {
        String description = (String) DOCUMENT.get("description");

        assertThat(description).startsWith("# ").contains("## What it does", "## Inputs", "## Outputs", "## Safety",
                "## Cost", "https://aws.amazon.com/systems-manager/pricing/");
        parameters().keySet().forEach(name -> assertThat(description).contains("`" + name + "`"));
        STEPS.forEach(step -> assertThat(description).contains("**" + step + "**"));
    }

    @Test
    void everyParameterIsDescribedAndConstrainedByAPatternOrAllowedValues() {
        assertThat(parameters().keySet()).containsExactly("AutomationAssumeRole", "IAMResourceId", "Action",
                "SetupWindowSeconds", "RequireNeverUsed", "IncludeInactiveKeys", "ExemptTag", "GracePeriodSeconds",
                "DryRun");
        parameters().forEach((name, spec) -> {
            assertThat(spec).as(name).containsKeys("type", "description");
            assertThat(spec.containsKey("allowedPattern") || spec.containsKey("allowedValues")).as(name).isTrue();
        });
        assertThat(parameter("AutomationAssumeRole")).doesNotContainKey("default");
        assertThat(parameter("IAMResourceId")).doesNotContainKey("default");
    }

    @Test
    void theActionIsDeactivateByDefaultOrDelete() {
        assertThat(parameter("Action")).containsEntry("default", "Deactivate")
                .containsEntry("allowedValues", List.of("Deactivate", "Delete"));
    }

    @Test
    void theCriteriaDefaultToTheRulesDefaultsAndDryRunIsOff() {
        assertThat(parameter("SetupWindowSeconds")).containsEntry("type", "String")
                .containsEntry("default", Long.toString(RuleParameters.DEFAULT_SETUP_WINDOW_SECONDS));
        assertThat(parameter("RequireNeverUsed")).containsEntry("default", RuleParameters.DEFAULT_REQUIRE_NEVER_USED);
        assertThat(parameter("IncludeInactiveKeys"))
                .containsEntry("default", RuleParameters.DEFAULT_INCLUDE_INACTIVE_KEYS);
        assertThat(parameter("DryRun")).containsEntry("default", false);
        assertThat(parameter("ExemptTag")).as("no exemption unless the rule has one").containsEntry("default", "");
        assertThat(parameter("GracePeriodSeconds")).as("an hour between deactivating and deleting")
                .containsEntry("type", "String").containsEntry("default", "3600");
        for (String flag : List.of("RequireNeverUsed", "IncludeInactiveKeys", "DryRun")) {
            assertThat(parameter(flag)).as(flag).containsEntry("type", "Boolean")
                    .containsEntry("allowedValues", List.of(true, false));
        }
    }

    @ParameterizedTest(name = "accepts {0}")
    @ValueSource(strings = {"AIDAJQABLZS4A3QDU576Q", "AIDAIOSFODNN7EXAMPLE", "AIDA2Z5XKQJ7EXAMPLE12"})
    void theUserIdPatternAcceptsRealUserIds(String id) {
        assertThat(accepts("IAMResourceId", id)).isTrue();
    }

    @ParameterizedTest(name = "rejects \"{0}\"")
    @ValueSource(strings = {"", "*", "AIDA*", "alice", "a+b=c,d.e@f_g-h", "aidajqablzs4a3qdu576q",
            "AIDAJQABLZS4A3QDU57", "AIDAJQABLZS4A3QDU576QX1", "AROAJQABLZS4A3QDU576Q", "AKIAIOSFODNN7EXAMPLE",
            "arn:aws:iam::123456789012:user/alice", "AIDAJQABLZS4A3QDU576Q; rm -rf /",
            "AIDAJQABLZS4A3QDU576Q' or '1'='1", "\" + __import__('os').system('id') + \"",
            "{{ AutomationAssumeRole }}", "AIDAJQABLZS4A3QDU576Q\nAIDAIOSFODNN7EXAMPLE", " AIDAJQABLZS4A3QDU576Q"})
    void theUserIdPatternRejectsWildcardsNamesAndInjections(String value) {
        assertThat(accepts("IAMResourceId", value)).isFalse();
    }

    @ParameterizedTest(name = "accepts {0}")
    @ValueSource(strings = {"arn:aws:iam::123456789012:role/setupkeys-remediation",
            "arn:aws-us-gov:iam::123456789012:role/ops/Remediation_1", "arn:aws-cn:iam::123456789012:role/a+b=c,d.e@f"})
    void theAssumeRolePatternAcceptsRoleArnsOfEveryPartition(String arn) {
        assertThat(accepts("AutomationAssumeRole", arn)).isTrue();
    }

    @ParameterizedTest(name = "rejects \"{0}\"")
    @ValueSource(strings = {"", "*", "setupkeys-remediation", "arn:aws:iam::123456789012:user/alice",
            "arn:aws:iam::12345:role/x", "arn:aws:iam::123456789012:role/", "arn:aws:iam::123456789012:role/*",
            "arn:aws:iam::123456789012:role/x y"})
    void theAssumeRolePatternRejectsAnythingButARoleArn(String value) {
        assertThat(accepts("AutomationAssumeRole", value)).isFalse();
    }

    @ParameterizedTest(name = "accepts {0}")
    @ValueSource(strings = {"break-glass", "break-glass=approved", "owner=a=b", "team:ops=on call", "k="})
    void theExemptTagPatternAcceptsEveryTagTheRuleAccepts(String tag) {
        ExemptTag.parse(RuleParameters.EXEMPT_TAG, tag);
        assertThat(accepts("ExemptTag", tag)).isTrue();
        assertThat(accepts("ExemptTag", "")).as("empty: no exemption").isTrue();
    }

    /**
     * What no tag can hold is refused before the run starts; the rest of the rule's reading (Unicode letters,
     * lengths, white space) is ApplyExemptTag's, and the shared exemption vectors hold the two together
     * ({@code RemediationExemptTagVectorsTest}).
     */
    @Test
    void theExemptTagPatternRejectsTagsWithoutAKeyAndCharactersNoTagHolds() {
        for (String tag : List.of("=approved", "k*", "k=v;", "k=\"x\"", "{{ AutomationAssumeRole }}", "k=v\u0000",
                "k=$(id)")) {
            assertThat(accepts("ExemptTag", tag)).as(tag).isFalse();
        }
    }

    @Test
    void theGracePeriodPatternAcceptsExactlyAnHourToWhatAutomationCanSleep() {
        List<Integer> wrong = IntStream.rangeClosed(0, 704_800)
                .filter(n -> accepts("GracePeriodSeconds", Integer.toString(n)) != (n >= 3600 && n <= 604_799))
                .boxed().toList();

        assertThat(wrong).as("numbers the pattern decides differently from 3600..604799").isEmpty();
        for (String value : List.of("", "-3600", "03600", "3600s", " 3600", "1e4", "3600.0", "*")) {
            assertThat(accepts("GracePeriodSeconds", value)).as(value).isFalse();
        }
    }

    @Test
    void theWindowPatternAcceptsExactlyTheRulesRangeOfWholeSeconds() {
        long max = RuleParameters.MAX_SETUP_WINDOW_SECONDS;
        List<Integer> wrong = IntStream.rangeClosed(0, (int) max + 100_000)
                .filter(n -> accepts("SetupWindowSeconds", Integer.toString(n)) != (n >= 1 && n <= max))
                .boxed().toList();

        assertThat(wrong).as("numbers the pattern decides differently from 1..%d", max).isEmpty();
        for (String value : List.of("", "-1", "01", "3600s", " 3600", "1e3", "3600.0", "99999999", "*")) {
            assertThat(accepts("SetupWindowSeconds", value)).as(value).isFalse();
        }
    }

    @Test
    void theStepsRunInOrderAndAreEachAPythonScriptButTheWait() {
        assertThat(steps()).extracting(step -> step.get("name")).containsExactlyElementsOf(STEPS);
        for (Map<String, Object> step : scripts()) {
            Map<String, Object> inputs = inputs(step);
            assertThat(step.get("action")).as(step.get("name").toString()).isEqualTo("aws:executeScript");
            assertThat(inputs.get("Runtime")).as("the runtime AWS recommends").isEqualTo("python3.11");
            assertThat((String) inputs.get("Script")).as("the handler takes (events, context)")
                    .containsPattern("(?m)^def " + Pattern.quote((String) inputs.get("Handler")) + "\\(events, context\\):");
        }
        assertThat(steps().get(steps().size() - 1)).containsEntry("isEnd", true);
    }

    @Test
    void theWaitSleepsUntilTheTimeTheDeactivationSetBeforeAnythingIsDeleted() {
        Map<String, Object> sleep = steps().stream().filter(step -> step.get("name").equals(SLEEP)).findFirst()
                .orElseThrow();

        assertThat(sleep).containsEntry("action", "aws:sleep")
                .containsEntry("inputs", Map.of("Timestamp", "{{ RemediateKeys.DeleteNotBefore }}"));
        assertThat(STEPS.indexOf(SLEEP)).isGreaterThan(STEPS.indexOf("RemediateKeys"))
                .isLessThan(STEPS.indexOf("DeleteAfterGracePeriod"));
        assertThat(script("RemediateKeys")).doesNotContain("delete_access_key");
        scripts().stream().filter(step -> !step.get("name").equals("DeleteAfterGracePeriod"))
                .forEach(step -> assertThat(script((String) step.get("name"))).as("only the step after the wait deletes")
                        .doesNotContain("delete_access_key"));
    }

    @Test
    void everyReferenceNamesAParameterOrAnOutputOfAnEarlierStep() {
        Set<String> known = new HashSet<>(parameters().keySet());
        for (Map<String, Object> step : steps()) {
            List<String> references = new ArrayList<>();
            Matcher reference = REFERENCE.matcher(String.valueOf(step.get("name").equals(SLEEP) ? inputs(step)
                    : inputs(step).get("InputPayload")));
            while (reference.find()) {
                references.add(reference.group(1));
            }
            assertThat(known).as("what %s can refer to", step.get("name")).containsAll(references);
            outputs(step).forEach(output -> known.add(step.get("name") + "." + output.get("Name")));
        }
    }

    @Test
    void stepOutputsAreSelectedFromThePayloadWithATypeAndTheDocumentOutputsNameThem() {
        Set<String> declared = new HashSet<>();
        for (Map<String, Object> step : scripts()) {
            for (Map<String, Object> output : outputs(step)) {
                assertThat(output.get("Selector")).isEqualTo("$.Payload." + output.get("Name"));
                assertThat(output).containsKey("Type");
                declared.add(step.get("name") + "." + output.get("Name"));
            }
        }
        assertThat(DOCUMENT.get("outputs")).asList().containsExactly("ResolveUser.UserName", "RemediateKeys.Action",
                "RemediateKeys.ChangedKeyIds", "RemediateKeys.WouldChangeKeyIds", "RemediateKeys.DeleteNotBefore",
                "RemediateKeys.Summary", "DeleteAfterGracePeriod.DeletedKeyIds",
                "DeleteAfterGracePeriod.NotDeletedKeyIds", "DeleteAfterGracePeriod.Summary");
        assertThat(declared).containsAll(castList(DOCUMENT.get("outputs")));
    }

    @Test
    void theUserIsResolvedWithIamListUsersPagedNeverWithConfig() {
        String resolve = script("ResolveUser");

        assertThat(resolve).contains("get_paginator(\"list_users\")");
        scripts().forEach(step -> assertThat(script((String) step.get("name"))).doesNotContain("\"config\""));
    }

    @Test
    void everyScriptRetriesThrottlingItselfSinceExecuteScriptDoesNot() {
        scripts().forEach(step -> assertThat(script((String) step.get("name")))
                .contains("retries={\"mode\": \"standard\", \"max_attempts\": 10}"));
    }

    @Test
    void inlineScriptsStayShort() {
        scripts().forEach(step -> assertThat(script((String) step.get("name")).lines().count())
                .as("lines of %s", step.get("name")).isLessThanOrEqualTo(50));
    }

    private static boolean accepts(String parameter, String value) {
        return PATTERNS.computeIfAbsent(parameter, name -> Pattern.compile((String) parameter(name).get("allowedPattern")))
                .matcher(value).find();
    }

    private static Map<String, Map<String, Object>> parameters() {
        return cast(DOCUMENT.get("parameters"));
    }

    private static Map<String, Object> parameter(String name) {
        return parameters().get(name);
    }

    private static List<Map<String, Object>> steps() {
        return castList(DOCUMENT.get("mainSteps"));
    }

    private static List<Map<String, Object>> scripts() {
        return steps().stream().filter(step -> !step.get("name").equals(SLEEP)).toList();
    }

    private static Map<String, Object> inputs(Map<String, Object> step) {
        return cast(step.get("inputs"));
    }

    private static List<Map<String, Object>> outputs(Map<String, Object> step) {
        return castList(step.getOrDefault("outputs", List.of()));
    }

    private static String script(String step) {
        return steps().stream().filter(s -> s.get("name").equals(step)).map(s -> (String) inputs(s).get("Script"))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V> cast(Object map) {
        return (Map<K, V>) map;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> castList(Object list) {
        return (List<T>) list;
    }
}
