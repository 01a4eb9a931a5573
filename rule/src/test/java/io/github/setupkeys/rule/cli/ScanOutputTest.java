package io.github.setupkeys.rule.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code scan --output FILE}: the report goes to FILE whole, or FILE stays as it was. */
class ScanOutputTest {

    private static final String SAMPLE = ScanCommandTest.SAMPLE.toString();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(OutputFormat.class)
    void everyFormatWritesToTheFileWhatItWouldPrint(OutputFormat format) throws IOException {
        Path file = dir.resolve("report." + format.name().toLowerCase());

        String region = format.reportsFindings() ? "us-east-1" : null;
        CliRun printed = CliRun.scan(arguments("--credential-report", SAMPLE, "--format", format.name(), "--region", region));
        CliRun written = CliRun.scan(arguments("--credential-report", SAMPLE, "--format", format.name(), "--region", region,
                "--output", file.toString()));

        assertThat(written.exitCode()).isEqualTo(printed.exitCode()).isEqualTo(1);
        assertThat(written.stdout()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo(printed.stdout()).isNotEmpty();
        assertThat(written.stderr()).isEqualTo("scan: 3 NON_COMPLIANT, 4 COMPLIANT, 1 NOT_APPLICABLE (8 users); "
                + "report written to " + file + "\n");
        assertThat(siblingsOf(file)).containsExactly(file.getFileName().toString());
    }

    @Test
    void aDirectoryIsRefusedBeforeALiveScanStarts() {
        CliRun run = CliRun.scan("--output", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("error: output file '" + dir + "': is a directory; name the file to write\n");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void aFileInADirectoryThatDoesNotExistIsRefused() {
        Path file = dir.resolve("no/such/report.json");

        CliRun run = CliRun.scan("--credential-report", SAMPLE, "--format", "json", "--output", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("error: output file '" + file + "': no such directory '" + file.getParent()
                + "'\n");
    }

    @Test
    void theCredentialReportBeingScannedIsNotOverwritten() throws IOException {
        Path report = Files.copy(Path.of(SAMPLE), dir.resolve("report.csv"));
        byte[] before = Files.readAllBytes(report);

        CliRun run = CliRun.scan("--credential-report", report.toString(), "--format", "csv", "--output",
                dir.resolve(".").resolve("report.csv").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("is the credential report being scanned; name another file");
        assertThat(Files.readAllBytes(report)).isEqualTo(before);
    }

    @Test
    void aLinkIsRefusedRatherThanReplacedOrFollowed() throws IOException {
        Path target = Files.writeString(dir.resolve("target.txt"), "keep me");
        Path link = Files.createSymbolicLink(dir.resolve("report.json"), target);

        CliRun run = CliRun.scan("--credential-report", SAMPLE, "--format", "json", "--output", link.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("exists and is not a regular file (a link or a device)");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("keep me");
    }

    @Test
    void aScanThatFailsLeavesTheEarlierReportAsItWas() throws IOException {
        Path file = Files.writeString(dir.resolve("report.html"), "yesterday's report");

        CliRun run = CliRun.scan("--credential-report", dir.resolve("missing.csv").toString(), "--format", "json",
                "--output", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(Files.readString(file)).isEqualTo("yesterday's report");
        assertThat(siblingsOf(file)).containsExactly("report.html");
    }

    @Test
    void aReportThatFailsHalfWrittenLeavesNeitherHalfAReportNorATemporaryFile() throws IOException {
        Path file = Files.writeString(dir.resolve("report.html"), "yesterday's report");
        OutputFile output = OutputFile.checked(file, Optional.empty());

        assertThatThrownBy(() -> output.write(out -> {
            out.print("<!DOCTYPE html><html><body>half");
            throw new IllegalStateException("the writer broke");
        })).hasMessage("the writer broke");

        assertThat(Files.readString(file)).isEqualTo("yesterday's report");
        assertThat(siblingsOf(file)).containsExactly("report.html");
    }

    @Test
    void anEarlierReportIsReplacedWholeAndTheNewOneIsTheOwnersAlone() throws IOException {
        Path file = Files.writeString(dir.resolve("report.json"), "x".repeat(100_000));

        CliRun run = CliRun.scan("--credential-report", SAMPLE, "--format", "json", "--output", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(Files.readString(file)).startsWith("[").endsWith("]\n").doesNotContain("xxx");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    /** {@code arguments} without each flag whose value is null. */
    private static String[] arguments(String... arguments) {
        List<String> given = new ArrayList<>();
        for (int i = 0; i < arguments.length; i += 2) {
            if (arguments[i + 1] != null) {
                given.add(arguments[i]);
                given.add(arguments[i + 1]);
            }
        }
        return given.toArray(String[]::new);
    }

    private static List<String> siblingsOf(Path file) throws IOException {
        try (Stream<Path> paths = Files.list(file.getParent())) {
            return paths.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
