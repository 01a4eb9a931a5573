package io.github.setupkeys.it.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.infra.DeploymentSettings;
import io.github.setupkeys.infra.NearRealTimeSettings;
import io.github.setupkeys.infra.OrganizationApp;
import io.github.setupkeys.infra.OrganizationSettings;
import io.github.setupkeys.infra.SecurityHubDeployment;
import io.github.setupkeys.infra.SetupKeysApp;
import io.github.setupkeys.it.support.CfnLint;
import io.github.setupkeys.it.support.RuleJar;
import io.github.setupkeys.it.support.TriggerJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The templates {@code cdk synth -c securityHub=true} writes, with the real rule jar: the account stack, and for an
 * organization the central stack, the member template and the Security Hub administrator account's own stack; each
 * clean for cfn-lint, and the same on a second synthesis.
 */
class SecurityHubTemplatesTest {

    /**
     * Warnings cfn-lint may report, each with its reason. W3005 (DependsOn already implied by a Ref or GetAtt): the
     * CDK's Function adds an explicit DependsOn on its role next to the role's GetAtt.
     */
    private static final List<String> IGNORED_WARNINGS = List.of("W3005");
    private static final String ROOT = System.getProperty("setupkeys.repo.root", "..");

    private static Path account;
    private static Path accountAgain;
    private static CloudAssembly organization;

    @BeforeAll
    static void synthesize(@TempDir Path workDirectory) {
        account = accountTemplate(workDirectory.resolve("account"));
        accountAgain = accountTemplate(workDirectory.resolve("again"));
        Map<String, Object> context = context(Map.of("securityHub", "true", "securityHubAccount", "444455556666",
                OrganizationSettings.DEPLOYMENT, "organization", OrganizationSettings.ORGANIZATION_ID, "o-a1b2c3d4e5",
                OrganizationSettings.EVALUATION_REGION, "eu-west-1",
                OrganizationSettings.ORGANIZATIONAL_UNIT_IDS, "ou-ab12-cdef3456"));
        App app = new App(AppProps.builder().outdir(workDirectory.resolve("organization").toString()).context(context)
                .build());
        OrganizationApp.define(app);
        organization = app.synth();
    }

    @Test
    void cfnLintPassesTheAccountStackWithTheSecurityHubIntegration() {
        assertClean(account);
    }

    @Test
    void theAccountStackIsTheSameOnASecondSynthesis() throws IOException {
        assertThat(Files.readString(accountAgain)).isEqualTo(Files.readString(account));
    }

    @Test
    void cfnLintPassesEveryTemplateOfTheOrganizationWithTheSecurityHubAccountApart() {
        CloudAssembly members = organization.getNestedAssembly("assembly-" + OrganizationApp.MEMBER_STAGE_ID);
        assertClean(Path.of(organization.getStackByName(OrganizationApp.STACK_ID).getTemplateFullPath()));
        assertClean(Path.of(organization.getStackByName(SecurityHubDeployment.STACK_ID).getTemplateFullPath()));
        assertClean(Path.of(members.getStacks().get(0).getTemplateFullPath()));
    }

    private static Path accountTemplate(Path outdir) {
        Map<String, Object> context = context(Map.of("securityHub", "true", "exemptTag", "break-glass=approved",
                NearRealTimeSettings.NEAR_REAL_TIME, "false"));
        App app = new App(AppProps.builder().outdir(outdir.toString()).context(context).build());
        SetupKeysApp.define(app);
        return Path.of(app.synth().getStackByName(SetupKeysApp.STACK_ID).getTemplateFullPath());
    }

    private static Map<String, Object> context(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(context);
        all.put(DeploymentSettings.RULE_JAR, RuleJar.path().toString());
        // The organization deployment includes near-real-time detection, whose function is the trigger jar.
        all.put(NearRealTimeSettings.TRIGGER_JAR, TriggerJar.path().toString());
        all.put(DeploymentSettings.REMEDIATION_DOCUMENT, ROOT + "/" + DeploymentSettings.DEFAULT_REMEDIATION_DOCUMENT);
        return all;
    }

    private static void assertClean(Path template) {
        CfnLint.Result lint = CfnLint.lint(template, IGNORED_WARNINGS);

        assertThat(lint.exitCode()).as("cfn-lint exit code on %s; output:%n%s", template.getFileName(), lint.output())
                .isZero();
    }
}
