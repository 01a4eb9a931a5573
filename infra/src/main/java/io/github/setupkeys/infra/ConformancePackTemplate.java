package io.github.setupkeys.infra;

import io.github.setupkeys.rule.config.ConfigInvocationParser;
import io.github.setupkeys.rule.domain.IamNames;
import io.github.setupkeys.rule.domain.RecordingParameters;
import io.github.setupkeys.rule.domain.RuleMetadata;
import io.github.setupkeys.rule.domain.RuleParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The organization conformance pack that carries the rule and its remediation, for organizations that manage
 * their controls as packs ({@code aws configservice put-organization-conformance-pack}). A pack holds Config
 * rules and remediation configurations only, never a function: its rule invokes the central function, whose
 * alias ARN is the pack's one required parameter, and its remediation runs the document and role that the
 * member-account StackSet put into every account under fixed names.
 */
public final class ConformancePackTemplate {

    /** Written next to the templates when the app synthesizes {@code evaluateWith=conformancePack}. */
    public static final String FILE_NAME = "iam-user-setup-keys.conformance-pack.yaml";
    public static final String FUNCTION_ARN_PARAMETER = "RuleFunctionArn";

    static final String RULE_ID = "IamUserNoSetupAccessKeys";
    /** 1 to 89, as refreshDays: the rule itself also takes leading zeros, which the pack has no need of. */
    static final String REFRESH_DAYS_PATTERN = "^([1-9]|[1-7][0-9]|8[0-9])$";
    static final String REMEDIATION_ID = "IamUserNoSetupAccessKeysRemediation";

    private ConformancePackTemplate() {
    }

    /** The pack as YAML, the form {@code --template-body} and {@code --template-s3-uri} take. */
    public static String yaml(DeploymentSettings settings, OrganizationSettings organization) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        return "# AWS Config organization conformance pack: " + RuleMetadata.TITLE + " (CIS 1.11).\n"
                + "# Written by the setupkeys CDK app (-c deployment=organization -c evaluateWith=conformancePack);\n"
                + "# docs/organization.md says how to put it.\n"
                + new Yaml(options).dump(template(settings, organization));
    }

    /** The pack's template: parameters with the deployment's values as defaults, the rule, its remediation. */
    public static Map<String, Object> template(DeploymentSettings settings, OrganizationSettings organization) {
        RuleParameters rule = settings.ruleParameters();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(FUNCTION_ARN_PARAMETER, parameter("ARN of the central rule function's alias (output "
                + "FunctionAliasArn of the organization stack)", null, Map.of("AllowedPattern",
                "^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[\\w-]+(:[\\w-]+)?$")));
        parameters.put(packParameter(ConfigInvocationParser.EXECUTION_ROLE_NAME), parameter("Role the function "
                + "assumes in each account (the member StackSet creates it)", organization.executionRoleName(),
                Map.of("AllowedPattern", "^" + IamNames.NAME.pattern() + "$")));
        String window = packParameter(RuleParameters.SETUP_WINDOW_SECONDS);
        parameters.put(window, parameter("A key created this many seconds or less after its user is a setup key "
                + "(1..604800)", Long.toString(rule.setupWindowSeconds()),
                Map.of("AllowedPattern", Remediation.allowedPattern(settings, window))));
        parameters.put(packParameter(RuleParameters.REQUIRE_NEVER_USED), parameter("Only never-used setup keys count "
                + "(the CIS audit)", Boolean.toString(rule.requireNeverUsed()),
                Map.of("AllowedValues", List.of("true", "false"))));
        parameters.put(packParameter(RuleParameters.INCLUDE_INACTIVE_KEYS), parameter("Inactive setup keys count too",
                Boolean.toString(rule.includeInactiveKeys()), Map.of("AllowedValues", List.of("true", "false"))));
        String exemptTag = packParameter(RuleParameters.EXEMPT_TAG);
        rule.exemptTag().ifPresent(tag -> parameters.put(exemptTag, parameter(
                "Users carrying this tag (key or key=value) are NOT_APPLICABLE instead of NON_COMPLIANT",
                tag.toString(), Map.of("AllowedPattern", Remediation.allowedPattern(settings, exemptTag)))));
        RecordingParameters recording = settings.recording();
        parameters.put(packParameter(RecordingParameters.REFRESH_DAYS), parameter("An unchanged result is recorded "
                + "again once in this many days (1..89)", Integer.toString(recording.refreshDays()),
                Map.of("AllowedPattern", REFRESH_DAYS_PATTERN)));
        parameters.put(packParameter(RecordingParameters.RECORD_UNCHANGED), parameter("Record every user's verdict "
                + "every periodic run, unchanged ones too", Boolean.toString(recording.recordUnchanged()),
                Map.of("AllowedValues", List.of("true", "false"))));

        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put(RULE_ID, configRule(settings, rule));
        resources.put(REMEDIATION_ID, remediation(settings));

        Map<String, Object> template = new LinkedHashMap<>();
        template.put("Description", "AWS Config rule " + settings.ruleName() + " and its remediation (CIS 1.11)");
        template.put("Parameters", parameters);
        template.put("Resources", resources);
        return template;
    }

    private static Map<String, Object> configRule(DeploymentSettings settings, RuleParameters rule) {
        Map<String, Object> input = refs(rule);
        // The rule's own: how it records. The remediation takes only the criteria.
        settings.recording().toMap().keySet().forEach(name -> input.put(name, ref(packParameter(name))));
        String role = ConfigInvocationParser.EXECUTION_ROLE_NAME;
        input.put(role, ref(packParameter(role)));
        List<Map<String, Object>> sourceDetails = RuleTriggers.ALL.stream().map(type -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("EventSource", "aws.config");
            detail.put("MessageType", type);
            if (type.equals(RuleTriggers.PERIODIC)) {
                detail.put("MaximumExecutionFrequency", settings.maximumExecutionFrequency());
            }
            return detail;
        }).toList();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ConfigRuleName", settings.ruleName());
        properties.put("Description", RuleMetadata.DESCRIPTION);
        properties.put("Scope", Map.of("ComplianceResourceTypes", List.of(RuleMetadata.RESOURCE_TYPE)));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("Owner", "CUSTOM_LAMBDA");
        source.put("SourceIdentifier", ref(FUNCTION_ARN_PARAMETER));
        source.put("SourceDetails", sourceDetails);
        properties.put("Source", source);
        properties.put("InputParameters", input);
        return resource("AWS::Config::ConfigRule", properties);
    }

    /**
     * The document and role the member StackSet created, by name. The action is not a pack parameter: the
     * member role may delete keys only if the deployment chose {@code Delete}.
     */
    private static Map<String, Object> remediation(DeploymentSettings settings) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ConfigRuleName", settings.ruleName());
        properties.put("ResourceType", RuleMetadata.RESOURCE_TYPE);
        properties.put("TargetType", "SSM_DOCUMENT");
        properties.put("TargetId", MemberAccountStack.REMEDIATION_DOCUMENT_NAME);
        properties.put("Parameters", Remediation.parameters(
                Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
                        + MemberAccountStack.REMEDIATION_ROLE_NAME),
                settings, refs(settings.ruleParameters())));
        properties.put("Automatic", settings.automaticRemediation());
        Map<String, Object> ssmControls = new LinkedHashMap<>();
        ssmControls.put("ConcurrentExecutionRatePercentage", Remediation.RATE_PERCENT);
        ssmControls.put("ErrorPercentage", Remediation.ERROR_PERCENT);
        properties.put("ExecutionControls", Map.of("SsmControls", ssmControls));
        if (settings.automaticRemediation()) {
            properties.put("MaximumAutomaticAttempts", Remediation.AUTOMATIC_ATTEMPTS);
            properties.put("RetryAttemptSeconds", Remediation.AUTOMATIC_RETRY_SECONDS);
        }
        Map<String, Object> remediation = resource("AWS::Config::RemediationConfiguration", properties);
        remediation.put("DependsOn", RULE_ID);
        return remediation;
    }

    private static Map<String, Object> parameter(String description, String defaultValue, Map<String, Object> rules) {
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("Type", "String");
        parameter.put("Description", description);
        if (defaultValue != null) {
            parameter.put("Default", defaultValue);
        }
        parameter.putAll(rules);
        return parameter;
    }

    private static Map<String, Object> resource(String type, Map<String, Object> properties) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("Type", type);
        resource.put("Properties", properties);
        return resource;
    }

    /** The pack's parameter for a rule parameter: named as the remediation document names it. */
    private static String packParameter(String ruleParameter) {
        return Remediation.parameterName(ruleParameter);
    }

    /** Each rule parameter the deployment sets (the exempt tag only if set), by name, as a Ref to its parameter. */
    private static Map<String, Object> refs(RuleParameters rule) {
        Map<String, Object> refs = new LinkedHashMap<>();
        rule.toMap().keySet().forEach(name -> refs.put(name, ref(packParameter(name))));
        return refs;
    }

    private static Map<String, Object> ref(String parameter) {
        return Map.of("Ref", parameter);
    }
}
