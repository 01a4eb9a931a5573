package io.github.setupkeys.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The organization deployment with its context options changed, typed as cdk.json or -c would type them. */
@ExtendWith(RequiresNode.class)
class OrganizationContextTest {

    /** An organization rule run from a delegated administrator, with exclusions and the rule's options changed. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OrganizationRule {

        private Template central;
        private Template member;

        @BeforeAll
        void synthesize(@TempDir Path workDirectory) {
            SynthesizedOrganization synthesized = SynthesizedOrganization.synthesize(Map.of(
                    "centralAccount", "delegatedAdministrator",
                    "excludedAccounts", List.of("111122223333", "444455556666"),
                    "executionRoleName", "Cis111Evaluation",
                    "maximumExecutionFrequency", "Six_Hours",
                    "setupWindowSeconds", 600,
                    "exemptTag", "break-glass=approved",
                    "refreshDays", 14), workDirectory);
            central = synthesized.central();
            member = synthesized.member();
        }

        @Test
        void excludedAccountsGetNeitherTheRuleNorTheMemberStack() {
            central.hasResourceProperties("AWS::Config::OrganizationConfigRule", Map.of(
                    "ExcludedAccounts", List.of("111122223333", "444455556666")));
            central.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of("StackInstancesGroup", List.of(
                    Map.of("DeploymentTargets", Match.exact(Map.of(
                            "OrganizationalUnitIds", List.of("ou-ab12-cdef3456"),
                            "AccountFilterType", "DIFFERENCE",
                            "Accounts", List.of("111122223333", "444455556666")))))));
        }

        @Test
        void aDelegatedAdministratorCreatesTheStackSetAsSuch() {
            central.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of("CallAs", "DELEGATED_ADMIN"));
        }

        @Test
        void theRuleOptionsReachTheOrganizationRule() {
            central.hasResourceProperties("AWS::Config::OrganizationConfigRule", Map.of("OrganizationCustomRuleMetadata",
                    Map.of("MaximumExecutionFrequency", "Six_Hours",
                            "InputParameters", Match.serializedJson(Match.exact(Map.of(
                                    "setupWindowSeconds", "600", "requireNeverUsed", "true",
                                    "includeInactiveKeys", "false", "exemptTag", "break-glass=approved",
                                    "refreshDays", "14", "recordUnchanged", "false",
                                    "executionRoleName", "Cis111Evaluation"))))));
        }

        @Test
        void aManualRunInAMemberAccountDecidesAsTheRuleDidWithNothingButTheUserId() {
            member.hasResourceProperties("AWS::SSM::Document", Map.of("Content", Map.of("parameters", Match.objectLike(Map.of(
                    "SetupWindowSeconds", Match.objectLike(Map.of("default", "600")),
                    "RequireNeverUsed", Match.objectLike(Map.of("default", true)),
                    "IncludeInactiveKeys", Match.objectLike(Map.of("default", false)),
                    "ExemptTag", Match.objectLike(Map.of("default", "break-glass=approved")),
                    "GracePeriodSeconds", Match.objectLike(Map.of("default", "3600")),
                    "AutomationAssumeRole", Match.objectLike(Map.of("default", Map.of("Fn::GetAtt",
                            List.of(Match.stringLikeRegexp("^RemediationRole"), "Arn")))))))));
        }

        @Test
        void theMemberRemediationRoleMayChangeNoKeyOfAUserCarryingTheExemptTag() {
            member.hasResourceProperties("AWS::IAM::Role", Map.of("RoleName", "IamUserSetupKeysRemediation",
                    "Policies", List.of(Map.of("PolicyName", "remediate-setup-keys", "PolicyDocument", Map.of(
                            "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                                    "Sid", "KeepKeysOfExemptUsers", "Effect", "Deny",
                                    "Condition", Map.of("StringEquals", Map.of(
                                            "aws:ResourceTag/break-glass", "approved")))))))))));
        }

        @Test
        void theExecutionRoleNameIsTheOneTheFunctionMayAssumeAndTheMembersCreate() {
            central.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                    Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Sid", "AssumeMemberExecutionRole",
                            "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                    ":iam::*:role/Cis111Evaluation"))))))))));
            member.hasResourceProperties("AWS::IAM::Role", Map.of("RoleName", "Cis111Evaluation"));
        }
    }

    /** A conformance pack instead of the rule, narrowed invoke permissions, automatic Delete remediation. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ConformancePack {

        private final Map<String, Object> context = Map.of(
                "evaluateWith", "conformancePack",
                "sourceAccounts", "111122223333,444455556666",
                "remediationAction", "Delete",
                "automaticRemediation", true);
        private SynthesizedOrganization synthesized;
        private Template central;

        @BeforeAll
        void synthesize(@TempDir Path workDirectory) {
            synthesized = SynthesizedOrganization.synthesize(context, workDirectory);
            central = synthesized.central();
        }

        @Test
        void listedSourceAccountsGetOneInvokePermissionEachAndNoOtherAccountDoes() {
            central.resourceCountIs("AWS::Lambda::Permission", 2);
            for (String account : List.of("111122223333", "444455556666")) {
                central.hasResourceProperties("AWS::Lambda::Permission", Match.exact(Map.of(
                        "Action", "lambda:InvokeFunction",
                        "FunctionName", Map.of("Ref", Match.stringLikeRegexp("^RuleFunctionAlias")),
                        "Principal", "config.amazonaws.com",
                        "SourceAccount", account)));
            }
        }

        @Test
        void theConformancePackCarriesTheRuleSoTheStackHasNoOrganizationRule() {
            central.resourceCountIs("AWS::Config::OrganizationConfigRule", 0);
            assertThat(central.findOutputs("OrganizationRuleName")).isEmpty();
        }

        @Test
        void theConformancePackIsWrittenNextToTheTemplates() throws Exception {
            Map<String, Object> all = SynthesizedOrganization.withDefaults(context, synthesized.outdir().getParent());
            DeploymentSettings settings = DeploymentSettings.fromContext(all::get);
            OrganizationSettings organization = OrganizationSettings.fromContext(all::get);

            assertThat(Files.readString(synthesized.outdir().resolve(ConformancePackTemplate.FILE_NAME)))
                    .isEqualTo(ConformancePackTemplate.yaml(settings, organization));
        }

        @Test
        void theResultsReadAreThoseOfTheConformancePacksRuleCopiesInBothAccounts() {
            Map<String, Object> copies = Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                    ":config:", Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"),
                    ":config-rule/aws-service-rule/config-conforms.amazonaws.com/*")));
            central.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                    Match.arrayWith(List.of(Match.objectLike(Map.of("Sid", "ReadOwnResults", "Resource",
                            Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                    ":config:eu-west-1:", Map.of("Ref", "AWS::AccountId"),
                                    ":config-rule/aws-service-rule/config-conforms.amazonaws.com/*"))))))))));
            synthesized.member().hasResourceProperties("AWS::IAM::Role", Map.of("Policies", List.of(Map.of(
                    "PolicyName", "evaluate-iam-users", "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                            Match.objectLike(Map.of("Sid", "ReadOwnResults", "Resource", copies)))))))));
        }

        @Test
        void theMemberRemediationRoleMayDeleteKeysBecauseTheDeploymentChoseDelete() {
            synthesized.member().hasResourceProperties("AWS::IAM::Role", Map.of(
                    "RoleName", "IamUserSetupKeysRemediation",
                    "Policies", List.of(Map.of("PolicyName", "remediate-setup-keys", "PolicyDocument", Map.of(
                            "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                                    "Sid", "RemediateSetupKeys",
                                    "Action", Match.arrayWith(List.of("iam:DeleteAccessKey")))))))))));
        }
    }

    @Test
    void automaticRemediationNeedsTheConformancePackBecauseOrganizationRulesTakeNoRemediation(@TempDir Path work) {
        assertThatThrownBy(() -> OrganizationApp.define(app(Map.of("automaticRemediation", true), work)))
                .hasMessageStartingWith("context automaticRemediation=true needs evaluateWith=conformancePack: AWS Config "
                        + "attaches no remediation to an organization rule");
    }

    @Test
    void anOrganizationRuleNameIsAtMost64Characters(@TempDir Path work) {
        assertThatThrownBy(() -> OrganizationApp.define(app(Map.of("ruleName", "r".repeat(65)), work)))
                .hasMessageContaining("is invalid for an organization rule: expected at most 64 characters");
    }

    @Test
    void theAppRefusesToDeployIamEvaluationToSeveralRegions(@TempDir Path work) {
        assertThatThrownBy(() -> OrganizationApp.define(app(Map.of("evaluationRegion", "us-east-1 us-west-2"), work)))
                .hasMessageContaining("names 2 regions: IAM is global");
    }

    private static App app(Map<String, Object> context, Path workDirectory) {
        return new App(AppProps.builder().outdir(workDirectory.resolve("cdk.out").toString())
                .context(SynthesizedOrganization.withDefaults(context, workDirectory)).build());
    }
}
