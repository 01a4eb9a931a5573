package io.github.setupkeys.aws;

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

/**
 * How both functions configure their SDK clients: in the region they run in, all sharing one HTTP client (the
 * SDK's URL connection client: small, quick to start) and one {@link ApiCallCounter}, with the SDK's standard
 * retries. Each function builds the clients it runs from here, so each jar carries only the services it calls.
 *
 * <p>Endpoints come from the SDK's default resolution, so {@code AWS_ENDPOINT_URL} and the per-service
 * {@code AWS_ENDPOINT_URL_<SERVICE>} variables point the clients at an emulator.
 */
public final class ClientConfiguration implements AutoCloseable {

    /** Attempts per call of a regional service (Config, STS, DynamoDB, SQS), the SDK's standard mode's first. */
    public static final int REGIONAL_MAX_ATTEMPTS = 5;

    private final Region region;
    private final Optional<URI> endpointOverride;
    private final SdkHttpClient http;
    private final ApiCallCounter calls = new ApiCallCounter();

    /**
     * @param region the region the function runs in
     * @param endpointOverride one endpoint for every service, for tests that cannot set environment variables
     */
    public ClientConfiguration(Region region, Optional<URI> endpointOverride) {
        this(region, endpointOverride, UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build());
    }

    private ClientConfiguration(Region region, Optional<URI> endpointOverride, SdkHttpClient http) {
        this.region = Objects.requireNonNull(region, "region");
        this.endpointOverride = Objects.requireNonNull(endpointOverride, "endpointOverride");
        this.http = Objects.requireNonNull(http, "http");
    }

    /** Configured exactly as the real clients, but sending every call through {@code http}. */
    public static ClientConfiguration over(Region region, SdkHttpClient http) {
        return new ClientConfiguration(region, Optional.empty(), http);
    }

    /** Counts every call made by clients configured here. */
    public ApiCallCounter calls() {
        return calls;
    }

    /** {@code builder} of a regional service, with {@value #REGIONAL_MAX_ATTEMPTS} attempts and the circuit breaker. */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B regional(B builder,
            AwsCredentialsProvider credentials) {
        return configure(builder, credentials, REGIONAL_MAX_ATTEMPTS, true);
    }

    /** {@code builder} with {@code maxAttempts} per call, and the standard mode's circuit breaker if asked for. */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder,
            AwsCredentialsProvider credentials, int maxAttempts, boolean circuitBreaker) {
        builder.region(region)
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
