package io.github.setupkeys.rule.aws;

import io.github.setupkeys.aws.AwsCall;
import io.github.setupkeys.aws.AwsCallFailedException;
import io.github.setupkeys.rule.config.ConfigApi;
import io.github.setupkeys.rule.config.ConfigEvaluation;
import io.github.setupkeys.rule.config.ConfigurationItem;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.Evaluation;
import software.amazon.awssdk.services.config.model.EvaluationResultQualifier;
import software.amazon.awssdk.services.config.model.ResourceType;

/** {@link ConfigApi} with the AWS Config client. Failures leave as {@link AwsCallFailedException}. */
public final class ConfigClientApi implements ConfigApi {

    private final ConfigClient config;

    public ConfigClientApi(ConfigClient config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public List<String> putEvaluations(List<ConfigEvaluation> evaluations, String resultToken, boolean testMode) {
        List<Evaluation> sent = evaluations.stream().map(evaluation -> Evaluation.builder()
                .complianceResourceType(evaluation.resourceType())
                .complianceResourceId(evaluation.resourceId())
                .complianceType(ComplianceType.fromValue(evaluation.complianceType().name()))
                .annotation(evaluation.annotation())
                .orderingTimestamp(evaluation.orderingTimestamp())
                .build()).toList();
        return AwsCall.named("config:PutEvaluations", () -> config.putEvaluations(request -> request
                        .evaluations(sent).resultToken(resultToken).testMode(testMode))
                .failedEvaluations().stream().map(Evaluation::complianceResourceId).toList());
    }

    @Override
    public Set<String> resourcesWithResults(String configRuleName, String resourceType) {
        return AwsCall.named("config:GetComplianceDetailsByConfigRule", () -> {
            Set<String> ids = new LinkedHashSet<>();
            config.getComplianceDetailsByConfigRulePaginator(request -> request.configRuleName(configRuleName)
                            .complianceTypes(ComplianceType.COMPLIANT, ComplianceType.NON_COMPLIANT).limit(100))
                    .evaluationResults().forEach(result -> {
                        EvaluationResultQualifier qualifier =
                                result.evaluationResultIdentifier().evaluationResultQualifier();
                        if (resourceType.equals(qualifier.resourceType())) {
                            ids.add(qualifier.resourceId());
                        }
                    });
            return ids;
        });
    }

    @Override
    public ConfigurationItem latestConfigurationItem(String resourceType, String resourceId) {
        return AwsCall.named("config:GetResourceConfigHistory", () -> {
            var items = config.getResourceConfigHistory(request -> request
                    .resourceType(ResourceType.fromValue(resourceType)).resourceId(resourceId).limit(1))
                    .configurationItems();
            if (items.isEmpty()) {
                throw new IllegalStateException("config:GetResourceConfigHistory returned no configuration item for "
                        + resourceType + " " + resourceId);
            }
            var item = items.get(0);
            return new ConfigurationItem(item.resourceTypeAsString(), item.resourceId(), item.resourceName(),
                    item.configurationItemStatusAsString(), item.configurationItemCaptureTime());
        });
    }

}
