package io.github.setupkeys.infra;

import static io.github.setupkeys.infra.ExpectedPolicy.allow;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.rule.domain.RuleMetadata;
import java.nio.charset.StandardCharsets;
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

/**
 * The organization deployment as {@code cdk synth -c deployment=organization -c evaluationRegion=eu-west-1
 * -c organizationalUnitIds=ou-ab12-cdef3456} builds it: every other choice at its default.
 */
@ExtendWith(RequiresNode.class)
class OrganizationStackTest {

    private static final Matcher ALIAS = Match.stringLikeRegexp("^RuleFunctionAlias[0-9A-F]{8}$");
    private static final Map<String, Object> FUNCTION_ROLE_ARN =
            Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^RuleFunctionRole[0-9A-F]{8}$"), "Arn"));
    private static final Map<String, Object> EVERY_USER = Map.of("Fn::Join", List.of("", List.of(
            "arn:", Map.of("Ref", "AWS::Partition"), ":iam::", Map.of("Ref", "AWS::AccountId"), ":user/*")));

    private static SynthesizedOrganization synthesized;
    private static Template central;
    private static Template member;

    @BeforeAll
    static void synthesize(@TempDir Path workDirectory) throws Exception {
        // As if an earlier synthesis with evaluateWith=conformancePack had left its pack in cdk.out.
        Files.createDirectories(workDirectory.resolve("cdk.out"));
        Files.writeString(workDirectory.resolve("cdk.out").resolve(ConformancePackTemplate.FILE_NAME), "stale");
        synthesized = SynthesizedOrganization.synthesize(Map.of(), workDirectory);
        central = synthesized.central();
        member = synthesized.member();
    }

    @Test
    void theOrganizationRuleInvokesTheAliasOnIamUserChangesAndEveryDay() {
        central.resourceCountIs("AWS::Config::OrganizationConfigRule", 1);
        central.hasResourceProperties("AWS::Config::OrganizationConfigRule", Match.exact(Map.of(
                "OrganizationConfigRuleName", RuleMetadata.RULE_NAME,
                "OrganizationCustomRuleMetadata", Match.exact(Map.of(
                        "Description", RuleMetadata.DESCRIPTION,
                        "LambdaFunctionArn", Map.of("Ref", ALIAS),
                        "OrganizationConfigRuleTriggerTypes", List.of("ConfigurationItemChangeNotification",
                                "OversizedConfigurationItemChangeNotification", "ScheduledNotification"),
                        "MaximumExecutionFrequency", "TwentyFour_Hours",
                        "ResourceTypesScope", List.of("AWS::IAM::User"),
                        "InputParameters", Match.anyValue())))));
    }

    @Test
    void theOrganizationRulePassesTheRuleParametersAndTheExecutionRoleName() {
        central.hasResourceProperties("AWS::Config::OrganizationConfigRule", Map.of("OrganizationCustomRuleMetadata",
                Map.of("InputParameters", Match.serializedJson(Match.exact(Map.of(
                        "setupWindowSeconds", "3600", "requireNeverUsed", "true", "includeInactiveKeys", "false",
                        "refreshDays", "7", "recordUnchanged", "false",
                        "executionRoleName", "IamUserSetupKeysRuleExecution"))))));
    }

    @Test
    void theOrganizationRuleWaitsForTheInvokePermissionAndTheMemberAccounts() {
        central.hasResource("AWS::Config::OrganizationConfigRule", Map.of(
                "DependsOn", List.of("ConfigInvokesRuleFunction", "MemberAccounts")));
    }

    @Test
    void configOfTheOrganizationsAccountsMayInvokeTheAliasAndNothingElse() {
        central.resourceCountIs("AWS::Lambda::Permission", 1);
        central.hasResourceProperties("AWS::Lambda::Permission", Match.exact(Map.of(
                "Action", "lambda:InvokeFunction",
                "FunctionName", Map.of("Ref", ALIAS),
                "Principal", "config.amazonaws.com")));
    }

    @Test
    void theFunctionRoleMayAssumeOnlyTheMemberExecutionRoleByNameInTheOrganizationAndReadItsCopysResults() {
        // The function's and the near-real-time trigger's: remediation lives in the member accounts.
        central.resourceCountIs("AWS::IAM::Role", 2);
        central.resourceCountIs("AWS::IAM::Policy", 1);
        central.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("^RuleFunctionRole"))),
                "PolicyDocument", Match.exact(Map.of("Version", "2012-10-17", "Statement", List.of(
                        Map.of("Sid", "AssumeMemberExecutionRole", "Effect", "Allow", "Action", "sts:AssumeRole",
                                "Resource", Map.of("Fn::Join", List.of("", List.of("arn:",
                                        Map.of("Ref", "AWS::Partition"), ":iam::*:role/IamUserSetupKeysRuleExecution"))),
                                "Condition", Match.exact(Map.of("StringEquals", Match.exact(Map.of(
                                        "aws:ResourceOrgID", "o-a1b2c3d4e5"))))),
                        allow("ReadOwnResults", Map.of("Fn::Join", List.of("", List.of("arn:",
                                Map.of("Ref", "AWS::Partition"), ":config:eu-west-1:", Map.of("Ref", "AWS::AccountId"),
                                ":config-rule/aws-service-rule/config-multiaccountsetup.amazonaws.com/*"))),
                                "config:GetComplianceDetailsByConfigRule"))))));
    }

    @Test
    void everyAssumeRoleTheFunctionMayMakeCarriesTheOrganizationCondition() {
        List<Map<String, Object>> statements = new java.util.ArrayList<>();
        central.findResources("AWS::IAM::Policy").values().forEach(policy -> statements.addAll(
                statementsOf(properties(policy).get("PolicyDocument"))));
        central.findResources("AWS::IAM::Role").values().forEach(role -> inlinePolicies(role).forEach(
                inline -> statements.addAll(statementsOf(inline.get("PolicyDocument")))));

        List<Map<String, Object>> assumeRole = statements.stream()
                .filter(statement -> String.valueOf(statement.get("Action")).contains("sts:AssumeRole")).toList();
        assertThat(assumeRole).isNotEmpty().allSatisfy(statement -> assertThat(statement.get("Condition"))
                .isEqualTo(Map.of("StringEquals", Map.of("aws:ResourceOrgID", "o-a1b2c3d4e5"))));
    }

    @Test
    void theFunctionRoleEvaluatesTheCentralAccountLikeTheSingleAccountOne() {
        central.hasResourceProperties("AWS::IAM::Role", Map.of("Policies", List.of(Map.of(
                "PolicyName", "evaluate-iam-users",
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Sid", "ReadUsers", "Resource", EVERY_USER)))))))));
    }

    @Test
    void theStackSetIsServiceManagedAndDeploysToEveryAccountOfTheUnitsNowAndLater() {
        central.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of(
                "StackSetName", "IamUserSetupKeysMemberAccounts",
                "PermissionModel", "SERVICE_MANAGED",
                "CallAs", "SELF",
                "AutoDeployment", Match.exact(Map.of("Enabled", true, "RetainStacksOnAccountRemoval", false)),
                "Capabilities", List.of("CAPABILITY_NAMED_IAM"),
                "StackInstancesGroup", Match.exact(List.of(Map.of(
                        "DeploymentTargets", Match.exact(Map.of("OrganizationalUnitIds", List.of("ou-ab12-cdef3456"))),
                        "Regions", List.of("eu-west-1"))))));
    }

    @Test
    void theStackSetPassesTheFunctionRoleArnAndTheTriggerRoleArnToTheMemberTemplate() {
        central.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of(
                "StackSetName", "IamUserSetupKeysMemberAccounts",
                "Parameters", Match.exact(List.of(
                        Map.of("ParameterKey", "RuleFunctionRoleArn", "ParameterValue", FUNCTION_ROLE_ARN),
                        Map.of("ParameterKey", "TriggerFunctionRoleArn", "ParameterValue", Map.of("Fn::GetAtt",
                                List.of(Match.stringLikeRegexp("^NearRealTimeTriggerFunctionRole[0-9A-F]{8}$"), "Arn")))))));
        member.hasParameter("RuleFunctionRoleArn", Map.of("Type", "String"));
        member.hasParameter("TriggerFunctionRoleArn", Map.of("Type", "String"));
    }

    @Test
    void theMemberTemplateFitsTheStackSetsTemplateBodyAndNeedsNoCdkBootstrap() {
        assertThat(synthesized.memberTemplateBody().getBytes(StandardCharsets.UTF_8))
                .as("CloudFormation's TemplateBody limit").hasSizeLessThan(51_200);
        member.templateMatches(Map.of("Parameters", Match.exact(Map.of("RuleFunctionRoleArn", Match.anyValue(),
                "TriggerFunctionRoleArn", Match.anyValue())), "Rules", Match.absent()));
    }

    @Test
    void theExecutionRoleTrustsOnlyTheCentralFunctionsRole() {
        member.hasResourceProperties("AWS::IAM::Role", Map.of(
                "RoleName", "IamUserSetupKeysRuleExecution",
                "AssumeRolePolicyDocument", Match.exact(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Effect", "Allow",
                        "Principal", Map.of("AWS", Map.of("Ref", "RuleFunctionRoleArn")))))),
                "ManagedPolicyArns", Match.absent()));
    }

    @Test
    void theExecutionRoleAllowsExactlyWhatTheRuleCallsInAMemberAccount() {
        member.hasResourceProperties("AWS::IAM::Role", Map.of(
                "RoleName", "IamUserSetupKeysRuleExecution",
                "Policies", List.of(Map.of("PolicyName", "evaluate-iam-users", "PolicyDocument", Match.exact(Map.of(
                        "Version", "2012-10-17", "Statement", List.of(
                                allow("ListUsersAndReadCredentialReport", "*", List.of("iam:GenerateCredentialReport",
                                        "iam:GetCredentialReport", "iam:ListUsers")),
                                allow("ReadUsers", EVERY_USER, List.of("iam:GetAccessKeyLastUsed",
                                        "iam:GetLoginProfile", "iam:GetUser", "iam:ListAccessKeys", "iam:ListUserTags")),
                                allow("ReportEvaluations", "*",
                                        List.of("config:GetResourceConfigHistory", "config:PutEvaluations")),
                                allow("ReadOwnResults", Map.of("Fn::Join", List.of("", List.of("arn:",
                                        Map.of("Ref", "AWS::Partition"), ":config:", Map.of("Ref", "AWS::Region"), ":",
                                        Map.of("Ref", "AWS::AccountId"),
                                        ":config-rule/aws-service-rule/config-multiaccountsetup.amazonaws.com/*"))),
                                        "config:GetComplianceDetailsByConfigRule"))))))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMemberAccountGetsTheRemediationDocumentAndRoleUnderFixedNames() throws Exception {
        Map<String, Object> written = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(SynthesizedStack.REMEDIATION_DOCUMENT));
        Map<String, Object> parameters = new java.util.LinkedHashMap<>((Map<String, Object>) written.get("parameters"));
        parameters.remove("AutomationAssumeRole"); // its default is the member role: below
        member.hasResourceProperties("AWS::SSM::Document", Map.of(
                "Name", "IamUserSetupKeysRemediation", "DocumentType", "Automation", "UpdateMethod", "NewVersion",
                "Content", Map.of("mainSteps", written.get("mainSteps"), "parameters", Match.objectLike(parameters))));
        member.hasResourceProperties("AWS::SSM::Document", Map.of("Content", Map.of("parameters", Map.of(
                "AutomationAssumeRole", Map.of("default", Map.of("Fn::GetAtt", List.of(
                        Match.stringLikeRegexp("^RemediationRole"), "Arn")))))));
        member.hasResourceProperties("AWS::IAM::Role", Map.of(
                "RoleName", "IamUserSetupKeysRemediation",
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Effect", "Allow",
                        "Principal", Map.of("Service", "ssm.amazonaws.com"),
                        "Condition", Match.exact(Map.of(
                                "StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")),
                                "ArnLike", Map.of("aws:SourceArn", Map.of("Fn::Join", List.of("", List.of("arn:",
                                        Map.of("Ref", "AWS::Partition"), ":ssm:", Map.of("Ref", "AWS::Region"), ":",
                                        Map.of("Ref", "AWS::AccountId"), ":automation-execution/*")))))))))));
        member.resourceCountIs("AWS::IAM::Role", 3); // and the execution and near-real-time re-evaluation roles
        member.resourceCountIs("AWS::SSM::Document", 1);
    }

    @Test
    void theCentralStackAlarmsOnTheFunctionsErrorsAndFailedInvocationsAndKeepsThemUnread() {
        central.resourceCountIs("AWS::CloudWatch::Alarm", 4); // and the near-real-time trigger's two
        central.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "AWS/Lambda", "MetricName", "Errors",
                "Threshold", 1, "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref",
                        Match.stringLikeRegexp("^RuleFunction[0-9A-F]{8}$"))))));
        central.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "AWS/SQS",
                "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 1));
        central.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Map.of("Sid", "OnlyTheNamedReadersRead", "Effect", "Deny",
                        "Principal", Map.of("AWS", "*"), "Action", "sqs:ReceiveMessage",
                        "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^FailedInvocations"), "Arn"))))))));
    }

    @Test
    void theCentralFunctionRunsAtMostFiftyAtOnceWhateverAccountsInvokeIt() {
        central.hasResourceProperties("AWS::Lambda::Function", Map.of("ReservedConcurrentExecutions", 50));
    }

    @Test
    void theCentralStackIsPinnedToTheEvaluationRegion() {
        assertThat(synthesized.centralRegion()).isEqualTo("eu-west-1");
    }

    @Test
    void outputsWhatTheConformancePackAndAHandDeployedMemberStackNeed() {
        central.hasOutput("FunctionAliasArn", Map.of("Value", Map.of("Ref", ALIAS)));
        central.hasOutput("FunctionRoleArn", Map.of("Value", FUNCTION_ROLE_ARN));
        central.hasOutput("OrganizationRuleName", Map.of("Value", Map.of("Ref", "OrganizationConfigRule")));
        central.hasOutput("MemberStackSetId", Map.of("Value", Map.of("Ref", "MemberAccounts")));
    }

    @Test
    void noConformancePackIsLeftInCdkOutWhenTheOrganizationRuleCarriesTheRule() {
        assertThat(synthesized.outdir().resolve(ConformancePackTemplate.FILE_NAME)).doesNotExist();
    }

    @Test
    void cdkNagLeavesNoUnsuppressedErrorOrWarningOnEitherStack() {
        assertThat(synthesized.centralAnnotations().findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(synthesized.centralAnnotations().findWarning("*", Match.anyValue())).isEmpty();
        assertThat(synthesized.memberAnnotations().findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(synthesized.memberAnnotations().findWarning("*", Match.anyValue())).isEmpty();
    }

    @Test
    void theAssumeRoleSuppressionNamesTheExecutionRoleAndNothingWider() {
        central.hasResource("AWS::IAM::Policy", Map.of("Metadata", Map.of("cdk_nag", Match.exact(Map.of(
                "rules_to_suppress", List.of(Map.of(
                        "id", "AwsSolutions-IAM5",
                        "reason", Match.stringLikeRegexp("role of that one name.*aws:ResourceOrgID.*service-linked path"),
                        "applies_to", List.of("Resource::arn:<AWS::Partition>:iam::*:role/IamUserSetupKeysRuleExecution",
                                "Resource::arn:<AWS::Partition>:config:eu-west-1:<AWS::AccountId>:config-rule/"
                                        + "aws-service-rule/config-multiaccountsetup.amazonaws.com/*"))))))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> inlinePolicies(Map<String, Object> role) {
        return (List<Map<String, Object>>) properties(role).getOrDefault("Policies", List.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statementsOf(Object document) {
        return (List<Map<String, Object>>) ((Map<String, Object>) document).get("Statement");
    }
}
