package io.github.setupkeys.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.it.support.RuleJar;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

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

    /**
     * Measured 17.7 MB: the rule's 13.8 MB (iam and config clients about 3.8 MB each) plus the near-real-time
     * trigger's DynamoDB (2.9 MB) and SQS (0.9 MB) clients. An 18 MB budget still catches a second HTTP client
     * or another service module arriving unnoticed.
     */
    @Test
    void itStaysUnderEighteenMegabytes() throws IOException {
        assertThat(Files.size(RuleJar.path())).isLessThanOrEqualTo(18L * 1024 * 1024);
    }

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(RuleJar.path().toFile())) {
            return jar.stream().map(ZipEntry::getName).toList();
        }
    }
}
