package io.github.setupkeys.it.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.infra.DeploymentSettings;
import io.github.setupkeys.infra.NearRealTimeSettings;
import io.github.setupkeys.infra.SetupKeysApp;
import io.github.setupkeys.it.support.CfnLint;
import io.github.setupkeys.it.support.NodeJs;
import io.github.setupkeys.it.support.RuleJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The templates {@code cdk synth} writes, with the real rule jar: stable, and clean for cfn-lint, for a rule
 * in us-east-1 (one stack) and in another region (with the stack that forwards IAM events from us-east-1).
 */
class SynthesizedTemplateTest {

    /**
     * Warnings cfn-lint may report, each with its reason. W3005 (DependsOn already implied by a Ref or
     * GetAtt): the CDK's Function adds an explicit DependsOn on its role next to the role's GetAtt.
     */
    private static final List<String> IGNORED_WARNINGS = List.of("W3005");

    private static String first;
    private static String second;
    private static final List<Path> TEMPLATES = new ArrayList<>();

    @BeforeAll
    static void synthesizeTwice(@TempDir Path workDirectory) throws IOException {
        NodeJs.require();
        List<Path> usEast1 = synthesize(workDirectory.resolve("first"), Map.of("ruleRegion", "us-east-1"));
        first = Files.readString(usEast1.get(0));
        second = Files.readString(synthesize(workDirectory.resolve("second"), Map.of("ruleRegion", "us-east-1")).get(0));
        TEMPLATES.addAll(usEast1);
        TEMPLATES.addAll(synthesize(workDirectory.resolve("eu-west-1"), Map.of("ruleRegion", "eu-west-1")));
    }

    @Test
    void aRuleOutsideUsEast1AddsTheForwardingStack() {
        assertThat(TEMPLATES).extracting(path -> path.getFileName().toString()).containsExactly(
                "IamUserSetupKeysRule.template.json", "IamUserSetupKeysRule.template.json",
                "IamUserSetupKeysEventForwarding.template.json");
    }

    @Test
    void synthesisGivesTheSameTemplateTwice() {
        assertThat(second).isEqualTo(first);
    }

    @Test
    void cfnLintFindsNoErrorAndNoUnexplainedWarning() {
        for (Path template : TEMPLATES) {
            CfnLint.Result lint = CfnLint.lint(template, IGNORED_WARNINGS);

            assertThat(lint.exitCode()).as("cfn-lint exit code for %s; output:%n%s", template, lint.output()).isZero();
        }
    }

    /** Every template of the app, the rule stack's first. */
    private static List<Path> synthesize(Path outdir, Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(context);
        all.put(DeploymentSettings.RULE_JAR, RuleJar.path().toString());
        all.put(NearRealTimeSettings.TRIGGER_JAR, System.getProperty("setupkeys.repo.root", "..") + "/"
                + NearRealTimeSettings.DEFAULT_TRIGGER_JAR);
        all.put(DeploymentSettings.REMEDIATION_DOCUMENT, System.getProperty("setupkeys.repo.root", "..")
                + "/" + DeploymentSettings.DEFAULT_REMEDIATION_DOCUMENT);
        App app = new App(AppProps.builder().outdir(outdir.toString()).context(all).build());
        SetupKeysApp.define(app);
        CloudAssembly assembly = app.synth();
        List<Path> templates = new ArrayList<>();
        templates.add(Path.of(assembly.getStackByName(SetupKeysApp.STACK_ID).getTemplateFullPath()));
        assembly.getStacks().stream().filter(stack -> !stack.getStackName().equals(SetupKeysApp.STACK_ID))
                .forEach(stack -> templates.add(Path.of(stack.getTemplateFullPath())));
        return templates;
    }
}
