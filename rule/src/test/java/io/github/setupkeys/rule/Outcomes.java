package io.github.setupkeys.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the inputs of one fuzz test came to (read, rejected …), counted so that a fuzzing run proves it tried
 * at least {@link #MIN_INPUTS} inputs and reached every outcome often enough. A run that stopped early, or a
 * fuzzer that never got past the first check, fails here instead of passing quietly.
 */
public final class Outcomes {

    /** Issue 7: at least this many generated and mutated inputs per fuzz test. */
    public static final int MIN_INPUTS = 1_000;

    private final String test;
    private final Map<String, Double> floors;
    private final Map<String, Integer> counts = new TreeMap<>();

    /**
     * @param floors the outcomes expected, each with the smallest share of the inputs it must have when
     *               fuzzing (0.15 for 15 %)
     */
    public Outcomes(String test, Map<String, Double> floors) {
        this.test = test;
        this.floors = Map.copyOf(floors);
    }

    public synchronized void count(String outcome) {
        assertThat(floors).as("outcomes of %s", test).containsKey(outcome);
        counts.merge(outcome, 1, Integer::sum);
    }

    /**
     * Prints the count of each outcome; when fuzzing, also checks there were enough inputs and each outcome had
     * its share. Without {@code JAZZER_FUZZ} Jazzer runs only the empty input and the stored inputs, so there
     * is nothing to count. No input at all means the test was not selected in this JVM (each fuzz test runs
     * in its own), and a selected test that runs nothing fails in Surefire.
     */
    public synchronized void check() {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return;
        }
        System.out.printf("%s: %d inputs: %s%n", test, total, counts.entrySet().stream()
                .map(count -> count.getKey() + " " + count.getValue()).collect(Collectors.joining(", ")));
        if (!fuzzing()) {
            return;
        }
        assertThat(total).as("inputs %s ran (did the fuzzer stop at a finding?)", test)
                .isGreaterThanOrEqualTo(MIN_INPUTS);
        floors.forEach((outcome, floor) -> assertThat(counts.getOrDefault(outcome, 0) / (double) total)
                .as("share of %s inputs that were %s, of %s", test, outcome, counts).isGreaterThan(floor));
    }

    /** Whether Jazzer fuzzes in this JVM: as it decides, from {@code JAZZER_FUZZ}. */
    public static boolean fuzzing() {
        String fuzz = System.getenv("JAZZER_FUZZ");
        return fuzz != null && (fuzz.equalsIgnoreCase("true") || fuzz.equals("1") || fuzz.equalsIgnoreCase("yes"));
    }
}
