package io.github.setupkeys.rule.domain;

import java.util.List;
import java.util.Objects;

/**
 * Where the recommendation sits in some versions of the CIS AWS Foundations Benchmark: its number there, the
 * versions that give it that number, and how the documentation names those versions together.
 *
 * @param number the recommendation's number in these versions ({@code 1.11})
 * @param versions each version, as the benchmark names it ({@code v1.4.0})
 * @param label the versions in one phrase ({@code v1.3.0-v4.0.x}); also a Security Hub user-defined field's key
 */
public record CisRecommendation(String number, List<String> versions, String label) {

    public static final String BENCHMARK = "CIS AWS Foundations Benchmark";

    public CisRecommendation {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(label, "label");
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a recommendation number belongs to at least one version");
        }
    }

    /**
     * Each version's requirement as Security Hub writes a CIS requirement, {@code <benchmark> <version>/<number>}
     * ({@code CIS AWS Foundations Benchmark v1.4.0/1.11}).
     */
    public List<String> requirements() {
        return versions.stream().map(version -> standard(version) + "/" + number).toList();
    }

    /** The benchmark in one version, as a standard's name: {@code CIS AWS Foundations Benchmark v1.4.0}. */
    public static String standard(String version) {
        return BENCHMARK + " " + version;
    }
}
