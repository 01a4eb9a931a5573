package io.github.setupkeys.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.infra.OrganizationSettings.CentralAccount;
import io.github.setupkeys.infra.OrganizationSettings.Evaluation;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OrganizationSettingsTest {

    private static final Map<String, Object> REQUIRED = Map.of("organizationId", "o-a1b2c3d4e5",
            "evaluationRegion", "us-east-1", "organizationalUnitIds", "ou-ab12-cdef3456");

    @Test
    void onlyTheOrganizationTheRegionAndTheOrganizationalUnitsAreRequired() {
        OrganizationSettings settings = OrganizationSettings.fromContext(REQUIRED::get);

        assertThat(settings).isEqualTo(new OrganizationSettings("o-a1b2c3d4e5", "us-east-1", List.of("ou-ab12-cdef3456"), List.of(),
                "IamUserSetupKeysRuleExecution", CentralAccount.MANAGEMENT, Evaluation.ORGANIZATION_RULE, List.of()));
    }

    @Test
    void everySettingCanBeGivenOnTheCommandLineWithListsCommaSeparated() {
        OrganizationSettings settings = OrganizationSettings.fromContext(with(Map.of(
                "organizationalUnitIds", "ou-ab12-cdef3456, r-ab12",
                "excludedAccounts", "111122223333,444455556666",
                "executionRoleName", "Cis111Evaluation",
                "centralAccount", "delegatedAdministrator",
                "evaluateWith", "conformancePack",
                "sourceAccounts", "111122223333"))::get);

        assertThat(settings).isEqualTo(new OrganizationSettings("o-a1b2c3d4e5", "us-east-1", List.of("ou-ab12-cdef3456", "r-ab12"),
                List.of("111122223333", "444455556666"), "Cis111Evaluation", CentralAccount.DELEGATED_ADMINISTRATOR,
                Evaluation.CONFORMANCE_PACK, List.of("111122223333")));
        assertThat(settings.centralAccount().callAs()).isEqualTo("DELEGATED_ADMIN");
    }

    @Test
    void listsCanBeJsonArraysAsInCdkJson() {
        OrganizationSettings settings = OrganizationSettings.fromContext(with(Map.of(
                "organizationalUnitIds", List.of("ou-ab12-cdef3456", "ou-ab12-99998888"),
                "excludedAccounts", List.of("111122223333")))::get);

        assertThat(settings.organizationalUnitIds()).containsExactly("ou-ab12-cdef3456", "ou-ab12-99998888");
        assertThat(settings.excludedAccounts()).containsExactly("111122223333");
    }

    @Test
    void withoutTheOrganizationIdTheDeploymentStopsSayingWhyItIsNeeded() {
        Map<String, Object> context = new HashMap<>(REQUIRED);
        context.remove("organizationId");

        assertThatThrownBy(() -> OrganizationSettings.fromContext(context::get))
                .hasMessage("context organizationId= is invalid: expected the organization's id, o- and 10 to 32 "
                        + "lowercase letters or digits (aws organizations describe-organization --query "
                        + "Organization.Id): the function may assume member roles only in this organization's accounts");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"o-a1b2c3d4", "o-A1B2C3D4E5", "a1b2c3d4e5", "o-a1b2c3d4e5*", "ou-ab12-cdef3456", "r-ab12",
            "o-a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q"})
    void anOrganizationIdMustHaveItsForm(String id) {
        assertThatThrownBy(() -> OrganizationSettings.fromContext(with(Map.of("organizationId", id))::get))
                .hasMessageStartingWith("context organizationId=" + id + " is invalid: expected the organization's id");
    }

    @Test
    void theRuleCopiesLiveUnderThePathOfTheServiceThatCreatesThem() {
        assertThat(Evaluation.ORGANIZATION_RULE.copiesPath())
                .isEqualTo("aws-service-rule/config-multiaccountsetup.amazonaws.com/*");
        assertThat(Evaluation.CONFORMANCE_PACK.copiesPath()).isEqualTo("aws-service-rule/config-conforms.amazonaws.com/*");
    }

    @Test
    void severalEvaluationRegionsAreRefusedBecauseIamIsGlobal() {
        assertThatThrownBy(() -> OrganizationSettings.fromContext(with(Map.of(
                "evaluationRegion", "us-east-1,eu-west-1"))::get))
                .hasMessageStartingWith("context evaluationRegion=us-east-1,eu-west-1 names 2 regions: IAM is global, "
                        + "so deploy its evaluation to one region only");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"eu-central-2", "ap-southeast-4", "il-central-1"})
    void aRegionWhereConfigCannotRecordIamUsersIsRefused(String region) {
        assertThatThrownBy(() -> OrganizationSettings.fromContext(with(Map.of("evaluationRegion", region))::get))
                .hasMessageContaining("evaluationRegion=" + region)
                .hasMessageContaining("cannot record AWS::IAM::User");
    }

    @Test
    void withoutAnEvaluationRegionTheDeploymentStops() {
        Map<String, Object> context = new HashMap<>(REQUIRED);
        context.remove("evaluationRegion");

        assertThatThrownBy(() -> OrganizationSettings.fromContext(context::get))
                .hasMessage("context evaluationRegion= is invalid: expected exactly one region, the one whose AWS Config "
                        + "recorders record AWS::IAM::User");
    }

    @Test
    void aRegionMustLookLikeOne() {
        assertThatThrownBy(() -> OrganizationSettings.fromContext(with(Map.of("evaluationRegion", "Virginia"))::get))
                .hasMessageContaining("evaluationRegion=Virginia is invalid");
    }

    @Test
    void withoutOrganizationalUnitsTheStackSetWouldDeployNowhere() {
        assertThatThrownBy(() -> OrganizationSettings.fromContext(Map.<String, Object>of(
                "organizationId", "o-a1b2c3d4e5", "evaluationRegion", "us-east-1")::get))
                .hasMessageContaining("organizationalUnitIds")
                .hasMessageContaining("the member-account StackSet deploys there");
    }

    @Test
    void organizationalUnitsAndAccountsMustHaveTheirForm() {
        assertThatThrownBy(() -> OrganizationSettings.fromContext(with(Map.of("organizationalUnitIds", "Sandbox"))::get))
                .hasMessage("context organizationalUnitIds=Sandbox is invalid: expected organizational unit ids "
                        + "(ou-xxxx-xxxxxxxx) or the root id (r-xxxx), comma-separated");
        assertThatThrownBy(() -> OrganizationSettings.fromContext(with(Map.of("excludedAccounts", "1234"))::get))
                .hasMessageContaining("excludedAccounts=1234 is invalid");
        assertThatThrownBy(() -> OrganizationSettings.fromContext(with(Map.of("sourceAccounts", "x"))::get))
                .hasMessageContaining("sourceAccounts=x is invalid");
    }

    @Test
    void theExecutionRoleNameIsAPlainRoleName() {
        assertThatThrownBy(() -> OrganizationSettings.fromContext(with(Map.of(
                "executionRoleName", "team/Evaluation"))::get))
                .hasMessageContaining("executionRoleName=team/Evaluation is invalid: expected an IAM role name without a path");
    }

    @Test
    void moreSourceAccountsThanTheFunctionPolicyHoldsAreRefused() {
        String accounts = String.join(",", Collections.nCopies(46, "111122223333"));

        assertThatThrownBy(() -> OrganizationSettings.fromContext(with(Map.of("sourceAccounts", accounts))::get))
                .hasMessageContaining("sourceAccounts=46 accounts is invalid: expected at most 45");
    }

    @Test
    void theCentralAccountAndTheEvaluationAreChoicesFromAList() {
        assertThatThrownBy(() -> OrganizationSettings.fromContext(with(Map.of("centralAccount", "admin"))::get))
                .hasMessage("context centralAccount=admin is invalid: expected one of management, delegatedAdministrator");
        assertThatThrownBy(() -> OrganizationSettings.fromContext(with(Map.of("evaluateWith", "rule"))::get))
                .hasMessage("context evaluateWith=rule is invalid: expected one of organizationRule, conformancePack");
    }

    @Test
    void theSingleAccountDeploymentStaysTheDefault() {
        assertThat(OrganizationSettings.requested(Map.<String, Object>of()::get)).isFalse();
        assertThat(OrganizationSettings.requested(Map.<String, Object>of("deployment", "account")::get)).isFalse();
        assertThat(OrganizationSettings.requested(Map.<String, Object>of("deployment", "organization")::get)).isTrue();
        assertThatThrownBy(() -> OrganizationSettings.requested(Map.<String, Object>of("deployment", "org")::get))
                .hasMessage("context deployment=org is invalid: expected account (the default) or organization");
    }

    private static Map<String, Object> with(Map<String, Object> overrides) {
        Map<String, Object> context = new HashMap<>(REQUIRED);
        context.putAll(overrides);
        return context;
    }
}
