package io.github.setupkeys.bench;

import java.util.List;
import java.util.Map;

/** Everything one benchmark run measured, as the report presents it. */
record Results(String date, Map<String, String> machine, List<Periodic> periodic, List<ColdStart.Timings> coldStart,
        Memory memory, long jarBytes, Recording recording) {

    /** The three contenders on the same users. */
    record Periodic(int users, int candidates, List<String> findings, List<Contenders.Run> bulk,
            List<Contenders.Run> perUser, List<Contenders.Run> shellCheck) {

        /**
         * The IAM calls of the bulk path's usual case (design.md §2.3), 3 + ⌈N/1000⌉ + 3 × candidates: a report
         * ready on the second poll and one key whose use is looked up per candidate. Not a bound: a candidate can
         * cost up to five calls, and each further poll for the report up to two.
         */
        int usualIamCalls() {
            return 3 + (users + 999) / 1000 + 3 * candidates;
        }

        /**
         * The most IAM calls the bulk path can make while a report comes: the listing, two calls (generate, download)
         * for each of at most 60 polls, five per candidate (design.md §2.3).
         */
        int iamCallBound() {
            return (users + 999) / 1000 + 2 * 60 + 5 * candidates;
        }

        static double medianWallSeconds(List<Contenders.Run> runs) {
            return Stats.median(runs.stream().map(run -> run.wallNanos() / 1e9).toList());
        }

        static double medianIamCalls(List<Contenders.Run> runs) {
            return Stats.median(runs.stream().map(Contenders.Run::iamCalls).toList());
        }

        static double medianPutEvaluations(List<Contenders.Run> runs) {
            return Stats.median(runs.stream().map(Contenders.Run::putEvaluations).toList());
        }
    }

    /** Periodic runs on successive days over the largest population, Config keeping what each records. */
    record Recording(int users, int refreshDays, List<RecordingDays.Day> days) {

        /** The runs after the first, other than the one after the change: nothing changed before them. */
        List<RecordingDays.Day> unchanged() {
            return days.stream().filter(day -> day.day() > 0 && day.changedBefore() == 0).toList();
        }

        RecordingDays.Day day(int day) {
            return days.get(day);
        }

        /** N / refreshDays: the rolling refresh's share of one daily run. */
        double share() {
            return (double) users / refreshDays;
        }
    }

    /**
     * One row of the periodic run with every answer delayed: the runs with the default calls in flight and those
     * with one call at a time (none for the fallback, which is timed against its target alone).
     */
    record LatencyRow(String name, long delayMillis, int users, int candidates, List<Contenders.Run> concurrent,
            List<Contenders.Run> oneAtATime) {

        /** Median wall time with calls in flight ÷ median wall time one call at a time. */
        double ratio() {
            return Periodic.medianWallSeconds(concurrent) / Periodic.medianWallSeconds(oneAtATime);
        }

        int mostIamInFlight() {
            return concurrent.stream().mapToInt(run -> run.wire().mostIamInFlight()).max().orElse(0);
        }

        int mostConfigInFlight() {
            return concurrent.stream().mapToInt(run -> run.wire().mostConfigInFlight()).max().orElse(0);
        }
    }

    /** The latency rows of one run of the benchmark, with the delay and what the machine was doing. */
    record Latency(String date, Map<String, String> machine, long delayMillis, int callsInFlight,
            List<LatencyRow> rows, String loadAtEnd) {
    }

    /** The largest periodic run in a child JVM with a small heap; {@code failure} is empty when every run completed. */
    record Memory(int users, String maxHeap, List<Long> peakRssKilobytes, List<Double> wallSeconds, String failure) {
    }
}
