package io.github.setupkeys.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.rule.domain.ExemptTag;
import io.github.setupkeys.rule.domain.InvalidParameterException;
import io.github.setupkeys.rule.domain.RecordingParameters;
import io.github.setupkeys.rule.domain.RuleMetadata;
import io.github.setupkeys.rule.domain.RuleParameters;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeploymentSettingsTest {

    @Test
    void noContextGivesTheDefaults() {
        DeploymentSettings settings = DeploymentSettings.fromContext(Map.<String, Object>of()::get);

        assertThat(settings).isEqualTo(new DeploymentSettings(RuleMetadata.RULE_NAME, "TwentyFour_Hours",
                RuleParameters.DEFAULTS, RecordingParameters.DEFAULTS, true, Path.of("rule/target/setupkeys-rule.jar"),
                Path.of("remediation-ssm/iam-user-setup-keys-remediation.yaml"), "Deactivate", false, 3600, 10));
    }

    @Test
    void everySettingCanBeGivenAsStringOrAsJsonValue() {
        DeploymentSettings settings = DeploymentSettings.fromContext(Map.<String, Object>ofEntries(
                Map.entry("ruleName", "my-rule"),
                Map.entry("maximumExecutionFrequency", "One_Hour"),
                Map.entry("setupWindowSeconds", 120),
                Map.entry("requireNeverUsed", true),
                Map.entry("includeInactiveKeys", "true"),
                Map.entry("exemptTag", "owner=platform"),
                Map.entry("refreshDays", 30),
                Map.entry("recordUnchanged", true),
                Map.entry("snapStart", "false"),
                Map.entry("ruleJar", "/tmp/rule.jar"),
                Map.entry("remediationDocument", "/tmp/remediation.yaml"),
                Map.entry("remediationAction", "Delete"),
                Map.entry("automaticRemediation", true),
                Map.entry("remediationGracePeriodSeconds", 7200),
                Map.entry("ruleReservedConcurrency", "3"))::get);

        assertThat(settings).isEqualTo(new DeploymentSettings("my-rule", "One_Hour",
                new RuleParameters(120, true, true, Optional.of(new ExemptTag("owner", Optional.of("platform")))),
                new RecordingParameters(30, true), false, Path.of("/tmp/rule.jar"), Path.of("/tmp/remediation.yaml"),
                "Delete", true, 7200, 3));
    }

    @Test
    void theOrganizationDeploymentHasItsOwnDefaultReservedConcurrency() {
        assertThat(DeploymentSettings.fromContext(Map.<String, Object>of()::get, 50).ruleReservedConcurrency())
                .isEqualTo(50);
        assertThat(DeploymentSettings.fromContext(Map.<String, Object>of("ruleReservedConcurrency", 7)::get, 50)
                .ruleReservedConcurrency()).isEqualTo(7);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "901", "-1", "ten", "1e2", "99999999999"})
    void aReservedConcurrencyThatCannotBeReservedOrWouldStopTheRuleIsRefused(String value) {
        assertThatThrownBy(() -> DeploymentSettings.fromContext(Map.<String, Object>of("ruleReservedConcurrency", value)::get))
                .hasMessageStartingWith("context ruleReservedConcurrency=" + value + " is invalid: expected");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "3599", "604800", "hour"})
    void aGracePeriodShorterThanAnHourOrLongerThanAutomationSleepsIsRefused(String value) {
        assertThatThrownBy(() -> DeploymentSettings.fromContext(
                Map.<String, Object>of("remediationGracePeriodSeconds", value)::get))
                .hasMessageStartingWith("context remediationGracePeriodSeconds=" + value + " is invalid: expected");
    }

    @Test
    void deactivatingInactiveKeysCannotClearAFindingAndIsRefused() {
        assertThatThrownBy(() -> DeploymentSettings.fromContext(Map.<String, Object>of("includeInactiveKeys", true)::get))
                .hasMessage("context remediationAction=Deactivate cannot clear a finding with includeInactiveKeys=true: "
                        + "the rule keeps reporting the key it deactivated; choose remediationAction=Delete or "
                        + "includeInactiveKeys=false");
        assertThat(DeploymentSettings.fromContext(Map.<String, Object>of("includeInactiveKeys", true,
                "remediationAction", "Delete")::get).remediationAction()).isEqualTo("Delete");
    }

    @Test
    void automaticDeletionOfKeysThatMayHaveBeenUsedIsRefused() {
        assertThatThrownBy(() -> DeploymentSettings.fromContext(Map.<String, Object>of("remediationAction", "Delete",
                "automaticRemediation", true, "requireNeverUsed", false)::get))
                .hasMessageStartingWith("context automaticRemediation=true with remediationAction=Delete needs "
                        + "requireNeverUsed=true");
        assertThat(DeploymentSettings.fromContext(Map.<String, Object>of("remediationAction", "Delete",
                "requireNeverUsed", false)::get).automaticRemediation()).as("manual: a person decides").isFalse();
        assertThat(DeploymentSettings.fromContext(Map.<String, Object>of("automaticRemediation", true,
                "requireNeverUsed", false)::get).remediationAction()).as("deactivating can be undone")
                .isEqualTo("Deactivate");
    }

    @Test
    void anUnknownFrequencyIsRejectedWithTheAcceptedValues() {
        assertThatThrownBy(() -> DeploymentSettings.fromContext(
                Map.<String, Object>of("maximumExecutionFrequency", "Daily")::get))
                .hasMessageContaining("maximumExecutionFrequency=Daily")
                .hasMessageContaining("One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours");
    }

    @Test
    void aBadRuleParameterIsRejectedByTheRulesOwnValidation() {
        assertThatThrownBy(() -> DeploymentSettings.fromContext(Map.<String, Object>of("setupWindowSeconds", 0)::get))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("setupWindowSeconds");
    }

    @Test
    void aBadRefreshPeriodIsRejectedByTheRulesOwnValidation() {
        assertThatThrownBy(() -> DeploymentSettings.fromContext(Map.<String, Object>of("refreshDays", 90)::get))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("rule parameter refreshDays has invalid value '90': expected an integer number of days from "
                        + "1 to 89");
    }

    @Test
    void theConfigRuleTakesTheCriteriaAndHowToRecordButTheRemediationOnlyTheCriteria() {
        DeploymentSettings settings = DeploymentSettings.fromContext(Map.<String, Object>of("refreshDays", "3")::get);

        assertThat(settings.configRuleParameters()).containsExactly(Map.entry("setupWindowSeconds", "3600"),
                Map.entry("requireNeverUsed", "true"), Map.entry("includeInactiveKeys", "false"),
                Map.entry("refreshDays", "3"), Map.entry("recordUnchanged", "false"));
        assertThat(Remediation.parameters("role", settings)).doesNotContainKeys("RefreshDays", "RecordUnchanged");
    }

    @Test
    void snapStartMustBeTrueOrFalse() {
        assertThatThrownBy(() -> DeploymentSettings.fromContext(Map.<String, Object>of("snapStart", "yes")::get))
                .hasMessageContaining("snapStart=yes")
                .hasMessageContaining("true or false");
    }

    @Test
    void theRemediationActionIsOneTheDocumentAccepts() {
        assertThatThrownBy(() -> DeploymentSettings.fromContext(Map.<String, Object>of("remediationAction", "Rotate")::get))
                .hasMessage("context remediationAction=Rotate is invalid: expected one of Deactivate, Delete");
        assertThatThrownBy(() -> DeploymentSettings.fromContext(
                Map.<String, Object>of("automaticRemediation", "always")::get))
                .hasMessage("context automaticRemediation=always is invalid: expected true or false");
    }

    @Test
    void aRuleNameOfOnlySpacesOrOver128CharactersIsRejected() {
        assertThatThrownBy(() -> DeploymentSettings.fromContext(Map.<String, Object>of("ruleName", "  ")::get))
                .hasMessageContaining("ruleName");
        assertThatThrownBy(() -> DeploymentSettings.fromContext(
                Map.<String, Object>of("ruleName", "r".repeat(129))::get))
                .hasMessageContaining("1 to 128 characters");
    }
}
