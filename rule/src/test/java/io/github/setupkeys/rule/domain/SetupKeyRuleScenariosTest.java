package io.github.setupkeys.rule.domain;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static io.github.setupkeys.rule.domain.TestUsers.inactiveKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenarios of design.md §1.6, one named row each, through the pure rule. Scenarios about Config events
 * (9: deleted user, 10: eventLeftScope) are rows of UserEvaluatorTest and ConfigRuleTest.
 */
class SetupKeyRuleScenariosTest {

    private static final RuleParameters DEFAULTS = RuleParameters.DEFAULTS;

    static Stream<Arguments> scenarios() {
        return Stream.of(
                row("1. console password + active key 5 s after the user, never used -> NON_COMPLIANT naming it",
                        aUser().withConsolePassword().withKey(activeKey().withId("AKIASETUP00000000001")
                                .createdAt(T0.plusSeconds(5))),
                        DEFAULTS, ComplianceType.NON_COMPLIANT, List.of("AKIASETUP00000000001")),
                row("2. console password, no keys -> COMPLIANT",
                        aUser().withConsolePassword(), DEFAULTS, ComplianceType.COMPLIANT, List.of()),
                row("3. no console password + unused setup key -> NOT_APPLICABLE",
                        aUser().withKey(activeKey().createdAt(T0.plusSeconds(5))),
                        DEFAULTS, ComplianceType.NOT_APPLICABLE, List.of()),
                row("4a. console password + setup key that has been used -> COMPLIANT",
                        aUser().withConsolePassword().withKey(activeKey().usedAt(T0.plusSeconds(60))),
                        DEFAULTS, ComplianceType.COMPLIANT, List.of()),
                row("4b. the same with requireNeverUsed=false -> NON_COMPLIANT",
                        aUser().withConsolePassword().withKey(activeKey().withId("AKIAUSED000000000001")
                                .usedAt(T0.plusSeconds(60))),
                        parameters(Map.of("requireNeverUsed", "false")), ComplianceType.NON_COMPLIANT,
                        List.of("AKIAUSED000000000001")),
                row("5a. console password + inactive unused setup key -> COMPLIANT",
                        aUser().withConsolePassword().withKey(inactiveKey()),
                        DEFAULTS, ComplianceType.COMPLIANT, List.of()),
                row("5b. the same with includeInactiveKeys=true -> NON_COMPLIANT",
                        aUser().withConsolePassword().withKey(inactiveKey().withId("AKIAINACTIVE00000001")),
                        parameters(Map.of("includeInactiveKeys", "true")), ComplianceType.NON_COMPLIANT,
                        List.of("AKIAINACTIVE00000001")),
                row("6. console password + unused key created 30 days after the user (a rotation) -> COMPLIANT",
                        aUser().withConsolePassword().withKey(activeKey().createdAt(T0.plus(Duration.ofDays(30)))),
                        DEFAULTS, ComplianceType.COMPLIANT, List.of()),
                row("7. two setup keys, one used, one unused -> NON_COMPLIANT naming only the unused one",
                        aUser().withConsolePassword()
                                .withKey(activeKey().withId("AKIAUSED000000000001").usedAt(T0.plusSeconds(90)))
                                .withKey(activeKey().withId("AKIAUNUSED0000000001").createdAt(T0.plusSeconds(7))),
                        DEFAULTS, ComplianceType.NON_COMPLIANT, List.of("AKIAUNUSED0000000001")),
                row("8. console password never used (fresh user) + unused setup key -> NON_COMPLIANT",
                        aUser().named("fresh").withConsolePassword().withKey(activeKey().withId("AKIAFRESH00000000001")),
                        DEFAULTS, ComplianceType.NON_COMPLIANT, List.of("AKIAFRESH00000000001")),
                row("11. user carrying the exempt tag -> NOT_APPLICABLE",
                        aUser().withConsolePassword().withKey(activeKey()).taggedWith("setupkeys", "exempt"),
                        parameters(Map.of("exemptTag", "setupkeys=exempt")), ComplianceType.NOT_APPLICABLE, List.of()),
                row("12. name with +=,.@_- and a path still NON_COMPLIANT",
                        aUser().named("a+b=c,d.e@f_g-h").withPath("/team/ops/").withConsolePassword()
                                .withKey(activeKey().withId("AKIAPATHUSER00000001")),
                        DEFAULTS, ComplianceType.NON_COMPLIANT, List.of("AKIAPATHUSER00000001")),
                row("12. name with +=,.@_- and a path still COMPLIANT without keys",
                        aUser().named("a+b=c,d.e@f_g-h").withPath("/team/ops/").withConsolePassword(),
                        DEFAULTS, ComplianceType.COMPLIANT, List.of()),
                row("12. name with +=,.@_- and a path still NOT_APPLICABLE without a password",
                        aUser().named("a+b=c,d.e@f_g-h").withPath("/team/ops/").withKey(activeKey()),
                        DEFAULTS, ComplianceType.NOT_APPLICABLE, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(String name, TestUsers.UserBuilder user, RuleParameters parameters, ComplianceType expected,
            List<String> offendingKeyIds) {
        Verdict verdict = SetupKeyRule.evaluate(user.facts(), parameters);

        assertThat(verdict.complianceType()).isEqualTo(expected);
        assertThat(verdict.offendingKeys()).extracting(OffendingKey::accessKeyId).containsExactlyElementsOf(offendingKeyIds);
        offendingKeyIds.forEach(id -> assertThat(verdict.annotation()).contains(id));
        assertThat(verdict.annotation()).hasSizeLessThanOrEqualTo(Annotation.MAX_LENGTH);
    }

    private static Arguments row(String name, TestUsers.UserBuilder user, RuleParameters parameters,
            ComplianceType expected, List<String> offendingKeyIds) {
        return Arguments.of(name, user, parameters, expected, offendingKeyIds);
    }

    private static RuleParameters parameters(Map<String, String> values) {
        return RuleParameters.fromMap(values);
    }
}
