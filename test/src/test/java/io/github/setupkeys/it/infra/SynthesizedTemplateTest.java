package io.github.setupkeys.it.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.infra.DeploymentSettings;
import io.github.setupkeys.infra.SetupKeysApp;
import io.github.setupkeys.it.support.CfnLint;
import io.github.setupkeys.it.support.RuleJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** The template {@code cdk synth} writes, with the real rule jar: stable, and clean for cfn-lint. */
class SynthesizedTemplateTest {

    /**
     * Warnings cfn-lint may report, each with its reason. W3005 (DependsOn already implied by a Ref or
     * GetAtt): the CDK's Function adds an explicit DependsOn on its role next to the role's GetAtt.
     */
    private static final List<String> IGNORED_WARNINGS = List.of("W3005");

    private static String first;
    private static String second;
    private static Path template;

    @BeforeAll
    static void synthesizeTwice(@TempDir Path workDirectory) throws IOException {
        template = synthesize(workDirectory.resolve("first"));
        first = Files.readString(template);
        second = Files.readString(synthesize(workDirectory.resolve("second")));
    }

    @Test
    void synthesisGivesTheSameTemplateTwice() {
        assertThat(second).isEqualTo(first);
    }

    @Test
    void cfnLintFindsNoErrorAndNoUnexplainedWarning() {
        CfnLint.Result lint = CfnLint.lint(template, IGNORED_WARNINGS);

        assertThat(lint.exitCode()).as("cfn-lint exit code; output:%n%s", lint.output()).isZero();
    }

    private static Path synthesize(Path outdir) {
        App app = new App(AppProps.builder()
                .outdir(outdir.toString())
                .context(Map.of(DeploymentSettings.RULE_JAR, RuleJar.path().toString(),
                        DeploymentSettings.REMEDIATION_DOCUMENT, System.getProperty("setupkeys.repo.root", "..")
                                + "/" + DeploymentSettings.DEFAULT_REMEDIATION_DOCUMENT))
                .build());
        SetupKeysApp.define(app);
        return Path.of(app.synth().getStackByName(SetupKeysApp.STACK_ID).getTemplateFullPath());
    }
}
