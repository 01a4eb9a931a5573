package io.github.setupkeys.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Matcher;
import software.amazon.awscdk.assertions.Template;

/**
 * Near-real-time detection as {@code cdk synth -c deployment=organization} deploys it by default: the member side in
 * us-east-1 (a forwarding rule bound to its own account), the central side (bus and its policy, rule, queue, trigger,
 * a debounce table keyed by account) and the roles between them.
 */
@ExtendWith(RequiresNode.class)
class OrganizationNearRealTimeTest {

    private static final Matcher BUS = Match.stringLikeRegexp("^NearRealTimeCredentialEventBus[0-9A-F]{8}$");
    private static final Matcher BUFFER = Match.stringLikeRegexp("^NearRealTimeBuffer[0-9A-F]{8}$");
    private static final Matcher DEAD_LETTERS = Match.stringLikeRegexp("^NearRealTimeBufferDeadLetters[0-9A-F]{8}$");
    private static final Matcher EVENT_RULE = Match.stringLikeRegexp("^NearRealTimeCredentialEvents[0-9A-F]{8}$");
    private static final Matcher TABLE = Match.stringLikeRegexp("^NearRealTimeDebounceState[0-9A-F]{8}$");
    private static final Matcher LOGS = Match.stringLikeRegexp("^NearRealTimeTriggerFunctionLogs[0-9A-F]{8}$");
    private static final Matcher TRIGGER_ROLE = Match.stringLikeRegexp("^NearRealTimeTriggerFunctionRole[0-9A-F]{8}$");
    private static final Map<String, Object> OWN_ACCOUNT = Map.of("Ref", "AWS::AccountId");
    private static final Map<String, Object> PARTITION = Map.of("Ref", "AWS::Partition");
    private static final Map<String, Object> BUS_ARN = Map.of("Fn::GetAtt", List.of(BUS, "Arn"));

    private static SynthesizedOrganization synthesized;
    private static Template central;
    private static Template member;
    private static Template forwarding;

    @BeforeAll
    static void synthesize(@TempDir Path workDirectory) {
        synthesized = SynthesizedOrganization.synthesize(Map.of(), workDirectory);
        central = synthesized.central();
        member = synthesized.member();
        forwarding = synthesized.forwarding();
    }

    @Test
    void eachMemberForwardsItsOwnCredentialEventsFromItsDefaultBusToTheCentralBusWithARole() {
        Map<String, Object> pattern = new java.util.HashMap<>(NearRealTimeTriggerTest.CREDENTIAL_EVENTS);
        assertThat(pattern.get("account")).as("bound to the account it is deployed in").isEqualTo(List.of(OWN_ACCOUNT));
        forwarding.resourceCountIs("AWS::Events::Rule", 1);
        forwarding.hasResourceProperties("AWS::Events::Rule", Match.exact(Map.of(
                "Name", "IamUserSetupKeysForwardCredentialEvents",
                "Description", Match.anyValue(),
                "EventPattern", Match.exact(pattern),
                "State", "ENABLED",
                "Targets", Match.exact(List.of(Map.of("Id", "Target0", "Arn", Map.of("Ref", "CentralEventBusArn"),
                        "RoleArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^ForwardingRole"), "Arn"))))))));
    }

    @Test
    void theForwardingTemplateRefusesToDeployAnywhereButUsEast1() {
        forwarding.templateMatches(Map.of("Rules", Match.exact(Map.of("OnlyInUsEast1", Map.of("Assertions", List.of(Map.of(
                "Assert", Map.of("Fn::Equals", List.of(Map.of("Ref", "AWS::Region"), "us-east-1")),
                "AssertDescription", Match.stringLikeRegexp("us-east-1 only"))))))));
        forwarding.templateMatches(Map.of("Parameters", Match.exact(Map.of("CentralEventBusArn", Match.objectLike(Map.of(
                "Type", "String", "AllowedPattern", Match.stringLikeRegexp("event-bus")))))));
    }

    @Test
    void theForwardingRoleIsEventBridgesOfThatAccountAndMayOnlyPutEventsOnTheCentralBus() {
        forwarding.resourceCountIs("AWS::IAM::Role", 1);
        forwarding.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                "AssumeRolePolicyDocument", Match.exact(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Effect", "Allow",
                        "Principal", Map.of("Service", "events.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", OWN_ACCOUNT)))))),
                "ManagedPolicyArns", Match.absent(),
                "Policies", Match.exact(List.of(Map.of("PolicyName", "forward-iam-events", "PolicyDocument", Map.of(
                        "Version", "2012-10-17", "Statement", List.of(Map.of("Sid", "PutOnTheCentralBus",
                                "Effect", "Allow", "Action", "events:PutEvents",
                                "Resource", Map.of("Ref", "CentralEventBusArn"))))))))));
    }

    @Test
    void aSecondServiceManagedStackSetPutsTheForwardingIntoUsEast1OfEveryMemberNowAndLater() {
        central.hasResourceProperties("AWS::CloudFormation::StackSet", Match.objectLike(Map.of(
                "StackSetName", "IamUserSetupKeysMemberEventForwarding",
                "PermissionModel", "SERVICE_MANAGED",
                "CallAs", "SELF",
                "AutoDeployment", Match.exact(Map.of("Enabled", true, "RetainStacksOnAccountRemoval", false)),
                "Capabilities", List.of("CAPABILITY_IAM"),
                "Parameters", Match.exact(List.of(Map.of("ParameterKey", "CentralEventBusArn",
                        "ParameterValue", BUS_ARN))),
                "StackInstancesGroup", Match.exact(List.of(Map.of(
                        "DeploymentTargets", Match.exact(Map.of("OrganizationalUnitIds", List.of("ou-ab12-cdef3456"))),
                        "Regions", List.of("us-east-1")))))));
        central.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of(
                "StackSetName", "IamUserSetupKeysMemberAccounts", "StackInstancesGroup", List.of(Map.of(
                        "Regions", List.of("eu-west-1")))));
    }

    @Test
    void membersForwardOnlyOnceTheBusAdmitsThem() {
        central.hasResource("AWS::CloudFormation::StackSet", Map.of(
                "Properties", Map.of("StackSetName", "IamUserSetupKeysMemberEventForwarding"),
                "DependsOn", Match.arrayWith(List.of(Match.stringLikeRegexp("^NearRealTimeCredentialEventBuscdkOrganizationAccountsForwardTheirOwnEvents")))));
    }

    @Test
    void theCentralBusIsOneOfItsOwnThatOnlyTheOrganizationsAccountsMayForwardTo() {
        central.resourceCountIs("AWS::Events::EventBus", 1);
        central.hasResourceProperties("AWS::Events::EventBus", Map.of("Name", "IamUserSetupKeysCredentialEvents"));
        central.resourceCountIs("AWS::Events::EventBusPolicy", 1);
        central.hasResourceProperties("AWS::Events::EventBusPolicy", Match.exact(Map.of(
                "EventBusName", Map.of("Ref", BUS),
                "StatementId", Match.anyValue(),
                "Statement", Match.exact(Map.of(
                        "Sid", Match.stringLikeRegexp("OrganizationAccountsForwardTheirOwnEvents$"),
                        "Effect", "Allow", "Principal", Map.of("AWS", "*"), "Action", "events:PutEvents",
                        "Resource", BUS_ARN,
                        "Condition", Match.exact(Map.of("StringEquals", Match.exact(Map.of(
                                "aws:PrincipalOrgID", "o-a1b2c3d4e5", "events:eventBusInvocation", "true")))))))));
    }

    @Test
    void theCentralRuleOnThatBusTakesTheCredentialEventsOfAnyAccountItAdmitsIntoTheBuffer() {
        Map<String, Object> anyAccount = new java.util.HashMap<>(NearRealTimeTriggerTest.CREDENTIAL_EVENTS);
        anyAccount.remove("account");
        central.resourceCountIs("AWS::Events::Rule", 1);
        central.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventBusName", Map.of("Ref", BUS),
                "EventPattern", Match.exact(anyAccount),
                "Targets", Match.exact(List.of(Map.of("Id", "Target0", "Arn", Map.of("Fn::GetAtt", List.of(BUFFER, "Arn")))))));
    }

    @Test
    void onlyThatRuleMaySendToTheBufferAndOnlyTheTriggerMayReadIt() {
        central.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                "Queues", List.of(Map.of("Ref", BUFFER)),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.copyOf(
                        NearRealTimeTriggerTest.onlyTheRuleSendsAndOnlyTheTriggerReads(BUFFER, EVENT_RULE, TRIGGER_ROLE))))));
        central.hasResourceProperties("AWS::SQS::Queue", Match.exact(Map.of(
                "SqsManagedSseEnabled", true, "MessageRetentionPeriod", 1_209_600,
                "VisibilityTimeout", 720, // 6 × the trigger's 120 s
                "RedrivePolicy", Map.of("deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(DEAD_LETTERS, "Arn")),
                        "maxReceiveCount", 100))));
    }

    @Test
    void theDebounceStateIsOneItemPerAccount() {
        central.hasResourceProperties("AWS::DynamoDB::Table", Match.exact(Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "accountId", "KeyType", "HASH")),
                "AttributeDefinitions", List.of(Map.of("AttributeName", "accountId", "AttributeType", "S")),
                "BillingMode", "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))));
    }

    @Test
    void theTriggerIsTheOrganizationsHandlerOneAtATimeToldTheSingleAccountLimitsAndHowToFindEachCopy() {
        central.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "io.github.setupkeys.trigger.OrganizationTriggerHandler::handleRequest",
                "Runtime", "java25",
                "ReservedConcurrentExecutions", 1,
                "Timeout", 120,
                "LoggingConfig", Map.of("LogFormat", "JSON", "LogGroup", Map.of("Ref", LOGS)),
                "Environment", Map.of("Variables", Match.exact(Map.of(
                        "CONFIG_RULE_NAME", "iam-user-no-setup-access-keys",
                        "QUEUE_URL", Map.of("Ref", BUFFER),
                        "DEBOUNCE_TABLE", Map.of("Ref", TABLE),
                        "MINIMUM_INTERVAL_SECONDS", "900",
                        "DAILY_CAP", "12",
                        "EXCLUDED_ACCOUNTS", "",
                        "REEVALUATION_ROLE_NAME", "IamUserSetupKeysReEvaluation",
                        "RULE_FUNCTION_ARN", Map.of("Ref", Match.stringLikeRegexp("^RuleFunctionAlias[0-9A-F]{8}$")),
                        "RULE_COPIES_PATH", "aws-service-rule/config-multiaccountsetup.amazonaws.com/")))));
        central.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(BUFFER, "Arn")),
                "BatchSize", 100, "MaximumBatchingWindowInSeconds", 60,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", 2)));
    }

    @Test
    void theTriggerRoleMayAssumeOnlyTheReEvaluationRoleInTheOrganizationAndDoAtHomeWhatThatRoleDoes() {
        central.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Effect", "Allow", "Principal", Map.of("Service", "lambda.amazonaws.com")))),
                "ManagedPolicyArns", Match.absent(),
                "Policies", List.of(Map.of("PolicyName", "trigger-re-evaluation", "PolicyDocument", Match.exact(Map.of(
                        "Version", "2012-10-17", "Statement", List.of(
                                Map.of("Sid", "AssumeMemberReEvaluationRole", "Effect", "Allow", "Action", "sts:AssumeRole",
                                        "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", PARTITION,
                                                ":iam::*:role/IamUserSetupKeysReEvaluation"))),
                                        "Condition", Match.exact(Map.of("StringEquals", Match.exact(Map.of(
                                                "aws:ResourceOrgID", "o-a1b2c3d4e5"))))),
                                allow("StartReEvaluationOfTheRulesCopy", Map.of("Fn::Join", List.of("", List.of("arn:",
                                        PARTITION, ":config:eu-west-1:", OWN_ACCOUNT,
                                        ":config-rule/aws-service-rule/config-multiaccountsetup.amazonaws.com/*"))),
                                        "config:StartConfigRulesEvaluation"),
                                allow("FindTheRulesCopy", "*", "config:DescribeConfigRules"),
                                allow("ReadAndWriteDebounceState", Map.of("Fn::GetAtt", List.of(TABLE, "Arn")),
                                        List.of("dynamodb:GetItem", "dynamodb:PutItem")),
                                allow("ConsumeBuffer", Map.of("Fn::GetAtt", List.of(BUFFER, "Arn")),
                                        List.of("sqs:ChangeMessageVisibility", "sqs:DeleteMessage",
                                                "sqs:GetQueueAttributes", "sqs:ReceiveMessage")),
                                allow("WriteOwnLogs", Map.of("Fn::GetAtt", List.of(LOGS, "Arn")),
                                        List.of("logs:CreateLogStream", "logs:PutLogEvents")))))))));
    }

    @Test
    void eachMembersReEvaluationRoleTrustsTheTriggerRoleAloneAndMayOnlyStartAndFindTheCopy() {
        member.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                "RoleName", "IamUserSetupKeysReEvaluation",
                "AssumeRolePolicyDocument", Match.exact(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Effect", "Allow",
                        "Principal", Map.of("AWS", Map.of("Ref", "TriggerFunctionRoleArn")))))),
                "ManagedPolicyArns", Match.absent(),
                "Policies", Match.exact(List.of(Map.of("PolicyName", "re-evaluate-rule-copy", "PolicyDocument", Map.of(
                        "Version", "2012-10-17", "Statement", List.of(
                                allow("StartReEvaluationOfTheRulesCopy", Map.of("Fn::Join", List.of("", List.of("arn:",
                                        PARTITION, ":config:", Map.of("Ref", "AWS::Region"), ":", OWN_ACCOUNT,
                                        ":config-rule/aws-service-rule/config-multiaccountsetup.amazonaws.com/*"))),
                                        "config:StartConfigRulesEvaluation"),
                                allow("FindTheRulesCopy", "*", "config:DescribeConfigRules")))))))));
        member.hasParameter("TriggerFunctionRoleArn", Map.of("Type", "String",
                "AllowedPattern", "^arn:aws[a-z-]*:iam::\\d{12}:role/\\S+$"));
    }

    @Test
    void alarmsGoOffOnTheTriggersFirstErrorAndOnAnEventInItsDeadLetters() {
        central.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmDescription", Match.stringLikeRegexp("^The near-real-time trigger.*accounts its log line names"),
                "Namespace", "AWS/Lambda", "MetricName", "Errors", "Threshold", 1,
                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref",
                        Match.stringLikeRegexp("^NearRealTimeTriggerFunction[0-9A-F]{8}$"))))));
        central.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmDescription", Match.stringLikeRegexp("dead-letter queue"),
                "Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 1,
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value",
                        Map.of("Fn::GetAtt", List.of(DEAD_LETTERS, "QueueName"))))));
    }

    @Test
    void outputsWhatAHandDeployedForwardingStackNeeds() {
        central.hasOutput("CredentialEventBusArn", Map.of("Value", BUS_ARN));
        central.hasOutput("TriggerFunctionRoleArn", Map.of("Value", Map.of("Fn::GetAtt", List.of(TRIGGER_ROLE, "Arn"))));
        central.hasOutput("EventForwardingStackSetId", Map.of("Value", Map.of("Ref",
                Match.stringLikeRegexp("^NearRealTimeMemberEventForwarding"))));
        assertThat(synthesized.outdir().resolve("assembly-" + OrganizationApp.FORWARDING_STAGE_ID)).isDirectory();
    }

    @Test
    void cdkNagLeavesNoUnsuppressedErrorOrWarningOnTheForwardingStack() {
        assertThat(synthesized.forwardingAnnotations().findError("*", Match.stringLikeRegexp("AwsSolutions-.*")))
                .isEmpty();
        assertThat(synthesized.forwardingAnnotations().findWarning("*", Match.anyValue())).isEmpty();
        assertThat(forwarding.findResources("AWS::IAM::Role", Map.of("Metadata", Map.of("cdk_nag", Match.anyValue()))))
                .as("nothing suppressed").isEmpty();
    }

    private static Map<String, Object> allow(String sid, Object resource, Object actions) {
        return Map.of("Sid", sid, "Effect", "Allow", "Action", actions, "Resource", resource);
    }
}
