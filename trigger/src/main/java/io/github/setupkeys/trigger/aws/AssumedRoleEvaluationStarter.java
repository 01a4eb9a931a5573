package io.github.setupkeys.trigger.aws;

import io.github.setupkeys.aws.AwsCall;
import io.github.setupkeys.trigger.CentralAccount;
import io.github.setupkeys.trigger.EvaluationStarter;
import io.github.setupkeys.trigger.MemberEvaluationStarter;
import io.github.setupkeys.trigger.RuleCopyNotFoundException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.LimitExceededException;
import software.amazon.awssdk.services.config.model.NoSuchConfigRuleException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * {@link MemberEvaluationStarter} with the Config and STS clients: in a member account through its re-evaluation
 * role (one session per account, refreshed by itself before it expires), in the central account with the function's
 * own credentials. The copy's name is looked up once per account ({@link RuleCopyLookup}) and remembered while the
 * container lives; when Config says the remembered copy is gone (the organization rule was deleted and created
 * again), it is looked up once more. {@code LimitExceededException} is an answer; every other failure propagates as
 * an {@link io.github.setupkeys.aws.AwsCallFailedException} naming the call.
 */
public final class AssumedRoleEvaluationStarter implements MemberEvaluationStarter {

    static final String SESSION_NAME = "setupkeys-trigger";

    private final ConfigClient config;
    private final StsClient sts;
    private final String roleName;
    private final RuleCopyLookup copies;
    private final Map<String, AwsCredentialsProvider> roles = new ConcurrentHashMap<>();
    private final Map<String, String> copyNames = new ConcurrentHashMap<>();

    public AssumedRoleEvaluationStarter(ConfigClient config, StsClient sts, String roleName, RuleCopyLookup copies) {
        this.config = Objects.requireNonNull(config, "config");
        this.sts = Objects.requireNonNull(sts, "sts");
        this.roleName = Objects.requireNonNull(roleName, "roleName");
        this.copies = Objects.requireNonNull(copies, "copies");
    }

    @Override
    public EvaluationStarter.Outcome start(String account, CentralAccount central) {
        Optional<AwsCredentialsProvider> credentials = account.equals(central.id()) ? Optional.empty()
                : Optional.of(role(account, central.partition()));
        // Resolved here so that a refused AssumeRole is named as such, not as the Config call it would fail.
        credentials.ifPresent(role -> AwsCall.named("sts:AssumeRole", role::resolveCredentials));
        String remembered = copyNames.get(account);
        if (remembered != null) {
            Optional<EvaluationStarter.Outcome> outcome = tryStart(remembered, credentials);
            if (outcome.isPresent()) {
                return outcome.get();
            }
            copyNames.remove(account, remembered);
        }
        String copy = copies.find(config, credentials, account);
        copyNames.put(account, copy);
        return tryStart(copy, credentials).orElseThrow(() -> new RuleCopyNotFoundException("account " + account
                + ": Config answered NoSuchConfigRuleException for the copy " + copy + " it had just listed"));
    }

    private AwsCredentialsProvider role(String account, String partition) {
        String roleArn = "arn:" + partition + ":iam::" + account + ":role/" + roleName;
        return roles.computeIfAbsent(roleArn, arn -> StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(request -> request.roleArn(arn).roleSessionName(SESSION_NAME))
                .build());
    }

    /** The outcome, or empty when Config knows no rule of that name (any more). */
    private Optional<EvaluationStarter.Outcome> tryStart(String copy, Optional<AwsCredentialsProvider> credentials) {
        return AwsCall.named("config:StartConfigRulesEvaluation", () -> {
            try {
                config.startConfigRulesEvaluation(request -> request.configRuleNames(copy)
                        .overrideConfiguration(RuleCopyLookup.override(credentials)));
                return Optional.of(EvaluationStarter.Outcome.STARTED);
            } catch (LimitExceededException running) {
                return Optional.of(EvaluationStarter.Outcome.ALREADY_RUNNING);
            } catch (NoSuchConfigRuleException gone) {
                return Optional.empty();
            }
        });
    }
}
