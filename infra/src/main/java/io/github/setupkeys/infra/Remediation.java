package io.github.setupkeys.infra;

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
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.ssm.CfnDocument;

/**
 * What the remediation needs in the account whose users it fixes: the SSM Automation document of
 * {@code remediation-ssm/}, the role SSM runs it with, and the parameters a remediation configuration passes it.
 * The single-account stack, the organization's member accounts and the conformance pack all take them from here.
 */
final class Remediation {

    /** Automatic remediation: at most this many attempts per finding, this far apart. */
    static final int AUTOMATIC_ATTEMPTS = 3;
    static final int AUTOMATIC_RETRY_SECONDS = 60;
    /** At most a tenth of the findings remediated at once, and stop when a tenth of them fail. */
    static final int RATE_PERCENT = 10;
    static final int ERROR_PERCENT = 10;

    private Remediation() {
    }

    /** The content of the document in {@code file}, as CloudFormation takes it (a YAML object, not a string). */
    static Object documentContent(Path file) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the remediation document " + file.toAbsolutePath() + ": "
                    + e.getMessage() + " (cdk synth runs from the repository root)", e);
        }
    }

    /**
     * The {@code allowedPattern} of one of the document's parameters, so that a template asking for the same
     * value accepts exactly what the document accepts.
     */
    @SuppressWarnings("unchecked")
    static String allowedPattern(DeploymentSettings settings, String parameter) {
        Map<String, Object> parameters = (Map<String, Object>) ((Map<String, Object>) documentContent(
                settings.remediationDocument())).get("parameters");
        Object spec = parameters == null ? null : parameters.get(parameter);
        Object pattern = spec instanceof Map<?, ?> map ? map.get("allowedPattern") : null;
        if (!(pattern instanceof String text)) {
            throw new IllegalStateException("the remediation document " + settings.remediationDocument()
                    + " declares no allowedPattern for its parameter " + parameter);
        }
        return text;
    }

    /** The document of {@code settings}, deployed as it is written; named {@code name} unless that is null. */
    static CfnDocument document(Stack stack, String id, DeploymentSettings settings, String name) {
        CfnDocument.Builder document = CfnDocument.Builder.create(stack, id)
                .documentType("Automation")
                .content(documentContent(settings.remediationDocument()));
        if (name != null) {
            // A named document cannot be replaced in place: an update adds a version (and makes it the default).
            document.name(name).updateMethod("NewVersion");
        }
        return document.build();
    }

    /**
     * The role SSM assumes to run the remediation in {@code stack}'s account: exactly the calls the document
     * makes. Deleting keys is allowed only when the deployment chose {@code Delete}. Named {@code name} unless
     * that is null.
     */
    static Role role(Stack stack, String id, DeploymentSettings settings, String name) {
        List<String> keyActions = new ArrayList<>(List.of("iam:GetAccessKeyLastUsed", "iam:GetLoginProfile",
                "iam:GetUser", "iam:ListAccessKeys", "iam:ListUserTags", "iam:UpdateAccessKey"));
        if (settings.remediationAction().equals("Delete")) {
            keyActions.add("iam:DeleteAccessKey");
        }
        Role role = Role.Builder.create(stack, id)
                .roleName(name)
                .assumedBy(new ServicePrincipal("ssm.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
                        .build()))
                .description("Runs the remediation of the " + settings.ruleName() + " AWS Config rule: "
                        + settings.remediationAction() + " setup access keys")
                .inlinePolicies(Map.of("remediate-setup-keys", PolicyDocument.Builder.create().statements(List.of(
                        // ListUsers supports no resource-level permissions (Service Authorization Reference).
                        Policies.allow("ResolveUserIdWithIam", "*", "iam:ListUsers"),
                        Policies.allow("RemediateSetupKeys", RuleFunction.everyUser(stack),
                                keyActions.toArray(String[]::new))))
                        .build()))
                .build();
        CdkNag.suppress(role, "AwsSolutions-IAM5",
                List.of("Resource::*", "Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*"),
                "* only for iam:ListUsers, which supports no resource-level permissions and resolves the Config "
                        + "resource id (the user id) to its user. user/* because any IAM user, on any path, can be "
                        + "a finding; the document re-checks each key before it changes it.");
        return role;
    }

    /**
     * The document's (and the conformance pack's) name for a rule parameter: the same name, capitalized
     * ({@code setupWindowSeconds}: {@code SetupWindowSeconds}).
     */
    static String parameterName(String ruleParameter) {
        return Character.toUpperCase(ruleParameter.charAt(0)) + ruleParameter.substring(1);
    }

    /**
     * The document's parameters as a remediation configuration passes them: the user id Config reports and the
     * rule's own criteria, exempt tag included, so the document removes exactly what the rule reports and leaves
     * alone a user tagged after the finding. PascalCase keys in a plain map: CloudFormation reads this property
     * as it is.
     */
    static Map<String, Object> parameters(Object automationAssumeRole, DeploymentSettings settings) {
        return parameters(automationAssumeRole, settings.remediationAction(),
                new LinkedHashMap<>(settings.ruleParameters().toMap()));
    }

    /**
     * The same, each value given as CloudFormation should write it (a string, or a {@code Ref}), by rule parameter
     * name; a rule parameter left out (the exempt tag, when none is set) keeps the document's default.
     */
    static Map<String, Object> parameters(Object automationAssumeRole, Object action,
            Map<String, Object> ruleParameters) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("AutomationAssumeRole", staticValue(automationAssumeRole));
        parameters.put("IAMResourceId", Map.of("ResourceValue", Map.of("Value", "RESOURCE_ID")));
        parameters.put("Action", staticValue(action));
        ruleParameters.forEach((name, value) -> parameters.put(parameterName(name), staticValue(value)));
        return parameters;
    }

    private static Map<String, Object> staticValue(Object value) {
        return Map.of("StaticValue", Map.of("Values", List.of(value)));
    }
}
