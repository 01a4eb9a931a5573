package io.github.setupkeys.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.setupkeys.rule.domain.RuleMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.config.CfnConfigRule;
import software.amazon.awscdk.services.config.CfnRemediationConfiguration;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
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
    public static final String HANDLER = "io.github.setupkeys.rule.ConfigRuleHandler::handleRequest";
    public static final String ALIAS_NAME = "live";

    /*
     * Sized from a measurement of the bulk path the periodic run takes (ListUsers + credential report + live
     * confirmation of candidates): `java -Xmx<N>m -jar rule/target/setupkeys-rule.jar scan` (Temurin 25) against
     * moto with 5,000 users, each with a console password and an access key. moto's credential report carries a fixed
     * GeneratedTime in 2015, so every user is a candidate there: the worst case, 15,000 sequential IAM calls.
     * Peak RSS 203 MB at -Xmx64m, 238 MB at -Xmx128m, 396 MB at -Xmx512m (live heap after GC about 20 MB);
     * 35-38 s of CPU and 150-240 s of wall time on a shared 2-core machine, the emulator being the bottleneck.
     * Memory: 1024 MB, 2.5 times the largest RSS, and because Lambda gives CPU in proportion to memory
     * (1,769 MB is one vCPU) that CPU work takes about 1 minute instead of 2 at 512 MB.
     * Timeout: the Lambda maximum. At 30-50 ms per real IAM call the worst case needs 450-750 s; in a real
     * account only users with a key created within the setup window, or created within a window of the
     * report, are candidates, so a run usually takes seconds.
     */
    static final int MEMORY_MB = 1024;
    static final Duration TIMEOUT = Duration.minutes(15);

    /** Automatic remediation: at most this many attempts per finding, this far apart. */
    static final int AUTOMATIC_ATTEMPTS = 3;
    static final int AUTOMATIC_RETRY_SECONDS = 60;
    /** At most a tenth of the findings remediated at once, and stop when a tenth of them fail. */
    static final int REMEDIATION_RATE_PERCENT = 10;
    static final int REMEDIATION_ERROR_PERCENT = 10;

    private final DeploymentSettings settings;
    private final CfnConfigRule rule;

    public SetupKeysStack(Construct scope, String id, DeploymentSettings settings, StackProps props) {
        super(scope, id, props);
        this.settings = settings;

        LogGroup logs = logGroup();
        Queue failures = failedInvocations();
        Role role = functionRole(logs, failures);
        Alias function = ruleFunction(role, logs, failures);
        this.rule = configRule(function);
        readOwnResults(role, rule);
        CfnDocument document = remediationDocument();
        remediation(rule, document, remediationRole());
        outputs(rule, function, document);
    }

    /** The Config rule, for what else the app adds to this stack (near-real-time detection). */
    public CfnConfigRule rule() {
        return rule;
    }

    private LogGroup logGroup() {
        // A year of the function's logs; kept when the stack is deleted, as evidence of what the rule did.
        return LogGroup.Builder.create(this, "RuleFunctionLogs")
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** Where Lambda puts Config's asynchronous invocations that failed after their retries. */
    private Queue failedInvocations() {
        Queue queue = Queue.Builder.create(this, "FailedInvocations")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        suppress(queue, "AwsSolutions-SQS3", List.of(),
                "This queue is itself the on-failure destination of the rule function; a queue for its own "
                        + "failures would add nothing (SQS keeps its messages 14 days).");
        return queue;
    }

    /** The function's role: exactly the calls the rule makes, on the narrowest resources IAM supports. */
    private Role functionRole(LogGroup logs, Queue failures) {
        String users = formatArn(ArnComponents.builder()
                .service("iam").region("").resource("user").resourceName("*").build());
        Role role = Role.Builder.create(this, "RuleFunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Runs the " + settings.ruleName() + " AWS Config rule (CIS AWS Foundations 1.11)")
                .inlinePolicies(Map.of("evaluate-iam-users", PolicyDocument.Builder.create().statements(List.of(
                        // No resource-level permissions exist for these (Service Authorization Reference).
                        allow("ListUsersAndReadCredentialReport", "*",
                                "iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:ListUsers"),
                        allow("ReadUsers", users, "iam:GetAccessKeyLastUsed", "iam:GetLoginProfile", "iam:GetUser",
                                "iam:ListAccessKeys", "iam:ListUserTags"),
                        // No resource-level permissions exist for these either.
                        allow("ReportEvaluations", "*", "config:GetResourceConfigHistory", "config:PutEvaluations"),
                        allow("WriteOwnLogs", logs.getLogGroupArn(), "logs:CreateLogStream", "logs:PutLogEvents"),
                        allow("SendFailedInvocations", failures.getQueueArn(), "sqs:SendMessage")))
                        .build()))
                .build();
        suppress(role, "AwsSolutions-IAM5",
                List.of("Resource::*", "Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*"),
                "* only for iam:ListUsers, iam:GenerateCredentialReport, iam:GetCredentialReport, "
                        + "config:PutEvaluations and config:GetResourceConfigHistory, which support no resource-level "
                        + "permissions. user/* because the rule evaluates every IAM user of the account, whatever its "
                        + "path: it is the narrowest ARN that covers them.");
        return role;
    }

    /** The function, published as a version with SnapStart, behind the alias Config invokes. */
    private Alias ruleFunction(Role role, LogGroup logs, Queue failures) {
        Function function = Function.Builder.create(this, "RuleFunction")
                .description("Evaluates IAM users for the " + settings.ruleName() + " AWS Config rule")
                // The newest Java runtime Lambda offers; it supports SnapStart (the rule jar is Java 17 bytecode).
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .code(Code.fromAsset(settings.ruleJar().toString()))
                .handler(HANDLER)
                .memorySize(MEMORY_MB)
                .timeout(TIMEOUT)
                .role(role)
                .logGroup(logs)
                .loggingFormat(LoggingFormat.JSON)
                .snapStart(settings.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Published: the alias below points at the function's current version.");
        Alias alias = Alias.Builder.create(this, "RuleFunctionAlias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .onFailure(new QueueDestination(failures))
                .retryAttempts(2)
                .build();
        return alias;
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
                .inputParameters(settings.ruleParameters().toMap())
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
                        allow("ReadOwnResults", rule.getAttrArn(), "config:GetComplianceDetailsByConfigRule")))
                .build();
    }

    /** The SSM Automation document of {@code remediation-ssm/}, deployed as it is written. */
    private CfnDocument remediationDocument() {
        Path file = settings.remediationDocument();
        Object content;
        try {
            content = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the remediation document " + file.toAbsolutePath() + ": "
                    + e.getMessage() + " (cdk synth runs from the repository root)", e);
        }
        return CfnDocument.Builder.create(this, "RemediationDocument")
                .documentType("Automation")
                .content(content)
                .build();
    }

    /**
     * The role SSM assumes to run the remediation: exactly the calls the document makes. Deleting keys is
     * allowed only when the deployment chose {@code Delete}.
     */
    private Role remediationRole() {
        String users = formatArn(ArnComponents.builder()
                .service("iam").region("").resource("user").resourceName("*").build());
        List<String> keyActions = new ArrayList<>(List.of("iam:GetAccessKeyLastUsed", "iam:GetLoginProfile",
                "iam:GetUser", "iam:ListAccessKeys", "iam:UpdateAccessKey"));
        if (settings.remediationAction().equals("Delete")) {
            keyActions.add("iam:DeleteAccessKey");
        }
        Role role = Role.Builder.create(this, "RemediationRole")
                .assumedBy(new ServicePrincipal("ssm.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount())))
                        .build()))
                .description("Runs the remediation of the " + settings.ruleName() + " AWS Config rule: "
                        + settings.remediationAction() + " setup access keys")
                .inlinePolicies(Map.of("remediate-setup-keys", PolicyDocument.Builder.create().statements(List.of(
                        // ListUsers supports no resource-level permissions (Service Authorization Reference).
                        allow("ResolveUserIdWithIam", "*", "iam:ListUsers"),
                        allow("RemediateSetupKeys", users, keyActions.toArray(String[]::new))))
                        .build()))
                .build();
        suppress(role, "AwsSolutions-IAM5",
                List.of("Resource::*", "Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*"),
                "* only for iam:ListUsers, which supports no resource-level permissions and resolves the Config "
                        + "resource id (the user id) to its user. user/* because any IAM user, on any path, can be "
                        + "a finding; the document re-checks each key before it changes it.");
        return role;
    }

    /**
     * The rule's remediation: the document, with the user id Config reports and the rule's own criteria.
     * Manual unless the deployment asks for automatic, which is retried a bounded number of times.
     */
    private void remediation(CfnConfigRule rule, CfnDocument document, Role role) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        // PascalCase keys in a plain map: CloudFormation reads this property as it is.
        parameters.put("AutomationAssumeRole", staticValue(role.getRoleArn()));
        parameters.put("IAMResourceId", Map.of("ResourceValue", Map.of("Value", "RESOURCE_ID")));
        parameters.put("Action", staticValue(settings.remediationAction()));
        parameters.put("SetupWindowSeconds", staticValue(Long.toString(settings.ruleParameters().setupWindowSeconds())));
        parameters.put("RequireNeverUsed", staticValue(Boolean.toString(settings.ruleParameters().requireNeverUsed())));
        parameters.put("IncludeInactiveKeys",
                staticValue(Boolean.toString(settings.ruleParameters().includeInactiveKeys())));
        CfnRemediationConfiguration.Builder remediation = CfnRemediationConfiguration.Builder.create(this, "Remediation")
                .configRuleName(rule.getRef())
                .resourceType(RuleMetadata.RESOURCE_TYPE)
                .targetType("SSM_DOCUMENT")
                .targetId(document.getRef())
                .parameters(parameters)
                .automatic(settings.automaticRemediation())
                .executionControls(CfnRemediationConfiguration.ExecutionControlsProperty.builder()
                        .ssmControls(CfnRemediationConfiguration.SsmControlsProperty.builder()
                                .concurrentExecutionRatePercentage(REMEDIATION_RATE_PERCENT)
                                .errorPercentage(REMEDIATION_ERROR_PERCENT)
                                .build())
                        .build());
        if (settings.automaticRemediation()) {
            remediation.maximumAutomaticAttempts(AUTOMATIC_ATTEMPTS).retryAttemptSeconds(AUTOMATIC_RETRY_SECONDS);
        }
        remediation.build();
    }

    private static Map<String, Object> staticValue(String value) {
        return Map.of("StaticValue", Map.of("Values", List.of(value)));
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

    static PolicyStatement allow(String sid, String resource, String... actions) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .actions(List.of(actions))
                .resources(List.of(resource))
                .build();
    }

    private static void suppress(Construct construct, String rule, List<String> appliesTo, String reason) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (!appliesTo.isEmpty()) {
            suppression.appliesTo(List.copyOf(appliesTo));
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), false);
    }
}
