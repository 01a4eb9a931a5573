package io.github.setupkeys.rule.aws;

import io.github.setupkeys.rule.config.AccountAccess;
import io.github.setupkeys.rule.config.AccountConnection;
import io.github.setupkeys.rule.evaluation.Pause;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.Lazy;

/**
 * Account connections from real clients, built once per Lambda container: the own account's at start,
 * another account's on first use (its role's credentials refresh themselves before they expire). The STS client
 * is built with the first other account, so a rule that only evaluates its own account never pays for it.
 */
public final class AwsAccountAccess implements AccountAccess {

    static final String SESSION_NAME = "setupkeys-config-rule";

    private final AwsClients clients;
    private final ReportWait reportWait;
    private final AccountConnection own;
    private final Lazy<StsClient> sts;
    private final Map<String, AccountConnection> assumed = new ConcurrentHashMap<>();

    public AwsAccountAccess(AwsClients clients, AwsCredentialsProvider credentials) {
        this(clients, credentials, ReportWait.DEFAULT);
    }

    /** With {@code reportWait} bounding the wait for credential reports (tests shorten it). */
    public AwsAccountAccess(AwsClients clients, AwsCredentialsProvider credentials, ReportWait reportWait) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.reportWait = Objects.requireNonNull(reportWait, "reportWait");
        this.own = connect(credentials);
        this.sts = new Lazy<>(() -> clients.sts(credentials));
    }

    @Override
    public AccountConnection own() {
        return own;
    }

    @Override
    public AccountConnection assumed(String roleArn) {
        return assumed.computeIfAbsent(roleArn, arn -> connect(StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts.getValue())
                .refreshRequest(request -> request.roleArn(arn).roleSessionName(SESSION_NAME))
                .build()));
    }

    private AccountConnection connect(AwsCredentialsProvider credentials) {
        return new AccountConnection(new IamClientFacts(clients.iam(credentials), reportWait, Pause.SLEEP),
                new ConfigClientApi(clients.config(credentials)), clients.calls()::snapshot);
    }
}
