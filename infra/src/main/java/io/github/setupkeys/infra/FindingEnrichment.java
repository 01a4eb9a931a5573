package io.github.setupkeys.infra;

import io.github.setupkeys.rule.domain.CisRecommendation;
import io.github.setupkeys.rule.domain.RuleMetadata;
import io.github.setupkeys.rule.domain.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.securityhub.CfnAutomationRule;
import software.constructs.Construct;

/**
 * The Security Hub automation rule that makes the rule's AWS Config findings stand on their own: Config sends each
 * evaluation as a finding titled with the rule's name, of default severity and a generic type, with no benchmark
 * reference and no remediation. The automation rule sets the severity, the CIS finding type, and user-defined fields
 * that name the recommendation in each benchmark version and the remediation.
 *
 * <p>An automation rule's criteria cannot read {@code ProductFields} (where Config also writes the rule's name), so
 * it matches Config's findings by {@code Title}, which is the rule's name as Config knows it in the account:
 * {@code <name>} for the account's own rule, {@code OrgConfigRule-<name>-<suffix>} for an organization rule's copy,
 * {@code <name>-conformance-pack-<suffix>} for a conformance pack's. Filters on one field are joined by OR, fields by
 * AND.
 */
final class FindingEnrichment {

    /** Security Hub applies rules with lower numbers first; this leaves room for an organization's own before it. */
    static final int RULE_ORDER = 100;
    /** Config's {@code ProductName} in Security Hub. */
    static final String CONFIG_PRODUCT = "Config";
    /** The keys of the user-defined fields that name the remediation. */
    static final String REMEDIATION_DOCUMENT_FIELD = "RemediationDocument";
    static final String CUSTOM_ACTION_FIELD = "RemediationCustomAction";

    private FindingEnrichment() {
    }

    /** The title prefix of an organization rule's copy in each account. */
    static String organizationRulePrefix(String ruleName) {
        return "OrgConfigRule-" + ruleName + "-";
    }

    /** The title prefix of a conformance pack's copy of the rule. */
    static String conformancePackPrefix(String ruleName) {
        return ruleName + "-conformance-pack-";
    }

    static CfnAutomationRule automationRule(Construct scope, String id, String ruleName, Severity severity,
            String remediationDocument) {
        return CfnAutomationRule.Builder.create(scope, id)
                .ruleName(ruleName + " (CIS " + RuleMetadata.CIS_MAIN.number() + ")")
                .description("Enriches the AWS Config findings of " + ruleName + ": severity, the CIS AWS Foundations "
                        + "Benchmark finding type, the recommendation's number in each benchmark version, and the "
                        + "remediation")
                .ruleOrder(RULE_ORDER)
                .ruleStatus("ENABLED")
                .isTerminal(false)
                .criteria(CfnAutomationRule.AutomationRulesFindingFiltersProperty.builder()
                        .productName(List.of(filter("EQUALS", CONFIG_PRODUCT)))
                        .title(List.of(filter("EQUALS", ruleName), filter("PREFIX", organizationRulePrefix(ruleName)),
                                filter("PREFIX", conformancePackPrefix(ruleName))))
                        .build())
                .actions(List.of(CfnAutomationRule.AutomationRulesActionProperty.builder()
                        .type("FINDING_FIELDS_UPDATE")
                        .findingFieldsUpdate(CfnAutomationRule.AutomationRulesFindingFieldsUpdateProperty.builder()
                                .severity(CfnAutomationRule.SeverityUpdateProperty.builder().label(severity.name()).build())
                                .types(List.of(RuleMetadata.FINDING_TYPE))
                                .userDefinedFields(userDefinedFields(remediationDocument))
                                .build())
                        .build()))
                .build();
    }

    /**
     * {@code CIS v1.3.0-v4.0.x: 1.11} and the like for every benchmark version, then the remediation document and the
     * custom action that runs it.
     */
    static Map<String, String> userDefinedFields(String remediationDocument) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (CisRecommendation cis : RuleMetadata.CIS_RECOMMENDATIONS) {
            fields.put("CIS " + cis.label(), cis.number());
        }
        fields.put(REMEDIATION_DOCUMENT_FIELD, remediationDocument);
        fields.put(CUSTOM_ACTION_FIELD, CustomActionRemediation.ACTION_NAME);
        return fields;
    }

    private static CfnAutomationRule.StringFilterProperty filter(String comparison, String value) {
        return CfnAutomationRule.StringFilterProperty.builder().comparison(comparison).value(value).build();
    }
}
