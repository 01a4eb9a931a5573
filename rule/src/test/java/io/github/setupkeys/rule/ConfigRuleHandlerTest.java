package io.github.setupkeys.rule;

import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.aws.AwsAccountAccess;
import io.github.setupkeys.rule.aws.AwsClients;
import io.github.setupkeys.rule.config.Events;
import io.github.setupkeys.rule.config.FakeAccountAccess;
import io.github.setupkeys.rule.config.RecordingConfigApi;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.evaluation.InMemoryIamFacts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.regions.Region;

/**
 * The Lambda handler's wiring: it hands Config's event to the rule and answers with what was written; its SnapStart
 * hooks prime the rule before the snapshot leaving nothing behind in the handler that a snapshot would freeze (no
 * connection, credentials or time), and it evaluates as before after a restore. What one invocation does is
 * {@link io.github.setupkeys.rule.config.ConfigRuleTest}'s subject.
 */
class ConfigRuleHandlerTest {

    @Test
    void anEventIsAnsweredByTheRuleWithItsEvaluationsWrittenAndOneLogLine() {
        InMemoryIamFacts iam = new InMemoryIamFacts().add(aUser().named("alice").withId("AIDAEXAMPLEALICE00001")
                .withConsolePassword().withKey(activeKey().withId("AKIAALICE00000000001")).facts());
        RecordingConfigApi config = new RecordingConfigApi();
        FakeContext context = new FakeContext();
        ConfigRuleHandler handler = new ConfigRuleHandler(new FakeAccountAccess(iam, config),
                Clock.fixed(Instant.parse("2026-11-29T10:16:00Z"), ZoneOffset.UTC), duration -> { });

        String answer = handler.handleRequest(Events.load("change-user.json"), context);

        assertThat(answer).isEqualTo("1 evaluation(s) written");
        assertThat(config.written()).singleElement().satisfies(evaluation ->
                assertThat(evaluation.complianceType()).isEqualTo(ComplianceType.NON_COMPLIANT));
        assertThat(context.logLines()).singleElement()
                .satisfies(line -> assertThat(line).contains("\"outcome\":\"ok\""));
    }

    @Test
    void beforeCheckpointMakesNoNetworkCallResolvesNoCredentialsAndReadsNoClock() throws IOException {
        CountingCredentials credentials = new CountingCredentials();
        CountingClock clock = new CountingClock();
        List<URI> connections = Collections.synchronizedList(new ArrayList<>());
        ProxySelector before = ProxySelector.getDefault();
        try (ServerSocket endpoint = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                AwsClients clients = new AwsClients(Region.US_EAST_1,
                        Optional.of(URI.create("http://127.0.0.1:" + endpoint.getLocalPort())))) {
            ProxySelector.setDefault(new RecordingProxySelector(connections));
            ConfigRuleHandler handler = new ConfigRuleHandler(new AwsAccountAccess(clients, credentials), clock,
                    duration -> { });

            handler.beforeCheckpoint(null);
            handler.afterRestore(null);

            assertThat(connections).as("connections opened").isEmpty();
            assertThat(credentials.resolved).as("credential resolutions").hasValue(0);
            assertThat(clock.reads).as("clock reads").hasValue(0);
            assertThat(clients.calls().snapshot()).as("calls counted on the real clients").isEmpty();
            assertThat(SdkGlobalTime.getGlobalTimeOffset()).as("clock skew learned").isZero();
        } finally {
            ProxySelector.setDefault(before);
        }
    }

    @Test
    void theHandlerEvaluatesAsBeforeAfterPrimingAndRestore() {
        InMemoryIamFacts iam = new InMemoryIamFacts();
        RecordingConfigApi config = new RecordingConfigApi();
        iam.add(aUser().named("alice").withId("AIDAEXAMPLEALICE00001").withConsolePassword()
                .withKey(activeKey().withId("AKIAALICE00000000001")).facts());
        ConfigRuleHandler handler = new ConfigRuleHandler(new FakeAccountAccess(iam, config),
                Clock.fixed(Instant.parse("2026-11-29T10:16:00Z"), ZoneOffset.UTC), duration -> { });

        handler.beforeCheckpoint(null);
        handler.afterRestore(null);
        handler.handleRequest(Events.load("change-user.json"), new FakeContext());

        assertThat(config.written()).singleElement().satisfies(evaluation -> {
            assertThat(evaluation.resourceId()).isEqualTo("AIDAEXAMPLEALICE00001");
            assertThat(evaluation.complianceType()).isEqualTo(ComplianceType.NON_COMPLIANT);
            assertThat(evaluation.annotation()).contains("AKIAALICE00000000001");
        });
    }

    private static final class CountingCredentials implements AwsCredentialsProvider {
        final AtomicInteger resolved = new AtomicInteger();

        @Override
        public AwsCredentials resolveCredentials() {
            resolved.incrementAndGet();
            return AwsBasicCredentials.create("testing", "testing");
        }
    }

    private static final class CountingClock extends Clock {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            reads.incrementAndGet();
            return Instant.parse("2026-11-29T10:16:00Z");
        }
    }

    /** Every URL connection the JDK opens asks the default proxy selector first: this one writes them down. */
    private static final class RecordingProxySelector extends ProxySelector {
        private final List<URI> connections;

        RecordingProxySelector(List<URI> connections) {
            this.connections = connections;
        }

        @Override
        public List<Proxy> select(URI uri) {
            connections.add(uri);
            return List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            connections.add(uri);
        }
    }
}
