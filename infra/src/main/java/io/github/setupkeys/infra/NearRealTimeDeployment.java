package io.github.setupkeys.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * Adds near-real-time detection to the app when the context asks for it (it does by default): the trigger in
 * the rule's stack and, when the rule's region is not us-east-1, the stack that forwards IAM's events there.
 */
public final class NearRealTimeDeployment {

    private NearRealTimeDeployment() {
    }

    /**
     * @param defaultRegion the region the CDK CLI resolved from the deploying credentials
     *     ({@code CDK_DEFAULT_REGION}), used when the context names no {@code ruleRegion}; may be null
     */
    public static NearRealTimeSettings addTo(App app, SetupKeysStack stack, DeploymentSettings deployment,
            String defaultRegion) {
        NearRealTimeSettings settings = NearRealTimeSettings.fromContext(app.getNode()::tryGetContext, defaultRegion);
        if (settings.enabled()) {
            new NearRealTimeTrigger(stack, "NearRealTime", stack.rule(), deployment, settings, stack.failures());
        }
        if (settings.forwardsFromUsEast1()) {
            new IamEventForwardingStack(app, settings.ruleRegion(), StackProps.builder().analyticsReporting(false));
        }
        return settings;
    }
}
