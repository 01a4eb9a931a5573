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
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * How both functions configure their SDK clients: in the region they run in, all sharing one HTTP client (the
 * SDK's URL connection client: small, quick to start) and one {@link ApiCallCounter}, with the SDK's standard
 * retries, or its adaptive ones for a client whose calls share a tight quota. Each function builds the clients it
 * runs from here, so each jar carries only the services it calls.
 *
 * <p>Endpoints come from the SDK's default resolution, so {@code AWS_ENDPOINT_URL} and the per-service
 * {@code AWS_ENDPOINT_URL_<SERVICE>} variables point the clients at an emulator.
 */
public final class ClientConfiguration implements AutoCloseable {

    /** Attempts per call of a regional service (Config, STS, DynamoDB, SQS), the SDK's standard mode's first. */
    public static final int REGIONAL_MAX_ATTEMPTS = 5;

    /**
     * Idle connections the JDK keeps open per host for reuse. The URL connection client pools its connections in
     * the JDK's keep-alive cache, which keeps 5 per host unless {@code http.maxConnections} says otherwise; with
     * more calls in flight, the connections past the fifth would be closed as their calls end and opened (and
     * TLS-handshaken) again for the next ones. It is read
     * once, when the first connection is cached, so it is set here, before any client of this class connects,
     * unless the JVM was started with a value of its own.
     */
    public static final int IDLE_CONNECTIONS_PER_HOST = 32;

    static {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(IDLE_CONNECTIONS_PER_HOST));
        }
    }

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

    /**
     * {@code builder} of a regional service, with the standard retry mode: {@value #REGIONAL_MAX_ATTEMPTS} attempts
     * and its circuit breaker.
     */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B regional(B builder,
            AwsCredentialsProvider credentials) {
        return configure(builder, credentials, AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(REGIONAL_MAX_ATTEMPTS)
                .circuitBreakerEnabled(true)
                .build());
    }

    /**
     * {@code builder} with the SDK's adaptive retry mode and {@code maxAttempts} per call, for a client whose
     * calls, from several threads at once, draw on one quota. On top of the standard mode's retries it rate-limits
     * the client's own calls: after a throttling answer every call of the client, on whichever thread, waits its
     * turn at a rate that drops at each throttle and climbs back after (CUBIC), so a throttled burst slows the whole
     * client down instead of each thread retrying on its own. Its retry quota cannot be switched off (SDK 2.50.2
     * offers no way): a retry costs 5 of 500 tokens and a success returns one, so calls stop being retried only
     * when more than one attempt in six fails for hundreds of calls on end.
     */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B adaptive(B builder,
            AwsCredentialsProvider credentials, int maxAttempts) {
        return configure(builder, credentials, AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .build());
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder,
            AwsCredentialsProvider credentials, RetryStrategy retries) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(retries)
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
