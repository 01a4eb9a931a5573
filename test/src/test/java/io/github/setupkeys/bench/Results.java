package io.github.setupkeys.bench;

import java.util.List;
import java.util.Map;

/** Everything one benchmark run measured, as the report presents it. */
record Results(String date, Map<String, String> machine, List<Periodic> periodic, List<ColdStart.Timings> coldStart,
        Memory memory, long jarBytes, Recording recording) {

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

    /** The largest periodic run in a child JVM with a small heap; {@code failure} is empty when every run completed. */
    record Memory(int users, String maxHeap, List<Long> peakRssKilobytes, List<Double> wallSeconds, String failure) {
    }
}
