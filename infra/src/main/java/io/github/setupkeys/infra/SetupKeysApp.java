package io.github.setupkeys.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app ({@code cdk.json} runs it): one {@link SetupKeysStack}, configured from the context and checked
 * by cdk-nag's AWS Solutions rules while it is synthesized. The stack is environment-agnostic, so the
 * template is the same wherever it is synthesized; {@code cdk deploy} targets the account and region of the
 * caller's credentials. With {@code -c deployment=organization} the app is {@link OrganizationApp} instead.
 */
public final class SetupKeysApp {

    public static final String STACK_ID = "IamUserSetupKeysRule";

    private SetupKeysApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        if (OrganizationSettings.requested(app.getNode()::tryGetContext)) {
            OrganizationApp.define(app); // -c deployment=organization: see docs/organization.md
        } else {
            define(app);
        }
        app.synth();
    }

    /** Adds the stack, configured from {@code app}'s context, and the cdk-nag checks to {@code app}. */
    public static SetupKeysStack define(App app) {
        DeploymentSettings settings = DeploymentSettings.fromContext(app.getNode()::tryGetContext);
        SetupKeysStack stack = new SetupKeysStack(app, STACK_ID, settings,
                FailureSettings.fromContext(app.getNode()::tryGetContext), StackProps.builder()
                .description("AWS Config custom rule " + settings.ruleName()
                        + ": IAM users with a console password and an unused access key from initial setup (CIS 1.11)")
                // No AWS::CDK::Metadata resource: the template holds only what the rule needs.
                .analyticsReporting(false)
                .build());
        NearRealTimeDeployment.addTo(app, stack, settings, System.getenv("CDK_DEFAULT_REGION"));
        SecurityHubDeployment.addTo(app, stack, settings);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }
}
