package io.github.setupkeys.rule.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.rule.evaluation.CallsInFlight;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.AdaptiveRetryStrategy;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Where the clients send their calls: IAM is global, so from any region of a partition it must reach that
 * partition's one IAM endpoint, signed for the region that endpoint lives in; Config stays in the rule's region.
 */
class AwsClientsTest {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAEXAMPLEEXAMPLE01", "not-a-secret"));

    @ParameterizedTest(name = "IAM from {0}: {1}, signed for {2}")
    @CsvSource({
            "us-east-1,      iam.amazonaws.com,             us-east-1",
            "eu-west-1,      iam.amazonaws.com,             us-east-1",
            "ap-southeast-2, iam.amazonaws.com,             us-east-1",
            "cn-northwest-1, iam.cn-north-1.amazonaws.com.cn, cn-north-1",
            "us-gov-east-1,  iam.us-gov.amazonaws.com,      us-gov-west-1"})
    void iamReachesThePartitionsGlobalEndpoint(String region, String host, String signingRegion) {
        Recording http = new Recording();
        try (AwsClients clients = AwsClients.over(Region.of(region), http);
                IamClient iam = clients.iam(CREDENTIALS)) {
            assertThatThrownBy(() -> iam.getUser(request -> request.userName("alice")))
                    .hasMessage(Recording.STOP);
        }
        assertThat(http.requests).hasSize(1);
        assertThat(http.requests.get(0).host()).isEqualTo(host);
        assertThat(scope(http.requests.get(0))).isEqualTo(signingRegion + "/iam");
    }

    @ParameterizedTest(name = "Config in {0}")
    @CsvSource({"eu-west-1, config.eu-west-1.amazonaws.com", "cn-north-1, config.cn-north-1.amazonaws.com.cn"})
    void configStaysInTheRulesRegion(String region, String host) {
        Recording http = new Recording();
        try (AwsClients clients = AwsClients.over(Region.of(region), http);
                ConfigClient config = clients.config(CREDENTIALS)) {
            assertThatThrownBy(() -> config.describeConfigRules(request -> { }))
                    .hasMessage(Recording.STOP);
        }
        assertThat(http.requests.get(0).host()).isEqualTo(host);
        assertThat(scope(http.requests.get(0))).isEqualTo(region + "/config");
    }

    @Test
    void iamRetriesInTheAdaptiveModeSoThreadsSharingTheClientShareOneRateLimiter() {
        try (AwsClients clients = AwsClients.over(Region.US_EAST_1, new Recording());
                IamClient iam = clients.iam(CREDENTIALS);
                ConfigClient config = clients.config(CREDENTIALS)) {
            RetryStrategy iamRetries = iam.serviceClientConfiguration().overrideConfiguration().retryStrategy()
                    .orElseThrow();
            RetryStrategy configRetries = config.serviceClientConfiguration().overrideConfiguration().retryStrategy()
                    .orElseThrow();

            assertThat(iamRetries).isInstanceOf(AdaptiveRetryStrategy.class);
            assertThat(iamRetries.maxAttempts()).isEqualTo(8);
            assertThat(configRetries).isInstanceOf(StandardRetryStrategy.class);
            assertThat(configRetries.maxAttempts()).isEqualTo(5);
        }
    }

    @Test
    void theJdkKeepsAnIdleConnectionForEveryCallThatCanBeInFlight() {
        try (AwsClients clients = new AwsClients(Region.US_EAST_1)) {
            assertThat(Integer.getInteger("http.maxConnections")).as("http.maxConnections")
                    .isGreaterThanOrEqualTo(CallsInFlight.MAX);
        }
    }

    /** {@code REGION/SERVICE} of the SigV4 credential scope in the request's Authorization header. */
    private static String scope(SdkHttpRequest request) {
        String authorization = request.firstMatchingHeader("Authorization").orElseThrow();
        String[] credential = authorization.replaceFirst(".*Credential=([^,]+),.*", "$1").split("/");
        return credential[2] + "/" + credential[3];
    }

    /** Records each request and answers none: the call fails without retries worth waiting for. */
    private static final class Recording implements SdkHttpClient {

        static final String STOP = "recorded, not sent";

        final List<SdkHttpRequest> requests = new ArrayList<>();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            requests.add(request.httpRequest());
            throw new IllegalStateException(STOP);
        }

        @Override
        public String clientName() {
            return "Recording";
        }

        @Override
        public void close() {
            // holds nothing
        }
    }
}
