package io.github.setupkeys.bench;

import java.util.List;
import java.util.Map;

/** Everything one benchmark run measured, as the report presents it. */
record Results(String date, Map<String, String> machine, List<Periodic> periodic, List<ColdStart.Timings> coldStart,
        Memory memory, long jarBytes) {

    /** The three contenders on the same users. */
    record Periodic(int users, int candidates, List<String> findings, List<Contenders.Run> bulk,
            List<Contenders.Run> perUser, List<Contenders.Run> shellCheck) {

        /** The IAM calls of the bulk path's usual case (design.md §2.3): 3 + ⌈N/1000⌉ + 3 × candidates. */
        int iamCallBound() {
            return 3 + (users + 999) / 1000 + 3 * candidates;
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

    /** The largest periodic run in a child JVM with a small heap; {@code failure} is empty when every run completed. */
    record Memory(int users, String maxHeap, List<Long> peakRssKilobytes, List<Double> wallSeconds, String failure) {
    }
}
