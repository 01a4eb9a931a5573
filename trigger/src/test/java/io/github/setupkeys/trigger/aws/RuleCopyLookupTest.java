package io.github.setupkeys.trigger.aws;

import static io.github.setupkeys.trigger.aws.FakeConfig.FUNCTION;
import static io.github.setupkeys.trigger.aws.FakeConfig.PATH;
import static io.github.setupkeys.trigger.aws.FakeConfig.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.trigger.RuleCopyNotFoundException;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.config.model.ConfigRule;
import software.amazon.awssdk.services.config.model.Owner;

/** How an account's copy of the organization rule is told apart from every other rule there. */
class RuleCopyLookupTest {

    private static final String ACCOUNT = "444455556666";
    private final FakeConfig config = new FakeConfig();
    private final RuleCopyLookup lookup = new RuleCopyLookup(FUNCTION, PATH);

    @Test
    void theCopyIsTheRuleUnderTheServicePathOfThisAccountThatInvokesTheRuleFunctionOnAnyPage() {
        IntStream.range(0, 60).forEach(i -> config.rules.add(rule(ACCOUNT, "", "config-rule-own" + i, "own-" + i,
                "arn:aws:lambda:eu-west-1:" + ACCOUNT + ":function:own")));
        config.rules.add(rule(ACCOUNT, PATH, "config-rule-q1w2e3", "OrgConfigRule-iam-user-no-setup-access-keys-q1w2e3",
                FUNCTION));

        assertThat(lookup.find(config, Optional.empty(), ACCOUNT))
                .isEqualTo("OrgConfigRule-iam-user-no-setup-access-keys-q1w2e3");
        assertThat(config.describes).hasSize(3);
    }

    @Test
    void aRuleOfTheAccountsOwnInvokingTheFunctionUnderAnotherPathIsNoCopy() {
        config.rules.add(rule(ACCOUNT, "", "config-rule-fake", "OrgConfigRule-iam-user-no-setup-access-keys-fake",
                FUNCTION));
        config.rules.add(rule(ACCOUNT, "aws-service-rule/config-conforms.amazonaws.com/", "config-rule-p",
                "iam-user-no-setup-access-keys-conformance-pack-p", FUNCTION));
        config.rules.add(rule("777788889999", PATH, "config-rule-x", "OrgConfigRule-x", FUNCTION));
        config.rules.add(rule(ACCOUNT, PATH, "config-rule-other", "OrgConfigRule-other-rule",
                "arn:aws:lambda:eu-west-1:111122223333:function:Other:live"));
        config.rules.add(ConfigRule.builder().configRuleName("OrgConfigRule-managed")
                .configRuleArn("arn:aws:config:eu-west-1:" + ACCOUNT + ":config-rule/" + PATH + "config-rule-m")
                .source(source -> source.owner(Owner.AWS).sourceIdentifier(FUNCTION)).build());

        assertThatThrownBy(() -> lookup.find(config, Optional.empty(), ACCOUNT))
                .isInstanceOf(RuleCopyNotFoundException.class)
                .hasMessage("account 444455556666 has no copy of the rule: no Config rule under config-rule/" + PATH
                        + " that invokes " + FUNCTION + " (the organization rule or pack has not reached it yet, or "
                        + "Config does not record there)");
    }

    @Test
    void twoCopiesAreRefusedRatherThanGuessedBetween() {
        config.rules.add(rule(ACCOUNT, PATH, "config-rule-a", "OrgConfigRule-one-a", FUNCTION));
        config.rules.add(rule(ACCOUNT, PATH, "config-rule-b", "OrgConfigRule-two-b", FUNCTION));

        assertThatThrownBy(() -> lookup.find(config, Optional.empty(), ACCOUNT))
                .hasMessageContaining("has 2 Config rules under").hasMessageContaining("OrgConfigRule-one-a, OrgConfigRule-two-b")
                .hasMessageEndingWith("expected one, so none is started");
    }

    @Test
    void aConformancePacksCopyIsFoundUnderItsOwnPath() {
        String packPath = "aws-service-rule/config-conforms.amazonaws.com/";
        config.rules.add(rule(ACCOUNT, PATH, "config-rule-org", "OrgConfigRule-x-org", FUNCTION));
        config.rules.add(rule(ACCOUNT, packPath, "config-rule-p", "iam-user-no-setup-access-keys-conformance-pack-p",
                FUNCTION));

        assertThat(new RuleCopyLookup(FUNCTION, packPath).find(config, Optional.empty(), ACCOUNT))
                .isEqualTo("iam-user-no-setup-access-keys-conformance-pack-p");
    }
}
