package io.github.setupkeys.rule.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The examples of the asff and ocsf formats under {@code docs/examples/}: the bundled sample's findings as this build
 * writes them (at a fixed time, in us-east-1). A change to either format fails here until the examples are written
 * again with {@code -Dexamples.update=true}, so the docs cannot show a format the tool no longer writes.
 */
class FindingExamplesTest {

    private static final Path REPO = Path.of(System.getProperty("setupkeys.repo.root", "..")).toAbsolutePath().normalize();
    /** After every date in the sample, so the example reads as a scan of it. */
    static final Instant SCANNED = Instant.parse("2026-12-01T08:00:00Z");
    static final String REGION = "us-east-1";
    private static final String REGENERATE = "./mvnw -B -q -pl rule -am test -Dfuzz.skip=true "
            + "-Dtest=FindingExamplesTest -Dsurefire.failIfNoSpecifiedTests=false -Dexamples.update=true";

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = OutputFormat.class, names = {"ASFF", "OCSF"})
    void theExampleIsWhatTheFormatWritesForTheSample(OutputFormat format) throws IOException {
        Path example = REPO.resolve("docs/examples/sample." + format.flagValue() + ".json");
        CliRun run = CliRun.scanAt(SCANNED, "--credential-report", REPO.resolve("samples/credential-report.csv").toString(),
                "--format", format.flagValue(), "--region", REGION);
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);

        if (Boolean.getBoolean("examples.update")) {
            Files.createDirectories(example.getParent());
            Files.writeString(example, run.stdout(), StandardCharsets.UTF_8);
        }
        assertThat(example).as("the example of --format %s; write it again with %s", format.flagValue(), REGENERATE)
                .exists();
        assertThat(Files.readString(example)).as("%s differs from what --format %s writes today; write it again with %s",
                example, format.flagValue(), REGENERATE).isEqualTo(run.stdout());
    }
}
