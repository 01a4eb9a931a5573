package io.github.setupkeys.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.trigger.DebounceLimits;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The organization deployment reads the near-real-time keys (they were silently ignored there before). */
class OrganizationNearRealTimeSettingsTest {

    private static final OrganizationSettings ORGANIZATION = OrganizationSettings.fromContext(Map.<String, Object>of(
            "organizationId", "o-a1b2c3d4e5", "evaluationRegion", "eu-west-1",
            "organizationalUnitIds", "ou-ab12-cdef3456", "excludedAccounts", "999988887777,111122223333")::get);

    @Test
    void itIsOnByDefaultWithTheSingleAccountLimitsInTheEvaluationRegion() {
        OrganizationNearRealTimeSettings settings = read(Map.of());

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.trigger().ruleRegion()).isEqualTo("eu-west-1");
        assertThat(settings.trigger().limits()).isEqualTo(DebounceLimits.DEFAULTS);
        assertThat(settings.trigger().batchingWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.excludedAccounts()).isEmpty();
        assertThat(settings.ignoredAccounts(ORGANIZATION)).containsExactly("111122223333", "999988887777");
    }

    @Test
    void theNearRealTimeKeysAreReadAsInOneAccount() {
        OrganizationNearRealTimeSettings settings = read(Map.of("nearRealTimeMinimumIntervalSeconds", "1800",
                "nearRealTimeDailyCap", 4, "nearRealTimeBatchingWindowSeconds", 0));

        assertThat(settings.trigger().limits()).isEqualTo(new DebounceLimits(Duration.ofMinutes(30), 4));
        assertThat(settings.trigger().batchingWindow()).isZero();
    }

    @Test
    void falseTurnsItOff() {
        assertThat(read(Map.of("nearRealTime", "false")).enabled()).isFalse();
    }

    @Test
    void accountsLeftOutAreAddedToTheOrganizationsOwnExclusions() {
        OrganizationNearRealTimeSettings settings = read(Map.of("nearRealTimeExcludedAccounts",
                List.of("444455556666", "111122223333")));

        assertThat(settings.excludedAccounts()).containsExactly("444455556666", "111122223333");
        assertThat(settings.ignoredAccounts(ORGANIZATION)).containsExactly("111122223333", "444455556666",
                "999988887777");
    }

    @Test
    void aBadLimitIsRefusedNamingTheKeyAsInOneAccount() {
        assertThatThrownBy(() -> read(Map.of("nearRealTimeDailyCap", 0)))
                .hasMessageStartingWith("context nearRealTimeMinimumIntervalSeconds=900, nearRealTimeDailyCap=0 are invalid");
        assertThatThrownBy(() -> read(Map.of("nearRealTime", "yes"))).hasMessageContaining("nearRealTime");
    }

    @Test
    void aRuleRegionOtherThanTheEvaluationRegionIsRefused() {
        assertThatThrownBy(() -> read(Map.of("ruleRegion", "us-east-1")))
                .hasMessage("context ruleRegion=us-east-1 is for the single-account deployment: the organization's "
                        + "trigger runs in evaluationRegion=eu-west-1; leave ruleRegion out");
        assertThat(read(Map.of("ruleRegion", "eu-west-1")).enabled()).isTrue();
    }

    @Test
    void excludedAccountsThatAreNotAccountIdsAreRefused() {
        assertThatThrownBy(() -> read(Map.of("nearRealTimeExcludedAccounts", "44445555666")))
                .hasMessage("context nearRealTimeExcludedAccounts=44445555666 is invalid: expected 12-digit account ids, "
                        + "comma-separated");
    }

    @Test
    void accountsLeftOutOfWhatIsOffContradictEachOtherAndAreRefused() {
        assertThatThrownBy(() -> read(Map.of("nearRealTime", "false", "nearRealTimeExcludedAccounts", "444455556666")))
                .hasMessageContaining("nearRealTime=false leaves out every account: give one or the other");
    }

    private static OrganizationNearRealTimeSettings read(Map<String, Object> context) {
        return OrganizationNearRealTimeSettings.fromContext(new HashMap<>(context)::get, ORGANIZATION);
    }
}
