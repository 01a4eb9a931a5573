package io.github.setupkeys.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app ({@code cdk.json} runs it): one {@link SetupKeysStack}, configured from the context and checked
 * by cdk-nag's AWS Solutions rules while it is synthesized. The stack is environment-agnostic, so the
 * template is the same wherever it is synthesized; {@code cdk deploy} targets the account and region of the
 * caller's credentials.
 */
public final class SetupKeysApp {

    public static final String STACK_ID = "IamUserSetupKeysRule";

    private SetupKeysApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        define(app);
        app.synth();
    }

    /** Adds the stack, configured from {@code app}'s context, and the cdk-nag checks to {@code app}. */
    public static SetupKeysStack define(App app) {
        DeploymentSettings settings = DeploymentSettings.fromContext(app.getNode()::tryGetContext);
        Path jar = settings.ruleJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no rule jar at " + jar.toAbsolutePath()
                    + ": build it with ./mvnw -pl rule package (cdk synth from the repository root does)");
        }
        SetupKeysStack stack = new SetupKeysStack(app, STACK_ID, settings, StackProps.builder()
                .description("AWS Config custom rule " + settings.ruleName()
                        + ": IAM users with a console password and an unused access key from initial setup (CIS 1.11)")
                // No AWS::CDK::Metadata resource: the template holds only what the rule needs.
                .analyticsReporting(false)
                .build());
        NearRealTimeDeployment.addTo(app, stack, settings, System.getenv("CDK_DEFAULT_REGION"));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }
}
