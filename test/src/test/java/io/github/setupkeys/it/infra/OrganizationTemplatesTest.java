package io.github.setupkeys.it.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.infra.ConformancePackTemplate;
import io.github.setupkeys.infra.DeploymentSettings;
import io.github.setupkeys.infra.NearRealTimeSettings;
import io.github.setupkeys.infra.OrganizationApp;
import io.github.setupkeys.infra.OrganizationSettings;
import io.github.setupkeys.it.support.CfnLint;
import io.github.setupkeys.it.support.NodeJs;
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
 * Every template the organization deployment writes, with the real jars, as {@code cdk synth} writes them:
 * the central stack (with the organization rule, and without it when a conformance pack carries the rule), the
 * member-account template the StackSet deploys, the event forwarding template the second StackSet deploys to
 * us-east-1, and the conformance pack. Stable, and clean for cfn-lint.
 */
class OrganizationTemplatesTest {

    /**
     * Warnings cfn-lint may report, each with its reason. W3005 (DependsOn already implied by a Ref or GetAtt):
     * the CDK's Function adds an explicit DependsOn on its role next to the role's GetAtt.
     */
    private static final List<String> IGNORED_WARNINGS = List.of("W3005");

    private static Synthesized first;
    private static Synthesized second;
    private static Synthesized withPack;

    /** The files one synthesis wrote. */
    private record Synthesized(Path central, Path member, Path forwarding, Path outdir) {
    }

    @BeforeAll
    static void synthesize(@TempDir Path workDirectory) {
        NodeJs.require();
        first = synthesize(workDirectory.resolve("first"), Map.of());
        second = synthesize(workDirectory.resolve("second"), Map.of());
        withPack = synthesize(workDirectory.resolve("pack"), Map.of(OrganizationSettings.EVALUATE_WITH,
                "conformancePack", OrganizationSettings.SOURCE_ACCOUNTS, "111122223333"));
    }

    @Test
    void synthesisGivesTheSameTemplatesTwice() throws IOException {
        assertThat(Files.readString(second.central())).isEqualTo(Files.readString(first.central()));
        assertThat(Files.readString(second.member())).isEqualTo(Files.readString(first.member()));
        assertThat(Files.readString(second.forwarding())).isEqualTo(Files.readString(first.forwarding()));
    }

    @Test
    void cfnLintPassesTheCentralTemplateWithTheOrganizationRule() {
        assertClean(first.central());
    }

    @Test
    void cfnLintPassesTheCentralTemplateThatLeavesTheRuleToAConformancePack() {
        assertClean(withPack.central());
    }

    @Test
    void cfnLintPassesTheMemberAccountTemplate() {
        assertClean(first.member());
    }

    @Test
    void cfnLintPassesTheMemberEventForwardingTemplate() {
        assertClean(first.forwarding());
    }

    @Test
    void cfnLintPassesTheConformancePack() {
        Path pack = withPack.outdir().resolve(ConformancePackTemplate.FILE_NAME);

        assertThat(pack).exists();
        assertClean(pack);
    }

    private static void assertClean(Path template) {
        CfnLint.Result lint = CfnLint.lint(template, IGNORED_WARNINGS);

        assertThat(lint.exitCode()).as("cfn-lint exit code on %s; output:%n%s", template.getFileName(), lint.output())
                .isZero();
    }

    private static Synthesized synthesize(Path outdir, Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(Map.of(
                OrganizationSettings.DEPLOYMENT, "organization",
                OrganizationSettings.ORGANIZATION_ID, "o-a1b2c3d4e5",
                OrganizationSettings.EVALUATION_REGION, "us-east-1",
                OrganizationSettings.ORGANIZATIONAL_UNIT_IDS, "ou-ab12-cdef3456,ou-ab12-99998888",
                OrganizationSettings.EXCLUDED_ACCOUNTS, "444455556666",
                DeploymentSettings.RULE_JAR, RuleJar.path().toString(),
                NearRealTimeSettings.TRIGGER_JAR, TriggerJar.path().toString(),
                DeploymentSettings.REMEDIATION_DOCUMENT, System.getProperty("setupkeys.repo.root", "..") + "/"
                        + DeploymentSettings.DEFAULT_REMEDIATION_DOCUMENT));
        all.putAll(context);
        App app = new App(AppProps.builder().outdir(outdir.toString()).context(all).build());
        OrganizationApp.define(app);
        CloudAssembly assembly = app.synth();
        CloudAssembly members = assembly.getNestedAssembly("assembly-" + OrganizationApp.MEMBER_STAGE_ID);
        CloudAssembly forwarding = assembly.getNestedAssembly("assembly-" + OrganizationApp.FORWARDING_STAGE_ID);
        return new Synthesized(Path.of(assembly.getStackByName(OrganizationApp.STACK_ID).getTemplateFullPath()),
                Path.of(members.getStacks().get(0).getTemplateFullPath()),
                Path.of(forwarding.getStacks().get(0).getTemplateFullPath()), outdir);
    }
}
