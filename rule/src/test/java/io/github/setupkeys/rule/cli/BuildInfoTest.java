package io.github.setupkeys.rule.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

    @Test
    void theBuildFillsInTheVersionAndTheDocumentationLink() {
        BuildInfo build = BuildInfo.read();

        assertThat(build.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(build.documentation()).startsWith("https://").doesNotContain("${");
    }

    @Test
    void versionPrintsIt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

        int exit = SetupKeysCli.run(new String[] {"--version"}, new ScanCommand(), print, print);

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("setupkeys " + BuildInfo.read().version() + "\n");
    }
}
