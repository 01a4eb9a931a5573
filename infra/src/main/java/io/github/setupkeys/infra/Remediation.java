package io.github.setupkeys.infra;

import io.github.setupkeys.rule.domain.ExemptTag;
import io.github.setupkeys.rule.domain.RuleParameters;
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
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
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
    /** The document's parameters the CDK app sets beyond the rule's own: its role, and the grace period of Delete. */
    static final String ASSUME_ROLE_PARAMETER = "AutomationAssumeRole";
    static final String GRACE_PERIOD_PARAMETER = "GracePeriodSeconds";

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

    /**
     * The document of {@code settings}, deployed as it is written but for its parameters' defaults, which are
     * the deployment's own: its role, the rule's criteria and exemption, its grace period. A run started by hand
     * with nothing but the user id then decides exactly as the rule did. Named {@code name} unless that is null.
     */
    static CfnDocument document(Stack stack, String id, DeploymentSettings settings, String name, Object role) {
        CfnDocument.Builder document = CfnDocument.Builder.create(stack, id)
                .documentType("Automation")
                .content(withDeploymentDefaults(documentContent(settings.remediationDocument()), settings, role));
        if (name != null) {
            // A named document cannot be replaced in place: an update adds a version (and makes it the default).
            document.name(name).updateMethod("NewVersion");
        }
        return document.build();
    }

    @SuppressWarnings("unchecked")
    private static Object withDeploymentDefaults(Object content, DeploymentSettings settings, Object role) {
        Map<String, Object> document = new LinkedHashMap<>((Map<String, Object>) content);
        Map<String, Object> parameters = new LinkedHashMap<>((Map<String, Object>) document.get("parameters"));
        RuleParameters rule = settings.ruleParameters();
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(ASSUME_ROLE_PARAMETER, role);
        defaults.put(parameterName(RuleParameters.SETUP_WINDOW_SECONDS), Long.toString(rule.setupWindowSeconds()));
        defaults.put(parameterName(RuleParameters.REQUIRE_NEVER_USED), rule.requireNeverUsed());
        defaults.put(parameterName(RuleParameters.INCLUDE_INACTIVE_KEYS), rule.includeInactiveKeys());
        defaults.put(parameterName(RuleParameters.EXEMPT_TAG), rule.exemptTag().map(Object::toString).orElse(""));
        defaults.put(GRACE_PERIOD_PARAMETER, Long.toString(settings.remediationGracePeriodSeconds()));
        defaults.forEach((parameter, value) -> {
            Object spec = parameters.get(parameter);
            if (!(spec instanceof Map<?, ?>)) {
                throw new IllegalStateException("the remediation document " + settings.remediationDocument()
                        + " declares no parameter " + parameter);
            }
            Map<String, Object> withDefault = new LinkedHashMap<>((Map<String, Object>) spec);
            withDefault.put("default", value);
            parameters.put(parameter, withDefault);
        });
        document.put("parameters", parameters);
        return document;
    }

    /**
     * The role SSM assumes to run the remediation in {@code stack}'s account: exactly the calls the document
     * makes. Deleting keys is allowed only when the deployment chose {@code Delete}. IAM itself holds what the
     * document promises: SSM may assume the role only for this account's automation executions, and with an
     * exemption tag no key of a user carrying it can be changed with the role, whatever document runs with it.
     * Named {@code name} unless that is null.
     */
    static Role role(Stack stack, String id, DeploymentSettings settings, String name) {
        List<String> keyActions = new ArrayList<>(List.of("iam:GetAccessKeyLastUsed", "iam:GetLoginProfile",
                "iam:GetUser", "iam:ListAccessKeys", "iam:ListUserTags", "iam:UpdateAccessKey"));
        if (settings.remediationAction().equals("Delete")) {
            keyActions.add("iam:DeleteAccessKey");
        }
        List<PolicyStatement> statements = new ArrayList<>(List.of(
                // ListUsers supports no resource-level permissions (Service Authorization Reference).
                Policies.allow("ResolveUserIdWithIam", "*", "iam:ListUsers"),
                Policies.allow("RemediateSetupKeys", RuleFunction.everyUser(stack), keyActions.toArray(String[]::new))));
        settings.ruleParameters().exemptTag().ifPresent(tag -> statements.add(keepKeysOfExemptUsers(stack, tag)));
        Role role = Role.Builder.create(stack, id)
                .roleName(name)
                .assumedBy(new ServicePrincipal("ssm.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(automationExecutionsOf(stack))
                        .build()))
                .description("Runs the remediation of the " + settings.ruleName() + " AWS Config rule: "
                        + settings.remediationAction() + " setup access keys")
                .inlinePolicies(Map.of("remediate-setup-keys", PolicyDocument.Builder.create().statements(statements)
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
     * SSM assumes the role for an automation execution of this account and region, and for nothing else (AWS's
     * confused-deputy guidance for Automation). Which document runs is not a condition IAM offers: that is what
     * restricting {@code iam:PassRole} on the role, and {@link #keepKeysOfExemptUsers}, are for.
     */
    private static Map<String, Object> automationExecutionsOf(Stack stack) {
        // Ordered: Map.of iterates in an order that changes from one JVM to the next, and so would the template.
        Map<String, Object> conditions = new LinkedHashMap<>();
        conditions.put("StringEquals", Map.of("aws:SourceAccount", stack.getAccount()));
        conditions.put("ArnLike", Map.of("aws:SourceArn", stack.formatArn(ArnComponents.builder().service("ssm")
                .resource("automation-execution").resourceName("*").build())));
        return conditions;
    }

    /**
     * An explicit Deny, so that no document run with the role can change a key of a user carrying the exemption
     * tag: the key alone (any value, {@code Null} false: the tag is there), or the key with exactly that value.
     * IAM reads the key of {@code aws:ResourceTag/<key>} without regard to case, as it keeps a user's tag keys.
     */
    private static PolicyStatement keepKeysOfExemptUsers(Stack stack, ExemptTag tag) {
        String condition = "aws:ResourceTag/" + tag.key();
        return PolicyStatement.Builder.create()
                .sid("KeepKeysOfExemptUsers")
                .effect(Effect.DENY)
                .actions(List.of("iam:DeleteAccessKey", "iam:UpdateAccessKey"))
                .resources(List.of(RuleFunction.everyUser(stack)))
                .conditions(tag.value()
                        .<Map<String, Object>>map(value -> Map.of("StringEquals", Map.of(condition, value)))
                        .orElse(Map.of("Null", Map.of(condition, "false"))))
                .build();
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
        return parameters(automationAssumeRole, settings, new LinkedHashMap<>(settings.ruleParameters().toMap()));
    }

    /**
     * The same, each value given as CloudFormation should write it (a string, or a {@code Ref}), by rule parameter
     * name; a rule parameter left out (the exempt tag, when none is set) keeps the document's default.
     */
    static Map<String, Object> parameters(Object automationAssumeRole, DeploymentSettings settings,
            Map<String, Object> ruleParameters) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(ASSUME_ROLE_PARAMETER, staticValue(automationAssumeRole));
        parameters.put("IAMResourceId", Map.of("ResourceValue", Map.of("Value", "RESOURCE_ID")));
        deploymentParameters(settings, ruleParameters).forEach((name, value) -> parameters.put(name, staticValue(value)));
        return parameters;
    }

    /**
     * The document's parameters a deployment decides, by the document's names, besides the role and the user: the
     * action, the rule's own criteria ({@code ruleParameters}, by rule parameter name) and, for {@code Delete}, the
     * grace period. Whatever starts the document for the deployment passes these.
     */
    static Map<String, Object> deploymentParameters(DeploymentSettings settings, Map<String, Object> ruleParameters) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("Action", settings.remediationAction());
        ruleParameters.forEach((name, value) -> parameters.put(parameterName(name), value));
        if (settings.remediationAction().equals("Delete")) {
            parameters.put(GRACE_PERIOD_PARAMETER, Long.toString(settings.remediationGracePeriodSeconds()));
        }
        return parameters;
    }

    private static Map<String, Object> staticValue(Object value) {
        return Map.of("StaticValue", Map.of("Values", List.of(value)));
    }
}
