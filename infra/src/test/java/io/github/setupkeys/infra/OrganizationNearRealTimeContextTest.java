package io.github.setupkeys.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;

/** The organization's near-real-time detection with its context options changed, or turned off. */
@ExtendWith(RequiresNode.class)
class OrganizationNearRealTimeContextTest {

    @Test
    void turnedOffNothingOfItIsDeployedAnywhere(@TempDir Path work) {
        SynthesizedOrganization off = SynthesizedOrganization.synthesize(Map.of("nearRealTime", "false"), work);

        off.central().resourceCountIs("AWS::Events::EventBus", 0);
        off.central().resourceCountIs("AWS::Events::Rule", 0);
        off.central().resourceCountIs("AWS::DynamoDB::Table", 0);
        off.central().resourceCountIs("AWS::CloudFormation::StackSet", 1);
        off.central().resourceCountIs("AWS::Lambda::Function", 1);
        off.member().templateMatches(Map.of("Parameters", Match.exact(Map.of("RuleFunctionRoleArn", Match.anyValue()))));
        assertThat(off.member().findResources("AWS::IAM::Role", Map.of("Properties", Map.of("RoleName",
                "IamUserSetupKeysReEvaluation")))).isEmpty();
        assertThat(off.forwarding()).isNull();
        assertThat(off.outdir().resolve("assembly-" + OrganizationApp.FORWARDING_STAGE_ID)).doesNotExist();
    }

    @Test
    void theLimitsAndTheAccountsLeftOutReachTheTriggerAndTheForwardingStackSetOnly(@TempDir Path work) {
        SynthesizedOrganization synthesized = SynthesizedOrganization.synthesize(Map.of(
                "centralAccount", "delegatedAdministrator",
                "excludedAccounts", "111122223333",
                "nearRealTimeExcludedAccounts", List.of("444455556666"),
                "nearRealTimeMinimumIntervalSeconds", 1800,
                "nearRealTimeDailyCap", "4",
                "nearRealTimeBatchingWindowSeconds", 120), work);

        Map<String, Object> variables = Map.of("MINIMUM_INTERVAL_SECONDS", "1800", "DAILY_CAP", "4",
                "EXCLUDED_ACCOUNTS", "111122223333,444455556666");
        synthesized.central().hasResourceProperties("AWS::Lambda::Function",
                Map.of("Environment", Map.of("Variables", Match.objectLike(variables))));
        synthesized.central().hasResourceProperties("AWS::Lambda::EventSourceMapping",
                Map.of("MaximumBatchingWindowInSeconds", 120));
        synthesized.central().hasResourceProperties("AWS::CloudFormation::StackSet", Map.of(
                "StackSetName", "IamUserSetupKeysMemberEventForwarding", "CallAs", "DELEGATED_ADMIN",
                "StackInstancesGroup", List.of(Map.of("DeploymentTargets", targets("111122223333", "444455556666")))));
        synthesized.central().hasResourceProperties("AWS::CloudFormation::StackSet", Map.of(
                "StackSetName", "IamUserSetupKeysMemberAccounts",
                "StackInstancesGroup", List.of(Map.of("DeploymentTargets", targets("111122223333")))));
    }

    @Test
    void withAConformancePackTheCopiesAreLookedForAndStartedUnderThePacksPath(@TempDir Path work) {
        SynthesizedOrganization synthesized = SynthesizedOrganization.synthesize(Map.of("evaluateWith",
                "conformancePack"), work);
        Map<String, Object> startsPackCopies = Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                "Sid", "StartReEvaluationOfTheRulesCopy",
                "Resource", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
                        ":config-rule/aws-service-rule/config-conforms.amazonaws.com/*")))))))));

        synthesized.central().hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("RULE_COPIES_PATH", "aws-service-rule/config-conforms.amazonaws.com/")))));
        synthesized.central().hasResourceProperties("AWS::IAM::Role", Map.of("Policies", List.of(Map.of(
                "PolicyName", "trigger-re-evaluation", "PolicyDocument", startsPackCopies))));
        synthesized.member().hasResourceProperties("AWS::IAM::Role", Map.of("RoleName", "IamUserSetupKeysReEvaluation",
                "Policies", List.of(Map.of("PolicyDocument", startsPackCopies))));
    }

    private static Object targets(String... excluded) {
        return Match.exact(Map.of("OrganizationalUnitIds", List.of("ou-ab12-cdef3456"), "AccountFilterType", "DIFFERENCE",
                "Accounts", List.of(excluded)));
    }
}
