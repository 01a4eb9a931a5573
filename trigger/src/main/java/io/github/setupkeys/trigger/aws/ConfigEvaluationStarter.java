package io.github.setupkeys.trigger.aws;

import io.github.setupkeys.aws.AwsCall;
import io.github.setupkeys.aws.AwsCallFailedException;
import io.github.setupkeys.trigger.EvaluationStarter;
import java.util.Objects;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.LimitExceededException;

/**
 * {@link EvaluationStarter} with the Config client: {@code LimitExceededException} (an evaluation of the rule
 * is running, or one started less than a minute ago) is an answer; every other failure propagates as an
 * {@link AwsCallFailedException}.
 */
public final class ConfigEvaluationStarter implements EvaluationStarter {

    private final ConfigClient config;

    public ConfigEvaluationStarter(ConfigClient config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public Outcome start(String configRuleName) {
        return AwsCall.named("config:StartConfigRulesEvaluation", () -> {
            try {
                config.startConfigRulesEvaluation(request -> request.configRuleNames(configRuleName));
                return Outcome.STARTED;
            } catch (LimitExceededException running) {
                return Outcome.ALREADY_RUNNING;
            }
        });
    }
}
