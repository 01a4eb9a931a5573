package io.github.setupkeys.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.constructs.Construct;

/**
 * A service-managed StackSet as the organization deployment creates them: every account of the organizational
 * units, now and later (automatic deployment; a stack is removed with its account), but those left out, in one
 * region. A quarter of the accounts at a time, and an operation stops once a tenth of them fail, rather than rolling
 * a broken template out to every account.
 */
final class ServiceManagedStackSet {

    static final int MAX_CONCURRENT_PERCENT = 25;
    static final int FAILURE_TOLERANCE_PERCENT = 10;

    /**
     * What one StackSet deploys, and where.
     *
     * @param name the StackSet's name (it cannot change once created)
     * @param capability {@code CAPABILITY_NAMED_IAM} or {@code CAPABILITY_IAM}
     * @param parameters the template's parameters and their values
     */
    record Spec(String name, String description, List<String> excludedAccounts, String region, String capability,
            Map<String, String> parameters, String templateBody) {
    }

    private ServiceManagedStackSet() {
    }

    static CfnStackSet create(Construct scope, String id, OrganizationSettings organization, Spec spec) {
        CfnStackSet.DeploymentTargetsProperty.Builder targets = CfnStackSet.DeploymentTargetsProperty.builder()
                .organizationalUnitIds(organization.organizationalUnitIds());
        if (!spec.excludedAccounts().isEmpty()) {
            targets.accountFilterType("DIFFERENCE").accounts(spec.excludedAccounts());
        }
        return CfnStackSet.Builder.create(scope, id)
                .stackSetName(spec.name())
                .description(spec.description())
                .permissionModel("SERVICE_MANAGED")
                .callAs(organization.centralAccount().callAs())
                .autoDeployment(CfnStackSet.AutoDeploymentProperty.builder()
                        .enabled(true)
                        .retainStacksOnAccountRemoval(false)
                        .build())
                .capabilities(List.of(spec.capability()))
                .operationPreferences(CfnStackSet.OperationPreferencesProperty.builder()
                        .maxConcurrentPercentage(MAX_CONCURRENT_PERCENT)
                        .failureTolerancePercentage(FAILURE_TOLERANCE_PERCENT)
                        .build())
                .parameters(spec.parameters().entrySet().stream().map(parameter -> CfnStackSet.ParameterProperty
                        .builder().parameterKey(parameter.getKey()).parameterValue(parameter.getValue()).build())
                        .toList())
                .stackInstancesGroup(List.of(CfnStackSet.StackInstancesProperty.builder()
                        .deploymentTargets(targets.build())
                        .regions(List.of(spec.region()))
                        .build()))
                .templateBody(spec.templateBody())
                .build();
    }
}
