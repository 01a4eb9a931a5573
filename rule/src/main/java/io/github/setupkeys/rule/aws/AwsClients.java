package io.github.setupkeys.rule.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the SDK clients the rule (and its near-real-time trigger) uses, all sharing one HTTP client and one
 * {@link ApiCallCounter}.
 *
 * <p>Endpoints come from the SDK's default resolution, so {@code AWS_ENDPOINT_URL},
 * {@code AWS_ENDPOINT_URL_IAM}, {@code AWS_ENDPOINT_URL_CONFIG_SERVICE}, {@code AWS_ENDPOINT_URL_STS} (and
 * {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS})
 * point them at an emulator. IAM is global: its client is given the rule's own region, and the SDK's endpoint
 * rules send it to the partition's one IAM endpoint, signed for that endpoint's region ({@code iam.amazonaws.com},
 * us-east-1, from any commercial region). Retries use the SDK's standard mode; IAM gets more attempts
 * and no circuit breaker, because its request rate quota is low and account-wide, and waiting is better
 * than failing an evaluation.
 */
public final class AwsClients implements AutoCloseable {

    static final int IAM_MAX_ATTEMPTS = 8;
    static final int CONFIG_MAX_ATTEMPTS = 5;

    private final Region region;
    private final Optional<URI> endpointOverride;
    private final SdkHttpClient http;
    private final ApiCallCounter calls = new ApiCallCounter();

    /**
     * @param region the region the rule runs in (Config and STS are called there)
     * @param endpointOverride one endpoint for every service, for tests that cannot set environment variables
     */
    public AwsClients(Region region, Optional<URI> endpointOverride) {
        this(region, endpointOverride, UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build());
    }

    private AwsClients(Region region, Optional<URI> endpointOverride, SdkHttpClient http) {
        this.region = Objects.requireNonNull(region, "region");
        this.endpointOverride = Objects.requireNonNull(endpointOverride, "endpointOverride");
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * Clients configured exactly as the real ones but sending every call through {@code http}: SnapStart priming
     * uses them with an HTTP client that answers in memory.
     */
    public static AwsClients over(Region region, SdkHttpClient http) {
        return new AwsClients(region, Optional.empty(), http);
    }

    public AwsClients(Region region) {
        this(region, Optional.empty());
    }

    public Region region() {
        return region;
    }

    /** Counts every call made by clients this factory built. */
    public ApiCallCounter calls() {
        return calls;
    }

    /** The IAM client for {@code credentials}: the SDK resolves the partition's global IAM endpoint from the region. */
    public IamClient iam(AwsCredentialsProvider credentials) {
        return configure(IamClient.builder(), region, credentials, IAM_MAX_ATTEMPTS, false).build();
    }

    public ConfigClient config(AwsCredentialsProvider credentials) {
        return configure(ConfigClient.builder(), region, credentials, CONFIG_MAX_ATTEMPTS, true).build();
    }

    public StsClient sts(AwsCredentialsProvider credentials) {
        return configure(StsClient.builder(), region, credentials, CONFIG_MAX_ATTEMPTS, true).build();
    }

    /**
     * {@code builder} of any other regional service, configured like the Config client (the near-real-time
     * trigger builds its DynamoDB and SQS clients with it, so the rule jar need not carry them).
     */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B regional(B builder,
            AwsCredentialsProvider credentials) {
        return configure(builder, region, credentials, CONFIG_MAX_ATTEMPTS, true);
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>>
            B configure(B builder, Region clientRegion, AwsCredentialsProvider credentials, int maxAttempts,
                    boolean circuitBreaker) {
        builder.region(clientRegion)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(maxAttempts)
                                .circuitBreakerEnabled(circuitBreaker)
                                .build())
                        .addExecutionInterceptor(calls)
                        .build());
        endpointOverride.ifPresent(builder::endpointOverride);
        return builder;
    }

    @Override
    public void close() {
        http.close();
    }
}
