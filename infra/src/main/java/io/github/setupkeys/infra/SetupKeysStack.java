package io.github.setupkeys.infra;

import io.github.setupkeys.rule.domain.RuleMetadata;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.config.CfnConfigRule;
import software.amazon.awscdk.services.config.CfnRemediationConfiguration;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.amazon.awscdk.services.ssm.CfnDocument;
import software.constructs.Construct;

/**
 * The rule in one account and region: the Lambda function (published version, alias, SnapStart), its
 * least-privilege role, its log group and failure queue, the AWS Config custom rule that invokes it, and
 * the rule's remediation (the SSM Automation document and the role it runs with).
 * Deploy it in the one region whose Config recorder records global IAM resources.
 */
public final class SetupKeysStack extends Stack {

    /** The entry point in the rule jar (the rule module's Lambda handler; the name is part of the design). */
    public static final String HANDLER = RuleFunction.HANDLER;
    public static final String ALIAS_NAME = RuleFunction.ALIAS_NAME;

    private final DeploymentSettings settings;
    private final CfnConfigRule rule;
    private final CfnDocument remediationDocument;
    private final Role remediationRole;
    private final FailureWatch failures;

    public SetupKeysStack(Construct scope, String id, DeploymentSettings settings, FailureSettings failureSettings,
            StackProps props) {
        super(scope, id, props);
        this.settings = settings;

        RuleFunction ruleFunction = new RuleFunction(this, settings);
        this.failures = new FailureWatch(this, failureSettings);
        failures.ruleFunction(this, ruleFunction);
        Role role = ruleFunction.role();
        Alias function = ruleFunction.alias();
        this.rule = configRule(function);
        readOwnResults(role, rule);
        this.remediationRole = Remediation.role(this, "RemediationRole", settings, null);
        this.remediationDocument = Remediation.document(this, "RemediationDocument", settings, null,
                remediationRole.getRoleArn());
        remediation(rule, remediationDocument, remediationRole);
        outputs(rule, function, remediationDocument);
    }

    /** The Config rule, for what else the app adds to this stack (near-real-time detection). */
    public CfnConfigRule rule() {
        return rule;
    }

    /** The remediation document and the role it runs with, for what else starts it (Security Hub's custom action). */
    public CfnDocument remediationDocument() {
        return remediationDocument;
    }

    public Role remediationRole() {
        return remediationRole;
    }

    /** The stack's alarms and failure queues, for what else the app adds to it. */
    FailureWatch failures() {
        return failures;
    }

    private CfnConfigRule configRule(Alias function) {
        CfnPermission configInvokes = CfnPermission.Builder.create(this, "ConfigInvokesRuleFunction")
                .action("lambda:InvokeFunction")
                .functionName(function.getFunctionArn())
                .principal("config.amazonaws.com")
                .sourceAccount(getAccount())
                .build();
        CfnConfigRule rule = CfnConfigRule.Builder.create(this, "ConfigRule")
                .configRuleName(settings.ruleName())
                .description(RuleMetadata.DESCRIPTION)
                .scope(CfnConfigRule.ScopeProperty.builder()
                        .complianceResourceTypes(List.of(RuleMetadata.RESOURCE_TYPE))
                        .build())
                .source(CfnConfigRule.SourceProperty.builder()
                        .owner("CUSTOM_LAMBDA")
                        .sourceIdentifier(function.getFunctionArn())
                        .sourceDetails(List.of(
                                configEvent("ConfigurationItemChangeNotification", null),
                                configEvent("OversizedConfigurationItemChangeNotification", null),
                                // An IAM user's configuration item has no keys or password: only this run sees them.
                                configEvent("ScheduledNotification", settings.maximumExecutionFrequency())))
                        .build())
                .inputParameters(settings.configRuleParameters())
                .build();
        // Config checks at creation that it may invoke the function: the permission must exist first.
        rule.addResourceDependency(configInvokes);
        return rule;
    }

    /**
     * The periodic run reads the rule's own stored results to retire those of deleted users. Scoped to this
     * rule's ARN, which exists only once the rule does, so this policy is attached after the rule is created.
     */
    private void readOwnResults(Role role, CfnConfigRule rule) {
        Policy.Builder.create(this, "ReadOwnResults")
                .roles(List.of(role))
                .statements(List.of(
                        Policies.allow("ReadOwnResults", rule.getAttrArn(), "config:GetComplianceDetailsByConfigRule")))
                .build();
    }

    /**
     * The rule's remediation: the document, with the user id Config reports and the rule's own criteria.
     * Manual unless the deployment asks for automatic, which is retried a bounded number of times.
     */
    private void remediation(CfnConfigRule rule, CfnDocument document, Role role) {
        CfnRemediationConfiguration.Builder remediation = CfnRemediationConfiguration.Builder.create(this, "Remediation")
                .configRuleName(rule.getRef())
                .resourceType(RuleMetadata.RESOURCE_TYPE)
                .targetType("SSM_DOCUMENT")
                .targetId(document.getRef())
                .parameters(Remediation.parameters(role.getRoleArn(), settings))
                .automatic(settings.automaticRemediation())
                .executionControls(CfnRemediationConfiguration.ExecutionControlsProperty.builder()
                        .ssmControls(CfnRemediationConfiguration.SsmControlsProperty.builder()
                                .concurrentExecutionRatePercentage(Remediation.RATE_PERCENT)
                                .errorPercentage(Remediation.ERROR_PERCENT)
                                .build())
                        .build());
        if (settings.automaticRemediation()) {
            remediation.maximumAutomaticAttempts(Remediation.AUTOMATIC_ATTEMPTS)
                    .retryAttemptSeconds(Remediation.AUTOMATIC_RETRY_SECONDS);
        }
        remediation.build();
    }

    private void outputs(CfnConfigRule rule, Alias function, CfnDocument document) {
        CfnOutput.Builder.create(this, "RemediationDocumentName")
                .description("SSM Automation document that remediates a finding")
                .value(document.getRef())
                .build();
        CfnOutput.Builder.create(this, "RuleName")
                .description("AWS Config rule name")
                .value(rule.getRef())
                .build();
        CfnOutput.Builder.create(this, "FunctionAliasArn")
                .description("ARN of the function alias the rule invokes")
                .value(function.getFunctionArn())
                .build();
    }

    private static CfnConfigRule.SourceDetailProperty configEvent(String messageType, String frequency) {
        return CfnConfigRule.SourceDetailProperty.builder()
                .eventSource("aws.config")
                .messageType(messageType)
                .maximumExecutionFrequency(frequency)
                .build();
    }
}
