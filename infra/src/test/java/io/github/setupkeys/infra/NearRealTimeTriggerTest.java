package io.github.setupkeys.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Matcher;
import software.amazon.awscdk.assertions.Template;

/** Near-real-time detection as the app deploys it by default, for a rule in us-east-1 (no forwarding). */
@ExtendWith(RequiresNode.class)
class NearRealTimeTriggerTest {

    private static final Matcher BUFFER = Match.stringLikeRegexp("^NearRealTimeBuffer[0-9A-F]{8}$");
    private static final Matcher DEAD_LETTERS = Match.stringLikeRegexp("^NearRealTimeBufferDeadLetters[0-9A-F]{8}$");
    private static final Matcher EVENT_RULE = Match.stringLikeRegexp("^NearRealTimeCredentialEvents[0-9A-F]{8}$");
    private static final Matcher TABLE = Match.stringLikeRegexp("^NearRealTimeDebounceState[0-9A-F]{8}$");
    private static final Matcher LOGS = Match.stringLikeRegexp("^NearRealTimeTriggerFunctionLogs[0-9A-F]{8}$");
    private static final Matcher ALIAS = Match.stringLikeRegexp("^NearRealTimeTriggerFunctionAlias[0-9A-F]{8}$");
    private static final Matcher ROLE = Match.stringLikeRegexp("^NearRealTimeTriggerFunctionRole[0-9A-F]{8}$");

    /** The pattern of the calls that can change a verdict, of this account only, as EventBridge gets it. */
    static final Map<String, Object> CREDENTIAL_EVENTS = Map.of(
            "account", List.of(Map.of("Ref", "AWS::AccountId")),
            "source", List.of("aws.iam"),
            "detail-type", List.of("AWS API Call via CloudTrail"),
            "detail", Map.of(
                    "eventSource", List.of("iam.amazonaws.com"),
                    "eventName", List.of("CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey", "CreateLoginProfile",
                            "UpdateLoginProfile", "DeleteLoginProfile", "CreateUser", "DeleteUser"),
                    "errorCode", List.of(Map.of("exists", false))));

    private static SynthesizedStack synthesized;
    private static Template template;
    private static App app;
    private static String regionGuard;

    @BeforeAll
    static void synthesize(@TempDir Path workDirectory) {
        app = SynthesizedStack.app(Map.of("ruleRegion", "us-east-1"), workDirectory);
        SetupKeysStack stack = SetupKeysApp.define(app);
        synthesized = SynthesizedStack.of(stack);
        template = synthesized.template();
        regionGuard = regionGuard(stack);
    }

    /** The logical id of the template rule that binds the stack to its region. */
    static String regionGuard(SetupKeysStack stack) {
        return stack.getLogicalId((CfnElement) stack.getNode().findChild("NearRealTime").getNode()
                .findChild("DeployedInTheRuleRegion"));
    }

    @Test
    void eventPatternIsTheVerdictChangingIamCallsOfThisAccountThatSucceededOnTheDefaultBus() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Match.exact(CREDENTIAL_EVENTS),
                "EventBusName", Match.absent(),
                "State", "ENABLED",
                "Targets", Match.exact(List.of(Map.of("Id", "Target0", "Arn", Map.of("Fn::GetAtt", List.of(BUFFER, "Arn")))))));
    }

    @Test
    void onlyEventBridgeForThisRuleMaySendToTheBufferEveryoneElseIsDeniedAndOnlyOverTls() {
        template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                "Queues", List.of(Map.of("Ref", BUFFER)),
                "PolicyDocument", Map.of("Statement", Match.exact(Stream.concat(Stream.of(
                        Map.of("Effect", "Deny", "Principal", Map.of("AWS", "*"), "Action", "sqs:*",
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")),
                                "Resource", Map.of("Fn::GetAtt", List.of(BUFFER, "Arn")))),
                        onlyTheRuleSendsAndOnlyTheTriggerReads(BUFFER, EVENT_RULE, ROLE).stream()).toList()))));
    }

    /** The buffer's statements beyond TLS: only {@code rule} may send, only {@code role} may receive. */
    static List<Map<String, Object>> onlyTheRuleSendsAndOnlyTheTriggerReads(Matcher buffer, Matcher rule, Matcher role) {
        Map<String, Object> queue = Map.of("Fn::GetAtt", List.of(buffer, "Arn"));
        Map<String, Object> ruleArn = Map.of("Fn::GetAtt", List.of(rule, "Arn"));
        return List.of(
                Map.of("Sid", "CredentialEventsFromEventBridge", "Effect", "Allow",
                        "Principal", Map.of("Service", "events.amazonaws.com"), "Action", "sqs:SendMessage",
                        "Resource", queue, "Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", ruleArn))),
                Map.of("Sid", "OnlyTheCredentialEventsRuleSends", "Effect", "Deny",
                        "Principal", Map.of("AWS", "*"), "Action", "sqs:SendMessage",
                        "Resource", queue, "Condition", Map.of("ArnNotEquals", Map.of("aws:SourceArn", ruleArn))),
                Map.of("Sid", "OnlyTheTriggerReads", "Effect", "Deny",
                        "Principal", Map.of("AWS", "*"), "Action", "sqs:ReceiveMessage", "Resource", queue,
                        "Condition", Map.of("ArnNotEquals", Map.of("aws:PrincipalArn",
                                Map.of("Fn::GetAtt", List.of(role, "Arn"))))));
    }

    @Test
    void noOneMayReadTheDeadLettersUnlessTheDeploymentNamesReaders() {
        template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                "Queues", List.of(Map.of("Ref", DEAD_LETTERS)),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Map.of(
                        "Sid", "OnlyTheNamedReadersRead", "Effect", "Deny", "Principal", Map.of("AWS", "*"),
                        "Action", "sqs:ReceiveMessage",
                        "Resource", Map.of("Fn::GetAtt", List.of(DEAD_LETTERS, "Arn"))))))));
    }

    @Test
    void alarmsGoOffOnTheTriggersFirstErrorAndOnAnEventInItsDeadLetters() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmDescription", Match.stringLikeRegexp("^The near-real-time trigger"),
                "Namespace", "AWS/Lambda", "MetricName", "Errors", "Statistic", "Sum", "Threshold", 1,
                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref",
                        Match.stringLikeRegexp("^NearRealTimeTriggerFunction[0-9A-F]{8}$"))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmDescription", Match.stringLikeRegexp("dead-letter queue"),
                "Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 1,
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value",
                        Map.of("Fn::GetAtt", List.of(DEAD_LETTERS, "QueueName"))))));
    }

    @Test
    void theBufferIsEncryptedKeepsWaitingEventsTwoWeeksAndHandsRepeatedFailuresToADeadLetterQueue() {
        template.hasResourceProperties("AWS::SQS::Queue", Match.exact(Map.of(
                "SqsManagedSseEnabled", true,
                "MessageRetentionPeriod", 1_209_600,
                "VisibilityTimeout", 360,
                "RedrivePolicy", Map.of("deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(DEAD_LETTERS, "Arn")),
                        "maxReceiveCount", 100))));
    }

    @Test
    void theQueueFeedsTheTriggersAliasInBatchesGatheredForAMinuteWithPartialFailures() {
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.exact(Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(BUFFER, "Arn")),
                "FunctionName", Map.of("Fn::Join", List.of("", List.of(Map.of("Fn::Select", List.of(6,
                        Map.of("Fn::Split", List.of(":", Map.of("Ref", ALIAS))))), ":live"))),
                "BatchSize", 100,
                "MaximumBatchingWindowInSeconds", 60,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", 2))));
    }

    @Test
    void theTriggerRunsOneAtATimeFromTheRuleJarWithSnapStart() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "io.github.setupkeys.trigger.TriggerHandler::handleRequest",
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "ReservedConcurrentExecutions", 1,
                "MemorySize", 512,
                "Timeout", 60,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "LoggingConfig", Map.of("LogFormat", "JSON", "LogGroup", Map.of("Ref", LOGS)),
                "Code", Map.of("S3Key", Match.stringLikeRegexp("^[0-9a-f]{64}\\.jar$"))));
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live", "FunctionVersion",
                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^NearRealTimeTriggerFunctionCurrentVersion"), "Version"))));
    }

    @Test
    void theTriggerIsToldTheRuleTheQueueTheTableTheDefaultLimitsAndThatOnlyThisAccountsEventsCount() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables", Match.exact(Map.of(
                "CONFIG_RULE_NAME", Map.of("Ref", "ConfigRule"),
                "QUEUE_URL", Map.of("Ref", BUFFER),
                "DEBOUNCE_TABLE", Map.of("Ref", TABLE),
                "MINIMUM_INTERVAL_SECONDS", "900",
                "DAILY_CAP", "12",
                "ALLOWED_ACCOUNTS", Map.of("Ref", "AWS::AccountId"))))));
    }

    @Test
    void roleAllowsExactlyTheTriggersCallsEachOnItsOneResource() {
        template.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Principal", Map.of("Service", "lambda.amazonaws.com")))),
                "ManagedPolicyArns", Match.absent(),
                "Policies", List.of(Map.of(
                        "PolicyName", "trigger-re-evaluation",
                        "PolicyDocument", Match.exact(Map.of("Version", "2012-10-17", "Statement", List.of(
                                allow("StartReEvaluation", Map.of("Fn::GetAtt", List.of("ConfigRule", "Arn")),
                                        "config:StartConfigRulesEvaluation"),
                                allow("ReadAndWriteDebounceState", Map.of("Fn::GetAtt", List.of(TABLE, "Arn")),
                                        List.of("dynamodb:GetItem", "dynamodb:PutItem")),
                                allow("ConsumeBuffer", Map.of("Fn::GetAtt", List.of(BUFFER, "Arn")),
                                        List.of("sqs:ChangeMessageVisibility", "sqs:DeleteMessage",
                                                "sqs:GetQueueAttributes", "sqs:ReceiveMessage")),
                                allow("WriteOwnLogs", Map.of("Fn::GetAtt", List.of(LOGS, "Arn")),
                                        List.of("logs:CreateLogStream", "logs:PutLogEvents")))))))));
        template.resourceCountIs("AWS::IAM::Policy", 1); // the rule function's ReadOwnResults, nothing added
    }

    @Test
    void theDebounceStateIsOneItemPerRuleOnDemandWithPointInTimeRecovery() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Match.exact(Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "configRuleName", "KeyType", "HASH")),
                "AttributeDefinitions", List.of(Map.of("AttributeName", "configRuleName", "AttributeType", "S")),
                "BillingMode", "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))));
    }

    @Test
    void theStackRefusesToDeployOutsideTheRegionItWasSynthesizedFor() {
        template.templateMatches(Map.of("Rules", Match.objectLike(Map.of(regionGuard, Map.of("Assertions", List.of(Map.of(
                "Assert", Map.of("Fn::Equals", List.of(Map.of("Ref", "AWS::Region"), "us-east-1")),
                "AssertDescription", Match.stringLikeRegexp("synthesized for us-east-1: synthesize with -c ruleRegion="))))))));
    }

    @Test
    void aRuleInUsEast1NeedsNoForwardingStack() {
        assertThat(app.getNode().tryFindChild(IamEventForwardingStack.STACK_ID)).isNull();
    }

    @Test
    void cdkNagLeavesNoErrorOrWarningWithoutANewSuppression() {
        assertThat(synthesized.annotations().findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(synthesized.annotations().findWarning("*", Match.anyValue())).isEmpty();
        Map<String, Object> suppressed = Map.of("Metadata", Map.of("cdk_nag", Match.anyValue()));
        assertThat(template.findResources("AWS::SQS::Queue", suppressed)).as("only the rule's failure queue").hasSize(1);
        assertThat(template.findResources("AWS::IAM::Role", suppressed)).as("the rule's and the remediation's").hasSize(2);
    }

    private static Map<String, Object> allow(String sid, Object resource, Object actions) {
        return Map.of("Sid", sid, "Effect", "Allow", "Action", actions, "Resource", resource);
    }
}
