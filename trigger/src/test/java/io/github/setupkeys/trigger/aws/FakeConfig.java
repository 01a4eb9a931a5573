package io.github.setupkeys.trigger.aws;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ConfigRule;
import software.amazon.awssdk.services.config.model.DescribeConfigRulesRequest;
import software.amazon.awssdk.services.config.model.DescribeConfigRulesResponse;
import software.amazon.awssdk.services.config.model.Owner;
import software.amazon.awssdk.services.config.model.StartConfigRulesEvaluationRequest;
import software.amazon.awssdk.services.config.model.StartConfigRulesEvaluationResponse;

/**
 * Config's two calls the organization's trigger makes, answered in memory: {@code DescribeConfigRules} in pages of
 * {@code pageSize} from the rules a test gives, and {@code StartConfigRulesEvaluation} as the test scripts it. Every
 * request is kept, with the credentials it overrode.
 */
final class FakeConfig implements ConfigClient {

    static final String FUNCTION = "arn:aws:lambda:eu-west-1:111122223333:function:Rule:live";
    static final String PATH = "aws-service-rule/config-multiaccountsetup.amazonaws.com/";

    final List<ConfigRule> rules = new ArrayList<>();
    final List<DescribeConfigRulesRequest> describes = new ArrayList<>();
    final List<StartConfigRulesEvaluationRequest> starts = new ArrayList<>();
    final Deque<Function<StartConfigRulesEvaluationRequest, StartConfigRulesEvaluationResponse>> answers =
            new ArrayDeque<>();
    int pageSize = 25;

    /** A rule of {@code account} at {@code path + id}, invoking {@code function}. */
    static ConfigRule rule(String account, String path, String id, String name, String function) {
        return ConfigRule.builder().configRuleName(name)
                .configRuleArn("arn:aws:config:eu-west-1:" + account + ":config-rule/" + path + id)
                .source(source -> source.owner(Owner.CUSTOM_LAMBDA).sourceIdentifier(function)).build();
    }

    @Override
    public DescribeConfigRulesResponse describeConfigRules(DescribeConfigRulesRequest request) {
        describes.add(request);
        int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        int to = Math.min(rules.size(), from + pageSize);
        return DescribeConfigRulesResponse.builder().configRules(rules.subList(from, to))
                .nextToken(to < rules.size() ? Integer.toString(to) : null).build();
    }

    @Override
    public StartConfigRulesEvaluationResponse startConfigRulesEvaluation(StartConfigRulesEvaluationRequest request) {
        starts.add(request);
        return answers.isEmpty() ? StartConfigRulesEvaluationResponse.builder().build() : answers.poll().apply(request);
    }

    @Override
    public String serviceName() {
        return "config";
    }

    @Override
    public void close() {
    }
}
