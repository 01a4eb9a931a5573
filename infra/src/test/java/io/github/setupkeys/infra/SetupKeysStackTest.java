package io.github.setupkeys.infra;

import static io.github.setupkeys.infra.ExpectedPolicy.allow;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.rule.domain.RuleMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Matcher;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Runtime;

/** The stack as {@code cdk synth} builds it with no context: every default. */
@ExtendWith(RequiresNode.class)
class SetupKeysStackTest {

    private static final Matcher ALIAS = Match.stringLikeRegexp("^RuleFunctionAlias[0-9A-F]{8}$");
    private static final Matcher LOG_GROUP = Match.stringLikeRegexp("^RuleFunctionLogs[0-9A-F]{8}$");
    private static final Matcher QUEUE = Match.stringLikeRegexp("^FailedInvocations[0-9A-F]{8}$");
    static final Map<String, Object> EVERY_USER = Map.of("Fn::Join", List.of("", List.of(
            "arn:", Map.of("Ref", "AWS::Partition"), ":iam::", Map.of("Ref", "AWS::AccountId"), ":user/*")));

    private static SynthesizedStack synthesized;
    private static Template template;

    @BeforeAll
    static void synthesize(@TempDir Path workDirectory) {
        synthesized = SynthesizedStack.synthesize(Map.of(), workDirectory);
        template = synthesized.template();
    }

    @Test
    void functionRunsOnJava25OnArm64WithTheRuleHandler() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "Handler", "io.github.setupkeys.rule.ConfigRuleHandler::handleRequest"));
        assertThat(Runtime.JAVA_25.getSupportsSnapStart()).as("java25 supports SnapStart in the pinned CDK").isTrue();
    }

    @Test
    void functionCodeIsTheRuleJarAsIs() {
        // A file asset uploaded unchanged: its key is the content hash with the jar's own extension.
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Code", Map.of("S3Key", Match.stringLikeRegexp("^[0-9a-f]{64}\\.jar$"))));
    }

    @Test
    void functionHasTheMeasuredMemoryAndTheMaximumTimeout() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("MemorySize", 1024, "Timeout", 900));
    }

    @Test
    void theFunctionRunsAtMostTenAtOnceWhoeverInvokesIt() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "io.github.setupkeys.rule.ConfigRuleHandler::handleRequest", "ReservedConcurrentExecutions", 10));
    }

    @Test
    void snapStartAppliesToThePublishedVersionTheAliasPointsAt() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        template.resourceCountIs("AWS::Lambda::Version", 2); // the rule function's and the near-real-time trigger's
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", "live",
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^RuleFunctionCurrentVersion"), "Version"))));
    }

    @Test
    void configRuleInvokesTheAlias() {
        template.hasResourceProperties("AWS::Config::ConfigRule", Map.of(
                "Source", Map.of("Owner", "CUSTOM_LAMBDA", "SourceIdentifier", Map.of("Ref", ALIAS))));
    }

    @Test
    void functionLogsJsonToALogGroupKeptOneYear() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "LoggingConfig", Map.of("LogFormat", "JSON", "LogGroup", Map.of("Ref", LOG_GROUP))));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365));
    }

    @Test
    void failedAsynchronousInvocationsOfTheAliasGoToAnEncryptedQueue() {
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "Qualifier", Map.of("Fn::Select", List.of(7, Map.of("Fn::Split", List.of(":", Map.of("Ref", ALIAS))))),
                "MaximumRetryAttempts", 2,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Map.of("Fn::GetAtt", List.of(QUEUE, "Arn"))))));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true));
    }

    @Test
    void anAlarmGoesOffOnTheFirstErrorOfTheRuleFunctionNotifyingNoOneUnlessATopicIsGiven() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.exact(Map.of(
                "AlarmDescription", Match.stringLikeRegexp("^The setup-keys rule function failed"),
                "Namespace", "AWS/Lambda",
                "MetricName", "Errors",
                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref",
                        Match.stringLikeRegexp("^RuleFunction[0-9A-F]{8}$")))),
                "Statistic", "Sum",
                "Period", 300,
                "EvaluationPeriods", 1,
                "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "TreatMissingData", "notBreaching")));
    }

    @Test
    void anAlarmGoesOffAsSoonAsAFailedInvocationWaitsInTheFailureQueue() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.exact(Map.of(
                "AlarmDescription", Match.stringLikeRegexp("failed after Lambda's retries"),
                "Namespace", "AWS/SQS",
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::GetAtt", List.of(QUEUE, "QueueName")))),
                "Statistic", "Maximum",
                "Period", 300,
                "EvaluationPeriods", 1,
                "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "TreatMissingData", "notBreaching")));
        // The rule function's two, and near-real-time detection's two (NearRealTimeTriggerTest).
        template.resourceCountIs("AWS::CloudWatch::Alarm", 4);
    }

    @Test
    void noOneMayReadTheFailureQueueUnlessTheDeploymentNamesReaders() {
        template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                "Queues", List.of(Map.of("Ref", QUEUE)),
                "PolicyDocument", Map.of("Statement", Match.exact(List.of(
                        Map.of("Effect", "Deny", "Principal", Map.of("AWS", "*"), "Action", "sqs:*",
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")),
                                "Resource", Map.of("Fn::GetAtt", List.of(QUEUE, "Arn"))),
                        Map.of("Sid", "OnlyTheNamedReadersRead", "Effect", "Deny", "Principal", Map.of("AWS", "*"),
                                "Action", "sqs:ReceiveMessage",
                                "Resource", Map.of("Fn::GetAtt", List.of(QUEUE, "Arn"))))))));
    }

    @Test
    void roleAllowsExactlyTheCallsTheRuleMakesOnTheNarrowestResources() {
        Map<String, Object> everyUser = EVERY_USER;
        template.resourceCountIs("AWS::IAM::Role", 3); // the function's, the remediation's, the near-real-time trigger's
        template.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Principal", Map.of("Service", "lambda.amazonaws.com")))),
                "ManagedPolicyArns", Match.absent(),
                "Policies", List.of(Map.of(
                        "PolicyName", "evaluate-iam-users",
                        "PolicyDocument", Match.exact(Map.of("Version", "2012-10-17", "Statement", List.of(
                                allow("ListUsersAndReadCredentialReport", "*",
                                        List.of("iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:ListUsers")),
                                allow("ReadUsers", everyUser, List.of("iam:GetAccessKeyLastUsed", "iam:GetLoginProfile",
                                        "iam:GetUser", "iam:ListAccessKeys", "iam:ListUserTags")),
                                allow("ReportEvaluations", "*",
                                        List.of("config:GetResourceConfigHistory", "config:PutEvaluations")),
                                allow("WriteOwnLogs", Map.of("Fn::GetAtt", List.of(LOG_GROUP, "Arn")),
                                        List.of("logs:CreateLogStream", "logs:PutLogEvents")),
                                allow("SendFailedInvocations", Map.of("Fn::GetAtt", List.of(QUEUE, "Arn")),
                                        "sqs:SendMessage"))))))));
        template.resourceCountIs("AWS::IAM::Policy", 1);
        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("^RuleFunctionRole"))),
                "PolicyDocument", Match.exact(Map.of("Version", "2012-10-17", "Statement", List.of(
                        allow("ReadOwnResults", Map.of("Fn::GetAtt", List.of("ConfigRule", "Arn")),
                                "config:GetComplianceDetailsByConfigRule"))))));
    }

    @Test
    void ruleIsNamedAndDescribedByTheRuleMetadata() {
        template.hasResourceProperties("AWS::Config::ConfigRule", Map.of(
                "ConfigRuleName", "iam-user-no-setup-access-keys",
                "Description", RuleMetadata.DESCRIPTION));
        assertThat(RuleMetadata.DESCRIPTION).as("Config's limit").hasSizeLessThanOrEqualTo(256);
    }

    @Test
    void ruleEvaluatesIamUsersOnEveryChangeAndEveryDay() {
        template.hasResourceProperties("AWS::Config::ConfigRule", Map.of(
                "Scope", Match.exact(Map.of("ComplianceResourceTypes", List.of("AWS::IAM::User"))),
                "Source", Map.of("SourceDetails", Match.exact(List.of(
                        Map.of("EventSource", "aws.config", "MessageType", "ConfigurationItemChangeNotification"),
                        Map.of("EventSource", "aws.config", "MessageType", "OversizedConfigurationItemChangeNotification"),
                        Map.of("EventSource", "aws.config", "MessageType", "ScheduledNotification",
                                "MaximumExecutionFrequency", "TwentyFour_Hours"))))));
    }

    @Test
    void ruleParametersAreTheDefaultsSpelledOut() {
        template.hasResourceProperties("AWS::Config::ConfigRule", Map.of("InputParameters", Match.exact(Map.of(
                "setupWindowSeconds", "3600", "requireNeverUsed", "true", "includeInactiveKeys", "false",
                "refreshDays", "7", "recordUnchanged", "false"))));
    }

    @Test
    void onlyConfigInThisAccountMayInvokeTheAliasAndTheRuleWaitsForThatPermission() {
        template.resourceCountIs("AWS::Lambda::Permission", 1);
        template.hasResourceProperties("AWS::Lambda::Permission", Match.exact(Map.of(
                "Action", "lambda:InvokeFunction",
                "FunctionName", Map.of("Ref", ALIAS),
                "Principal", "config.amazonaws.com",
                "SourceAccount", Map.of("Ref", "AWS::AccountId"))));
        template.hasResource("AWS::Config::ConfigRule", Map.of(
                "DependsOn", List.of(Match.stringLikeRegexp("^ConfigInvokesRuleFunction$"))));
    }

    @Test
    void outputsTheRuleNameAndTheAliasArn() {
        template.hasOutput("RuleName", Map.of("Value", Map.of("Ref", "ConfigRule")));
        template.hasOutput("FunctionAliasArn", Map.of("Value", Map.of("Ref", ALIAS)));
    }

    @Test
    void cdkNagLeavesNoUnsuppressedErrorOrWarning() {
        assertThat(synthesized.annotations().findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(synthesized.annotations().findWarning("*", Match.anyValue())).isEmpty();
    }

    @Test
    void everyNagSuppressionIsScopedToOneResourceAndCarriesItsReason() {
        template.hasResource("AWS::IAM::Role", Map.of("Metadata", Map.of("cdk_nag", Match.exact(Map.of(
                "rules_to_suppress", List.of(Map.of(
                        "id", "AwsSolutions-IAM5",
                        "reason", Match.stringLikeRegexp("support no resource-level permissions"),
                        "applies_to", List.of("Resource::*",
                                "Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*"))))))));
        template.hasResource("AWS::SQS::Queue", Map.of("Metadata", Map.of("cdk_nag", Match.exact(Map.of(
                "rules_to_suppress", List.of(Map.of(
                        "id", "AwsSolutions-SQS3",
                        "reason", Match.stringLikeRegexp("on-failure destination"))))))));
        template.templateMatches(Map.of("Metadata", Match.absent())); // no stack-wide suppression
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRemediationDocumentIsTheAutomationDocumentOfRemediationSsmWithTheDeploymentsRoleAsDefault() throws Exception {
        Map<String, Object> written = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(SynthesizedStack.REMEDIATION_DOCUMENT));
        Map<String, Object> parameters = (Map<String, Object>) written.get("parameters");
        Map<String, Object> role = new java.util.LinkedHashMap<>((Map<String, Object>) parameters.get("AutomationAssumeRole"));
        role.put("default", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^RemediationRole"), "Arn")));
        Map<String, Object> expected = new java.util.LinkedHashMap<>(written);
        Map<String, Object> expectedParameters = new java.util.LinkedHashMap<>(parameters);
        expectedParameters.put("AutomationAssumeRole", role);
        expected.put("parameters", expectedParameters);

        // Every other default is the deployment's, and with no context equal to the document's own.
        template.hasResourceProperties("AWS::SSM::Document", Map.of("DocumentType", "Automation", "Content", expected));
    }

    @Test
    void remediationRoleIsAssumedOnlyBySsmForThisAccountsAutomationExecutionsAndMayOnlyDeactivate() {
        template.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole",
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "ssm.amazonaws.com"),
                        "Condition", Match.exact(Map.of(
                                "StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")),
                                "ArnLike", Map.of("aws:SourceArn", Map.of("Fn::Join", List.of("", List.of("arn:",
                                        Map.of("Ref", "AWS::Partition"), ":ssm:", Map.of("Ref", "AWS::Region"), ":",
                                        Map.of("Ref", "AWS::AccountId"), ":automation-execution/*"))))))))),
                "ManagedPolicyArns", Match.absent(),
                "Policies", List.of(Map.of("PolicyName", "remediate-setup-keys", "PolicyDocument", Match.exact(Map.of(
                        "Version", "2012-10-17", "Statement", List.of(
                                allow("ResolveUserIdWithIam", "*", "iam:ListUsers"),
                                allow("RemediateSetupKeys", EVERY_USER, List.of("iam:GetAccessKeyLastUsed",
                                        "iam:GetLoginProfile", "iam:GetUser", "iam:ListAccessKeys",
                                        "iam:ListUserTags", "iam:UpdateAccessKey")))))))));
    }

    @Test
    void remediationPassesTheUserIdAndTheRulesCriteriaInPascalCaseAndIsManual() {
        template.hasResourceProperties("AWS::Config::RemediationConfiguration", Map.of(
                "ConfigRuleName", Map.of("Ref", Match.stringLikeRegexp("^ConfigRule")),
                "TargetType", "SSM_DOCUMENT",
                "TargetId", Map.of("Ref", Match.stringLikeRegexp("^RemediationDocument")),
                "ResourceType", "AWS::IAM::User",
                "Automatic", false,
                "Parameters", Map.of(
                        "AutomationAssumeRole", Map.of("StaticValue", Map.of("Values", List.of(
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^RemediationRole"), "Arn"))))),
                        "IAMResourceId", Map.of("ResourceValue", Map.of("Value", "RESOURCE_ID")),
                        "Action", Map.of("StaticValue", Map.of("Values", List.of("Deactivate"))),
                        "SetupWindowSeconds", Map.of("StaticValue", Map.of("Values", List.of("3600"))),
                        "RequireNeverUsed", Map.of("StaticValue", Map.of("Values", List.of("true"))),
                        "IncludeInactiveKeys", Map.of("StaticValue", Map.of("Values", List.of("false"))),
                        "ExemptTag", Match.absent())));
        template.hasResourceProperties("AWS::Config::RemediationConfiguration",
                Map.of("MaximumAutomaticAttempts", Match.absent()));
    }

    @Test
    void outputsTheRemediationDocumentName() {
        template.hasOutput("RemediationDocumentName",
                Map.of("Value", Map.of("Ref", Match.stringLikeRegexp("^RemediationDocument"))));
    }
}
