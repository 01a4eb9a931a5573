package io.github.setupkeys.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.it.support.RuleJar;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one shaded jar: both the Lambda artifact and the CLI. */
class RuleJarTest {

    @Test
    void itCarriesExactlyOneHttpClientAndNoApacheOrNetty() throws IOException {
        List<String> entries = entries();

        assertThat(entries).anyMatch(name -> name.startsWith("software/amazon/awssdk/http/urlconnection/"));
        assertThat(entries).noneMatch(name -> name.startsWith("software/amazon/awssdk/http/apache"))
                .noneMatch(name -> name.startsWith("software/amazon/awssdk/http/nio/netty"))
                .noneMatch(name -> name.startsWith("org/apache/http"))
                .noneMatch(name -> name.startsWith("org/apache/hc"))
                .noneMatch(name -> name.startsWith("io/netty"));
    }

    @Test
    void itIsAnExecutableCliAndHoldsTheLambdaHandler() throws IOException {
        try (JarFile jar = new JarFile(RuleJar.path().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.github.setupkeys.rule.cli.SetupKeysCli");
            assertThat(jar.getEntry("io/github/setupkeys/rule/ConfigRuleHandler.class")).isNotNull();
            assertThat(jar.getEntry("com/amazonaws/services/lambda/runtime/events/ConfigEvent.class")).isNotNull();
        }
    }

    @Test
    void ourClassesAreJava17Bytecode() throws IOException {
        try (JarFile jar = new JarFile(RuleJar.path().toFile());
                InputStream in = jar.getInputStream(jar.getEntry("io/github/setupkeys/rule/domain/SetupKeyRule.class"));
                DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
            data.readUnsignedShort();
            assertThat(data.readUnsignedShort()).as("class file major version").isEqualTo(61);
        }
    }

    @Test
    void ourEntriesCarryTheFixedBuildTimestampSoTheJarIsReproducible() throws IOException {
        try (JarFile jar = new JarFile(RuleJar.path().toFile())) {
            List<LocalDateTime> times = jar.stream().filter(entry -> entry.getName().startsWith("io/github/setupkeys/"))
                    .map(ZipEntry::getTimeLocal).distinct().toList();
            assertThat(times).containsExactly(LocalDateTime.parse("2026-01-01T00:00:00"));
        }
    }

    @Test
    void itStaysUnderFifteenMegabytes() throws IOException {
        // 15,000,000 bytes: the target of issue 7; the near-real-time trigger has a jar of its own.
        assertThat(Files.size(RuleJar.path())).isLessThanOrEqualTo(15_000_000L);
    }

    @Test
    void itCarriesNeitherDynamoDbNorSqsWhichOnlyTheTriggerNeeds() throws IOException {
        assertThat(entries()).noneMatch(name -> name.startsWith("software/amazon/awssdk/services/dynamodb/"))
                .noneMatch(name -> name.startsWith("software/amazon/awssdk/services/sqs/"));
    }

    @Test
    void runningOutOfMemoryIsOneErrorLineAndExitTwoNotAStackTraceAndExitOne(@TempDir Path dir) throws IOException {
        // Was: java.lang.OutOfMemoryError with its stack trace, and exit 1, which means "findings".
        Path report = dir.resolve("5000-users.csv");
        List<String> sample = Files.readAllLines(Path.of(System.getProperty("setupkeys.repo.root", ".."),
                "samples", "credential-report.csv"));
        String alice = sample.stream().filter(line -> line.startsWith("alice,")).findFirst().orElseThrow();
        try (var out = Files.newBufferedWriter(report)) {
            out.write(sample.get(0) + "\n" + sample.get(1) + "\n");
            for (int i = 0; i < 5000; i++) {
                out.write(alice.replace("alice", "user" + i) + "\n");
            }
        }

        RuleJar.Run run = RuleJar.run(List.of("-Xmx6m"), Map.of(), "scan", "--credential-report", report.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("error: out of memory").endsWith("\n").hasLineCount(1);
    }

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(RuleJar.path().toFile())) {
            return jar.stream().map(ZipEntry::getName).toList();
        }
    }
}
