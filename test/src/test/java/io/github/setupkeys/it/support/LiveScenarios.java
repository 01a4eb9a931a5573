package io.github.setupkeys.it.support;

import io.github.setupkeys.rule.domain.ComplianceType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The scenarios of design.md §1.6 as seeds of a moto account, for every path that evaluates live users (the IAM
 * facts, the Config rule handler). Every key here is created seconds after its user, so it is a setup key
 * unless a scenario narrows the window. Arguments: name, rule parameters, expected verdict, seed.
 */
public final class LiveScenarios {

    /** What a scenario seeded: the user to evaluate and the key ids it must be reported for. */
    public record Seeded(String userName, List<String> offendingKeyIds) {
    }

    private LiveScenarios() {
    }

    public static Stream<Arguments> scenarios() {
        return Stream.of(
                row("1. console password + unused active setup key -> NON_COMPLIANT naming the key", Map.of(),
                        ComplianceType.NON_COMPLIANT, seed -> {
                            seed.user("alice");
                            seed.consolePassword("alice");
                            return new Seeded("alice", List.of(seed.accessKey("alice")));
                        }),
                row("2. console password, no keys -> COMPLIANT", Map.of(), ComplianceType.COMPLIANT, seed -> {
                    seed.user("bob");
                    seed.consolePassword("bob");
                    return new Seeded("bob", List.of());
                }),
                row("3. no console password + unused setup key -> NOT_APPLICABLE", Map.of(),
                        ComplianceType.NOT_APPLICABLE, seed -> {
                            seed.user("svc");
                            seed.accessKey("svc");
                            return new Seeded("svc", List.of());
                        }),
                row("4a. console password + setup key really used -> COMPLIANT", Map.of(),
                        ComplianceType.COMPLIANT, seed -> {
                            seed.user("carol");
                            seed.consolePassword("carol");
                            seed.use(seed.accessKey("carol"));
                            return new Seeded("carol", List.of());
                        }),
                row("4b. the same with requireNeverUsed=false -> NON_COMPLIANT", Map.of("requireNeverUsed", "false"),
                        ComplianceType.NON_COMPLIANT, seed -> {
                            seed.user("carol");
                            seed.consolePassword("carol");
                            String key = seed.accessKey("carol");
                            seed.use(key);
                            return new Seeded("carol", List.of(key));
                        }),
                row("5a. console password + inactive unused setup key -> COMPLIANT", Map.of(),
                        ComplianceType.COMPLIANT, seed -> {
                            seed.user("dave");
                            seed.consolePassword("dave");
                            seed.deactivate("dave", seed.accessKey("dave"));
                            return new Seeded("dave", List.of());
                        }),
                row("5b. the same with includeInactiveKeys=true -> NON_COMPLIANT",
                        Map.of("includeInactiveKeys", "true"), ComplianceType.NON_COMPLIANT, seed -> {
                            seed.user("dave");
                            seed.consolePassword("dave");
                            String key = seed.accessKey("dave");
                            seed.deactivate("dave", key);
                            return new Seeded("dave", List.of(key));
                        }),
                row("6. console password + unused key created after the window (a rotation) -> COMPLIANT",
                        Map.of("setupWindowSeconds", "1"), ComplianceType.COMPLIANT, seed -> {
                            seed.user("erin");
                            seed.consolePassword("erin");
                            sleep(Duration.ofMillis(2100));
                            seed.accessKey("erin");
                            return new Seeded("erin", List.of());
                        }),
                row("7. one used and one unused setup key -> NON_COMPLIANT naming only the unused one", Map.of(),
                        ComplianceType.NON_COMPLIANT, seed -> {
                            seed.user("frank");
                            seed.consolePassword("frank");
                            seed.use(seed.accessKey("frank"));
                            return new Seeded("frank", List.of(seed.accessKey("frank")));
                        }),
                row("8. console password never used (fresh user) + unused setup key -> NON_COMPLIANT", Map.of(),
                        ComplianceType.NON_COMPLIANT, seed -> {
                            seed.user("fresh");
                            seed.consolePassword("fresh");
                            return new Seeded("fresh", List.of(seed.accessKey("fresh")));
                        }),
                row("11. user carrying the exempt tag -> NOT_APPLICABLE", Map.of("exemptTag", "setupkeys=exempt"),
                        ComplianceType.NOT_APPLICABLE, seed -> {
                            seed.user("breakglass");
                            seed.consolePassword("breakglass");
                            seed.accessKey("breakglass");
                            seed.tag("breakglass", "setupkeys", "exempt");
                            return new Seeded("breakglass", List.of());
                        }),
                row("12. name with +=,.@_- on a path -> NON_COMPLIANT", Map.of(), ComplianceType.NON_COMPLIANT,
                        seed -> {
                            seed.user("a+b=c,d.e@f_g-h", "/team/ops/");
                            seed.consolePassword("a+b=c,d.e@f_g-h");
                            return new Seeded("a+b=c,d.e@f_g-h", List.of(seed.accessKey("a+b=c,d.e@f_g-h")));
                        }),
                row("12. name with +=,.@_- on a path without a password -> NOT_APPLICABLE", Map.of(),
                        ComplianceType.NOT_APPLICABLE, seed -> {
                            seed.user("x.y@z", "/team/ops/");
                            seed.accessKey("x.y@z");
                            return new Seeded("x.y@z", List.of());
                        }));
    }

    private static Arguments row(String name, Map<String, String> parameters, ComplianceType expected,
            Function<IamSeeder, Seeded> given) {
        return Arguments.of(name, parameters, expected, given);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
