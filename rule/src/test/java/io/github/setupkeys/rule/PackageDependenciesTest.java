package io.github.setupkeys.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule's packages, imported one way: each may use only the packages listed below it, never one above it
 * nor a peer on its own line, so the dependency picture has no arrow running back up. The order is the one the
 * README's layout section and docs/design.md show.
 *
 * <p>It reads the sources, not the bytecode: an import kept only for a {@code {@link}} counts too, as does a
 * name written out in full.
 */
class PackageDependenciesTest {

    /** Top to bottom; packages on one line are peers. The empty name is {@code io.github.setupkeys.rule} itself. */
    static final List<Set<String>> LAYERS = List.of(
            Set.of(""),                 // ConfigRuleHandler: the Lambda entry point, wires the real clients
            Set.of("priming", "cli"),   // SnapStart priming; the scan command
            Set.of("aws"),              // the SDK adapters of the ports below
            Set.of("config"),           // the Config protocol: events, evaluations written, one invocation
            Set.of("evaluation"),       // the single-user and bulk paths over IAM facts
            Set.of("report"),           // credential reports
            Set.of("domain"));          // the rule itself: facts in, verdict out

    private static final Path SOURCES = Path.of("src/main/java/io/github/setupkeys/rule");
    /** A class of a rule package ({@code rule.config.ConfigRule}), or of the root package ({@code rule.ConfigRuleHandler}). */
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.github\\.setupkeys\\.rule\\.(?:([a-z]\\w*)\\.|[A-Z])");

    @Test
    void everyPackageUsesOnlyPackagesBelowIt() {
        Map<String, Set<String>> uses = uses(SOURCES);

        assertThat(uses.keySet()).as("packages of the rule module, each placed in LAYERS")
                .containsExactlyInAnyOrderElementsOf(LAYERS.stream().flatMap(Set::stream).toList());
        assertThat(violations(uses)).isEmpty();
    }

    @Test
    void anImportFromALowerPackageToAHigherOneIsAViolation() {
        Map<String, Set<String>> uses = Map.of("aws", Set.of("config", "domain"), "config", Set.of("aws"),
                "cli", Set.of("priming"), "domain", Set.of());

        assertThat(violations(uses)).containsExactly("cli uses priming, a peer on its own line",
                "config uses aws, which is above it");
    }

    /** What breaks the order, one line each. */
    static List<String> violations(Map<String, Set<String>> uses) {
        List<String> found = new ArrayList<>();
        new TreeMap<>(uses).forEach((user, used) -> new TreeSet<>(used).forEach(target -> {
            int from = layer(user);
            int to = layer(target);
            if (to < from) {
                found.add(shown(user) + " uses " + shown(target) + ", which is above it");
            } else if (to == from && !target.equals(user)) {
                found.add(shown(user) + " uses " + shown(target) + ", a peer on its own line");
            }
        }));
        return found;
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        throw new AssertionError("package " + shown(pkg) + " is not placed in LAYERS");
    }

    private static String shown(String pkg) {
        return pkg.isEmpty() ? "the root package" : pkg;
    }

    /** For each package under {@code root} (by folder), the rule packages its sources name. */
    private static Map<String, Set<String>> uses(Path root) {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> used = uses.computeIfAbsent(pkg, name -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(Files.readString(file));
                while (reference.find()) {
                    used.add(reference.group(1) == null ? "" : reference.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }
}
