package io.github.setupkeys.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StackProps;

/**
 * The organization deployment ({@code -c deployment=organization}): the central {@link OrganizationStack},
 * pinned to the one region that evaluates IAM, whose StackSet carries the {@link MemberAccountStack} template,
 * synthesized first in a stage of its own (it lands in {@code cdk.out/assembly-MemberAccounts/}, where it can
 * also be deployed by hand, say into the management account, which a service-managed StackSet leaves out). With
 * near-real-time detection (on unless {@code -c nearRealTime=false}) the {@link MemberEventForwardingStack}
 * template for us-east-1 is synthesized the same way ({@code cdk.out/assembly-MemberEventForwarding/}).
 * With {@code evaluateWith=conformancePack} the app also writes the {@link ConformancePackTemplate}. cdk-nag
 * checks both stacks.
 */
public final class OrganizationApp {

    public static final String STACK_ID = "IamUserSetupKeysOrganization";
    public static final String MEMBER_STAGE_ID = "MemberAccounts";
    /** Near-real-time detection's member template, for us-east-1: {@code cdk.out/assembly-MemberEventForwarding/}. */
    public static final String FORWARDING_STAGE_ID = "MemberEventForwarding";
    /** Config's limit on an organization rule's name, tighter than an account rule's 128. */
    static final int MAX_ORGANIZATION_RULE_NAME = 64;

    private OrganizationApp() {
    }

    /** Adds the organization deployment, configured from {@code app}'s context, to {@code app}. */
    public static OrganizationStack define(App app) {
        DeploymentSettings settings = DeploymentSettings.fromContext(app.getNode()::tryGetContext,
                DeploymentSettings.ORGANIZATION_RESERVED_CONCURRENCY);
        OrganizationSettings organization = OrganizationSettings.fromContext(app.getNode()::tryGetContext);
        check(settings, organization);
        OrganizationNearRealTimeSettings nearRealTime = OrganizationNearRealTimeSettings.fromContext(
                app.getNode()::tryGetContext, organization);

        Stage members = new Stage(app, MEMBER_STAGE_ID);
        MemberAccountStack member = new MemberAccountStack(members, settings, organization, nearRealTime.enabled());
        SecurityHubSettings securityHub = SecurityHubDeployment.addToMembers(app, member);
        Aspects.of(members).add(nagChecks());
        Object memberTemplate = members.synth().getStackArtifact(member.getArtifactId()).getTemplate();
        Object forwardingTemplate = null;
        if (nearRealTime.enabled()) {
            Stage forwarding = new Stage(app, FORWARDING_STAGE_ID);
            MemberEventForwardingStack forwardingStack = new MemberEventForwardingStack(forwarding, settings);
            Aspects.of(forwarding).add(nagChecks());
            forwardingTemplate = forwarding.synth().getStackArtifact(forwardingStack.getArtifactId()).getTemplate();
        }

        OrganizationStack stack = new OrganizationStack(app, STACK_ID, settings, organization,
                FailureSettings.fromContext(app.getNode()::tryGetContext), nearRealTime, memberTemplate,
                forwardingTemplate,
                StackProps.builder()
                        .description("AWS Config organization rule " + settings.ruleName() + ": IAM users with a "
                                + "console password and an unused access key from initial setup (CIS 1.11)")
                        // IAM is global: the one region that evaluates it, whatever region the caller's profile names.
                        .env(Environment.builder().region(organization.evaluationRegion()).build())
                        .analyticsReporting(false)
                        .build());
        Aspects.of(stack).add(nagChecks());
        SecurityHubDeployment.addToOrganization(app, stack, settings, organization, securityHub);
        Path pack = Path.of(app.getOutdir(), ConformancePackTemplate.FILE_NAME);
        if (organization.evaluateWith() == OrganizationSettings.Evaluation.CONFORMANCE_PACK) {
            write(pack, ConformancePackTemplate.yaml(settings, organization));
        } else {
            // cdk.out outlives a synthesis: a pack from an earlier one would evaluate IAM a second time.
            delete(pack);
        }
        return stack;
    }

    /** What an organization deployment cannot do that an account deployment can. */
    static void check(DeploymentSettings settings, OrganizationSettings organization) {
        boolean organizationRule = organization.evaluateWith() == OrganizationSettings.Evaluation.ORGANIZATION_RULE;
        if (organizationRule && settings.ruleName().length() > MAX_ORGANIZATION_RULE_NAME) {
            throw new IllegalArgumentException("context " + DeploymentSettings.RULE_NAME + "=" + settings.ruleName()
                    + " is invalid for an organization rule: expected at most " + MAX_ORGANIZATION_RULE_NAME
                    + " characters");
        }
        if (organizationRule && settings.automaticRemediation()) {
            throw new IllegalArgumentException("context " + DeploymentSettings.AUTOMATIC_REMEDIATION + "=true needs "
                    + OrganizationSettings.EVALUATE_WITH + "=conformancePack: AWS Config attaches no remediation to an "
                    + "organization rule (PutRemediationConfigurations does not support service-linked rules); a "
                    + "conformance pack carries the rule and its remediation together");
        }
    }

    private static AwsSolutionsChecks nagChecks() {
        return new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build());
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
