package io.github.setupkeys.it.support;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Puts IAM users, passwords and keys into moto, talking to moto directly (not through the stand-in, so
 * seeding is never counted as the rule's calls).
 */
public final class IamSeeder implements AutoCloseable {

    public static final StaticCredentialsProvider TEST_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    private final URI endpoint;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final IamClient iam;
    private final Map<String, AccessKey> keys = new ConcurrentHashMap<>();

    public IamSeeder(URI endpoint) {
        this(endpoint, TEST_CREDENTIALS);
    }

    /** Seeds the account that {@code credentials} belong to (moto maps assumed-role keys to their account). */
    public IamSeeder(URI endpoint, AwsCredentialsProvider credentials) {
        this.endpoint = endpoint;
        this.iam = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(endpoint).httpClient(http)
                .credentialsProvider(credentials).build();
    }

    public IamSeeder(MotoServer moto) {
        this(moto.endpoint());
    }

    public IamClient iam() {
        return iam;
    }

    public User user(String name) {
        return user(name, "/");
    }

    public User user(String name, String path) {
        return iam.createUser(request -> request.userName(name).path(path)).user();
    }

    public IamSeeder consolePassword(String userName) {
        iam.createLoginProfile(request -> request.userName(userName).password("Correct-Horse-Battery-9"));
        return this;
    }

    /** Creates an access key and returns its id. */
    public String accessKey(String userName) {
        AccessKey key = iam.createAccessKey(request -> request.userName(userName)).accessKey();
        keys.put(key.accessKeyId(), key);
        return key.accessKeyId();
    }

    public IamSeeder deactivate(String userName, String accessKeyId) {
        iam.updateAccessKey(request -> request.userName(userName).accessKeyId(accessKeyId).status(StatusType.INACTIVE));
        return this;
    }

    public IamSeeder tag(String userName, String key, String value) {
        iam.tagUser(request -> request.userName(userName).tags(tag -> tag.key(key).value(value)));
        return this;
    }

    /** Signs a real request with the key, which makes IAM (and moto) record it as used. */
    public IamSeeder use(String accessKeyId) {
        AccessKey key = keys.get(accessKeyId);
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .build()) {
            sts.getCallerIdentity();
        }
        return this;
    }

    /** Deletes the user with its password and keys, as IAM requires. */
    public void deleteUser(String userName) {
        iam.listAccessKeys(request -> request.userName(userName)).accessKeyMetadata()
                .forEach(key -> iam.deleteAccessKey(request -> request.userName(userName).accessKeyId(key.accessKeyId())));
        try {
            iam.deleteLoginProfile(request -> request.userName(userName));
        } catch (software.amazon.awssdk.services.iam.model.NoSuchEntityException noPassword) {
            // nothing to delete
        }
        iam.deleteUser(request -> request.userName(userName));
    }

    /** Runs {@code seed} for 0 … count-1 on a few threads: moto serves requests concurrently. */
    public static void inParallel(int count, java.util.function.IntConsumer seed) {
        java.util.stream.IntStream.range(0, count).boxed().toList().parallelStream().forEach(seed::accept);
    }

    @Override
    public void close() {
        iam.close();
        http.close();
    }
}
