package io.github.setupkeys.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.it.support.TriggerJar;
import java.io.IOException;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The trigger function's shaded jar carries what the triggers run and nothing of the rule: both handlers (one
 * account's, an organization's), the shared AWS plumbing, the Config, DynamoDB and SQS clients, the STS client (an
 * organization's trigger assumes each member's re-evaluation role), one HTTP client; no rule code, IAM client, CLI or
 * SnapStart hooks.
 */
class TriggerJarTest {

    @Test
    void itHoldsTheHandlerAndTheSharedPlumbing() throws IOException {
        assertThat(entries()).contains("io/github/setupkeys/trigger/TriggerHandler.class",
                "io/github/setupkeys/trigger/OrganizationTriggerHandler.class",
                "io/github/setupkeys/aws/ClientConfiguration.class", "io/github/setupkeys/lambda/LogLine.class");
        assertThat(entries()).anyMatch(name -> name.startsWith("software/amazon/awssdk/services/config/"))
                .anyMatch(name -> name.startsWith("software/amazon/awssdk/services/dynamodb/"))
                .anyMatch(name -> name.startsWith("software/amazon/awssdk/services/sqs/"))
                .anyMatch(name -> name.startsWith("software/amazon/awssdk/services/sts/"));
    }

    @Test
    void itCarriesNothingOfTheRule() throws IOException {
        assertThat(entries()).noneMatch(name -> name.startsWith("io/github/setupkeys/rule/"))
                .noneMatch(name -> name.startsWith("software/amazon/awssdk/services/iam/"))
                .noneMatch(name -> name.startsWith("picocli/"))
                .noneMatch(name -> name.startsWith("org/crac/"));
    }

    @Test
    void itCarriesExactlyOneHttpClient() throws IOException {
        assertThat(entries()).anyMatch(name -> name.startsWith("software/amazon/awssdk/http/urlconnection/"))
                .noneMatch(name -> name.startsWith("software/amazon/awssdk/http/apache"))
                .noneMatch(name -> name.startsWith("software/amazon/awssdk/http/nio/netty"))
                .noneMatch(name -> name.startsWith("io/netty"));
    }

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(TriggerJar.path().toFile())) {
            return jar.stream().map(ZipEntry::getName).toList();
        }
    }
}
