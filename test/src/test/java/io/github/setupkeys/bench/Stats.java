package io.github.setupkeys.bench;

import java.util.Collection;
import java.util.List;

/** Medians and ranges of repeated measurements: on a shared, noisy machine a single timing says little. */
final class Stats {

    private Stats() {
    }

    static double median(Collection<? extends Number> values) {
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    static double min(Collection<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).min().orElseThrow();
    }

    static double max(Collection<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).max().orElseThrow();
    }
}
