package io.github.setupkeys.infra;

import io.github.setupkeys.rule.domain.IamNames;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Near-real-time detection in the organization deployment, read from the CDK context like
 * {@link NearRealTimeSettings} (the same keys: {@code nearRealTime}, the batching window, the minimum interval, the
 * daily cap, the trigger jar) plus the accounts it leaves out. It is on unless {@code nearRealTime=false}; a bad
 * value fails synthesis naming the key.
 *
 * @param trigger the settings both deployments' triggers read; its region is the evaluation region
 * @param excludedAccounts accounts that get no forwarding rule and whose events the trigger ignores, on top of the
 *     organization's {@code excludedAccounts}
 */
public record OrganizationNearRealTimeSettings(NearRealTimeSettings trigger, List<String> excludedAccounts) {

    public static final String EXCLUDED_ACCOUNTS = "nearRealTimeExcludedAccounts";

    public OrganizationNearRealTimeSettings {
        Objects.requireNonNull(trigger, "trigger");
        excludedAccounts = List.copyOf(excludedAccounts);
        for (String account : excludedAccounts) {
            if (!IamNames.ACCOUNT_ID.matcher(account).matches()) {
                throw new IllegalArgumentException("context " + EXCLUDED_ACCOUNTS + "=" + account + " is invalid: "
                        + "expected 12-digit account ids, comma-separated");
            }
        }
        if (!trigger.enabled() && !excludedAccounts.isEmpty()) {
            throw new IllegalArgumentException("context " + EXCLUDED_ACCOUNTS + " names accounts to leave out of "
                    + "near-real-time detection, but " + NearRealTimeSettings.NEAR_REAL_TIME + "=false leaves out every "
                    + "account: give one or the other");
        }
    }

    /**
     * Reads the settings through {@code lookup}. The trigger runs where the organization is evaluated, so
     * {@code ruleRegion}, the single-account deployment's key, may only repeat {@code evaluationRegion}.
     */
    public static OrganizationNearRealTimeSettings fromContext(Function<String, Object> lookup,
            OrganizationSettings organization) {
        NearRealTimeSettings trigger = NearRealTimeSettings.fromContext(lookup, organization.evaluationRegion());
        if (!trigger.ruleRegion().equals(organization.evaluationRegion())) {
            throw new IllegalArgumentException("context " + NearRealTimeSettings.RULE_REGION + "=" + trigger.ruleRegion()
                    + " is for the single-account deployment: the organization's trigger runs in "
                    + OrganizationSettings.EVALUATION_REGION + "=" + organization.evaluationRegion() + "; leave "
                    + NearRealTimeSettings.RULE_REGION + " out");
        }
        return new OrganizationNearRealTimeSettings(trigger, OrganizationSettings.list(lookup.apply(EXCLUDED_ACCOUNTS)));
    }

    public boolean enabled() {
        return trigger.enabled();
    }

    /** Every account left out of near-real-time detection: the organization's exclusions and this deployment's. */
    public List<String> ignoredAccounts(OrganizationSettings organization) {
        return List.copyOf(new TreeSet<>(Stream.concat(organization.excludedAccounts().stream(),
                excludedAccounts.stream()).toList()));
    }
}
