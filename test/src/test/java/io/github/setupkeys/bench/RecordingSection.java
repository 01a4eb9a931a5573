package io.github.setupkeys.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Locale;

/** The part of the benchmark report about what Config records day after day ({@link RecordingDays}). */
final class RecordingSection {

    private RecordingSection() {
    }

    static void table(StringBuilder md, Results.Recording recording) {
        md.append(String.format(Locale.ROOT, "%n### What Config records: periodic runs on %d successive days%n%n"
                + "%,d users, `refreshDays` %d; Config held nothing before day 0; %d users lost their console password "
                + "before day %d. Config calls (reading the held results, writing) beside IAM calls; after every run "
                + "Config held every user's verdict as the per-user evaluation gives it (the benchmark stops "
                + "otherwise).%n%n", recording.days().size(), recording.users(), recording.refreshDays(),
                RecordingDays.CHANGED, RecordingDays.CHANGE_DAY));
        md.append("| day | recorded | of which changed | of which refreshed | skipped unchanged | IAM calls | "
                + "GetComplianceDetailsByConfigRule | PutEvaluations | wall time |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RecordingDays.Day day : recording.days()) {
            md.append(String.format(Locale.ROOT, "| %d%s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %.2f s |%n",
                    day.day(), day.changedBefore() > 0 ? " (" + day.changedBefore() + " changed)" : "", day.recorded(),
                    day.changed(), day.refreshed(), day.skippedUnchanged(), day.iamCalls(), day.configReads(),
                    day.putEvaluations(), day.wallNanos() / 1e9));
        }
        int recordedAfterFirst = recording.days().stream().skip(1).mapToInt(RecordingDays.Day::recorded).sum();
        md.append(String.format(Locale.ROOT, "%nDays 1–%d recorded %,d evaluations in all, %.0f a day; recording "
                        + "every user every run (`recordUnchanged=true`, as before) would have recorded %,d.%n",
                recording.days().size() - 1, recordedAfterFirst, recordedAfterFirst / (recording.days().size() - 1.0),
                recording.users() * (recording.days().size() - 1)));
    }

    static void targets(Results.Recording recording, TargetRow row) {
        int users = recording.users();
        double share = recording.share();
        int ceiling = (users + recording.refreshDays() - 1) / recording.refreshDays();
        RecordingDays.Day first = recording.day(0);
        RecordingDays.Day second = recording.day(1);
        RecordingDays.Day changed = recording.day(RecordingDays.CHANGE_DAY);
        int mostUnchanged = recording.unchanged().stream().mapToInt(RecordingDays.Day::recorded).max().orElseThrow();
        row.add(String.format(Locale.ROOT, "%,d users: the first run records %,d", users, users),
                String.format(Locale.ROOT, "%,d", first.recorded()), first.recorded() == users);
        row.add(String.format(Locale.ROOT, "a second run with nothing changed records ≤ %,d / %d = %.1f", users,
                recording.refreshDays(), share), String.format(Locale.ROOT, "%,d", second.recorded()),
                second.recorded() <= share);
        row.add(String.format(Locale.ROOT, "after %d users changed, ≤ %.1f + %d", RecordingDays.CHANGED, share,
                RecordingDays.CHANGED), String.format(Locale.ROOT, "%,d (%d changed)", changed.recorded(),
                changed.changed()), changed.recorded() <= share + RecordingDays.CHANGED);
        row.add(String.format(Locale.ROOT, "every later run with nothing changed ≤ ⌈%,d / %d⌉ = %,d (%d daily runs "
                + "must re-assert all %,d results, so one of them carries the rounding)", users,
                recording.refreshDays(), ceiling, recording.refreshDays(), users),
                String.format(Locale.ROOT, "%,d (most of %d runs)", mostUnchanged, recording.unchanged().size()),
                mostUnchanged <= ceiling);
    }

    /** One row of the targets table. */
    @FunctionalInterface
    interface TargetRow {
        void add(String target, String measured, boolean met);
    }

    static JsonArray raw(Results.Recording recording) {
        JsonArray days = new JsonArray();
        for (RecordingDays.Day day : recording.days()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("users", recording.users());
            entry.addProperty("day", day.day());
            entry.addProperty("changedBefore", day.changedBefore());
            entry.addProperty("computed", day.computed());
            entry.addProperty("recorded", day.recorded());
            entry.addProperty("changed", day.changed());
            entry.addProperty("refreshed", day.refreshed());
            entry.addProperty("skippedUnchanged", day.skippedUnchanged());
            entry.addProperty("heldResults", day.heldResults());
            entry.addProperty("iamCalls", day.iamCalls());
            entry.addProperty("getComplianceDetailsByConfigRule", day.configReads());
            entry.addProperty("putEvaluations", day.putEvaluations());
            entry.addProperty("wallSeconds", day.wallNanos() / 1e9);
            days.add(entry);
        }
        return days;
    }
}
