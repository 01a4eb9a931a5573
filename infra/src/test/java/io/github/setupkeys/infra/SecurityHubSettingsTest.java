package io.github.setupkeys.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.rule.domain.Severity;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecurityHubSettingsTest {

    @Test
    void offUnlessAskedForAndThenAtTheRulesSeverity() {
        assertThat(read(Map.of(), false)).isEqualTo(SecurityHubSettings.OFF);
        assertThat(read(Map.of("securityHub", "false"), false)).isEqualTo(SecurityHubSettings.OFF);
        assertThat(read(Map.of("securityHub", true), false))
                .isEqualTo(new SecurityHubSettings(true, Severity.MEDIUM, Optional.empty()));
    }

    @Test
    void theSeverityAndTheOrganizationsSecurityHubAccountAreRead() {
        assertThat(read(Map.of("securityHub", "true", "securityHubSeverity", "HIGH", "securityHubAccount", "444455556666"),
                true)).isEqualTo(new SecurityHubSettings(true, Severity.HIGH, Optional.of("444455556666")));
    }

    @Test
    void aSeverityOutsideSecurityHubsLabelsIsRefusedListingThem() {
        assertThatThrownBy(() -> read(Map.of("securityHub", "true", "securityHubSeverity", "medium"), false))
                .hasMessage("context securityHubSeverity=medium is invalid: expected one of INFORMATIONAL, LOW, MEDIUM, "
                        + "HIGH, CRITICAL");
    }

    @Test
    void anAccountThatIsNoAccountIdIsRefused() {
        assertThatThrownBy(() -> read(Map.of("securityHub", "true", "securityHubAccount", "4444-5555-6666"), true))
                .hasMessage("context securityHubAccount=4444-5555-6666 is invalid: expected the 12-digit id of the "
                        + "Security Hub administrator account");
    }

    @Test
    void aBadSwitchIsRefused() {
        assertThatThrownBy(() -> read(Map.of("securityHub", "yes"), false))
                .hasMessage("context securityHub=yes is invalid: expected true or false");
    }

    @Test
    void optionsWithoutTheSwitchContradictItAndAreRefused() {
        assertThatThrownBy(() -> read(Map.of("securityHubSeverity", "HIGH"), false))
                .hasMessage("context securityHubSeverity needs securityHub=true: without it nothing is deployed to "
                        + "Security Hub");
        assertThatThrownBy(() -> read(Map.of("securityHub", "false", "securityHubAccount", "444455556666"), true))
                .hasMessageStartingWith("context securityHubAccount needs securityHub=true");
    }

    @Test
    void aSecurityHubAccountIsAnOrganizationsOnly() {
        assertThatThrownBy(() -> read(Map.of("securityHub", "true", "securityHubAccount", "444455556666"), false))
                .hasMessage("context securityHubAccount applies to deployment=organization only: a single-account "
                        + "deployment puts everything into the account it is deployed to");
    }

    private static SecurityHubSettings read(Map<String, Object> context, boolean organization) {
        return SecurityHubSettings.fromContext(context::get, organization);
    }
}
