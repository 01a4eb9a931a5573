package io.github.setupkeys.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Near-real-time detection for a rule outside us-east-1, with every option changed, and turned off: the
 * forwarding stack, the limits from the context, and nothing at all when switched off.
 */
@ExtendWith(RequiresNode.class)
class NearRealTimeContextTest {

    private static final Map<String, Object> EU_WEST_1_BUS = Map.of("Fn::Join", List.of("", List.of("arn:",
            Map.of("Ref", "AWS::Partition"), ":events:eu-west-1:", Map.of("Ref", "AWS::AccountId"), ":event-bus/default")));

    private static Template rule;
    private static String regionGuard;
    private static Stack forwardingStack;
    private static SynthesizedStack forwarding;
    private static App off;
    private static Template withoutNearRealTime;

    @BeforeAll
    static void synthesize(@TempDir Path workDirectory) {
        App app = SynthesizedStack.app(Map.of(
                "ruleRegion", "eu-west-1",
                "nearRealTimeBatchingWindowSeconds", 0,
                "nearRealTimeMinimumIntervalSeconds", 600,
                "nearRealTimeDailyCap", "4"), workDirectory.resolve("eu"));
        SetupKeysStack ruleStack = SetupKeysApp.define(app);
        rule = SynthesizedStack.of(ruleStack).template();
        regionGuard = NearRealTimeTriggerTest.regionGuard(ruleStack);
        forwardingStack = (Stack) app.getNode().findChild(IamEventForwardingStack.STACK_ID);
        forwarding = SynthesizedStack.of(forwardingStack);

        off = SynthesizedStack.app(Map.of("nearRealTime", "false", "ruleRegion", "eu-west-1"), workDirectory.resolve("off"));
        withoutNearRealTime = SynthesizedStack.of(SetupKeysApp.define(off)).template();
    }

    @Test
    void aRuleOutsideUsEast1GetsAForwardingStackInUsEast1() {
        assertThat(forwardingStack.getRegion()).isEqualTo("us-east-1");
        assertThat(forwardingStack.getStackName()).isEqualTo("IamUserSetupKeysEventForwarding");
    }

    @Test
    void theForwardingRuleSendsTheSameEventsOfThisAccountOnlyToTheRuleRegionsDefaultBusWithItsRole() {
        forwarding.template().resourceCountIs("AWS::Events::Rule", 1);
        forwarding.template().hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Match.exact(NearRealTimeTriggerTest.CREDENTIAL_EVENTS),
                "EventBusName", Match.absent(),
                "Targets", Match.exact(List.of(Map.of("Id", "Target0", "Arn", EU_WEST_1_BUS,
                        "RoleArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^ForwardingRole"), "Arn")))))));
    }

    @Test
    void theForwardingRoleIsForEventBridgeOfThisAccountAndMayOnlyPutEventsOnThatBus() {
        forwarding.template().resourceCountIs("AWS::IAM::Role", 1);
        forwarding.template().resourceCountIs("AWS::IAM::Policy", 0);
        forwarding.template().hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Effect", "Allow",
                        "Principal", Map.of("Service", "events.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")))))),
                "Policies", Match.exact(List.of(Map.of("PolicyName", "forward-iam-events", "PolicyDocument", Map.of(
                        "Version", "2012-10-17", "Statement", List.of(Map.of("Sid", "PutOnTheRuleRegionsDefaultBus",
                                "Effect", "Allow", "Action", "events:PutEvents", "Resource", EU_WEST_1_BUS))))))));
    }

    @Test
    void theForwardingStackIsCleanForCdkNag() {
        assertThat(forwarding.annotations().findError("*", Match.anyValue())).isEmpty();
        assertThat(forwarding.annotations().findWarning("*", Match.anyValue())).isEmpty();
    }

    @Test
    void theRuleStackIsBoundToTheRuleRegion() {
        rule.templateMatches(Map.of("Rules", Match.objectLike(Map.of(regionGuard, Map.of("Assertions", List.of(Map.of(
                "Assert", Map.of("Fn::Equals", List.of(Map.of("Ref", "AWS::Region"), "eu-west-1")),
                "AssertDescription", Match.anyValue())))))));
    }

    @Test
    void theLimitsComeFromTheContext() {
        rule.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables", Match.objectLike(Map.of(
                "MINIMUM_INTERVAL_SECONDS", "600", "DAILY_CAP", "4")))));
    }

    @Test
    void withoutABatchingWindowBatchesAreAtMostTenMessages() {
        rule.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "BatchSize", 10, "MaximumBatchingWindowInSeconds", Match.absent()));
    }

    @Test
    void turnedOffNothingOfItIsDeployed() {
        assertThat(off.getNode().tryFindChild(IamEventForwardingStack.STACK_ID)).isNull();
        withoutNearRealTime.resourceCountIs("AWS::Events::Rule", 0);
        withoutNearRealTime.resourceCountIs("AWS::DynamoDB::Table", 0);
        withoutNearRealTime.resourceCountIs("AWS::Lambda::EventSourceMapping", 0);
        withoutNearRealTime.resourceCountIs("AWS::Lambda::Function", 1);
        withoutNearRealTime.resourceCountIs("AWS::IAM::Role", 2);
        withoutNearRealTime.resourceCountIs("AWS::SQS::Queue", 1);
        withoutNearRealTime.templateMatches(Map.of("Rules", Match.exact(Map.of("CheckBootstrapVersion", Match.anyValue()))));
    }
}
