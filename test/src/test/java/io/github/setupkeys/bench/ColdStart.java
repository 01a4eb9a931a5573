package io.github.setupkeys.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JVM start to the first evaluation written, in child JVMs of the shaded rule jar: each variant is timed from
 * process start to exit (the launcher exits right after {@code PutEvaluations} is answered), against a bare JVM
 * start of the same JDK with the same flags, all variants taking turns so that the machine's noise falls on
 * each alike.
 */
final class ColdStart {

    /** One way of starting: a JDK, an archive (or none), and what the child runs. */
    record Variant(String name, String jdk, Path java, List<String> flags, List<String> arguments, boolean bare) {
    }

    /** The timings of one variant, in milliseconds, in the order run. */
    record Timings(Variant variant, List<Double> millis) {
        double median() {
            return Stats.median(millis);
        }
    }

    private final ChildJvm child;
    private final Path work;

    ColdStart(ChildJvm child, Path work) {
        this.child = child;
        this.work = work;
    }

    /**
     * The variants on the {@code java17} binary (and {@code java25}, when not null): bare start, no archive, and AppCDS archives
     * trained on priming alone (what a build can do without an AWS account), on one invocation alone, and on both;
     * on JDK 25 an AOT cache trained on both.
     */
    List<Variant> prepare(Path java17, Path java25, Path changeEvent) {
        List<String> invoke = List.of(InvokeOnce.class.getName(), "--event", changeEvent.toString());
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("bare JVM (empty main)", "17", java17, List.of(), List.of(BareJvm.class.getName()), true));
        variants.add(new Variant("handler, no archive", "17", java17, List.of(), invoke, false));
        Map<String, List<String>> trainings = new LinkedHashMap<>();
        trainings.put("priming only", List.of(InvokeOnce.class.getName(), "--prime"));
        trainings.put("one invocation", invoke);
        trainings.put("priming + one invocation",
                List.of(InvokeOnce.class.getName(), "--prime", "--event", changeEvent.toString()));
        int archive = 0;
        for (Map.Entry<String, List<String>> training : trainings.entrySet()) {
            Path file = work.resolve("appcds-" + archive++ + ".jsa");
            run(java17, List.of("-XX:ArchiveClassesAtExit=" + file), training.getValue(), "training " + training.getKey());
            variants.add(new Variant("handler, AppCDS archive trained on " + training.getKey(), "17", java17,
                    List.of("-XX:SharedArchiveFile=" + file), invoke, false));
        }
        if (java25 != null) {
            Path cache = work.resolve("aot-25.aot");
            run(java25, List.of("-XX:AOTCacheOutput=" + cache), trainings.get("priming + one invocation"),
                    "training the JDK 25 AOT cache");
            variants.add(new Variant("bare JVM (empty main)", "25", java25, List.of(), List.of(BareJvm.class.getName()), true));
            variants.add(new Variant("handler, no cache", "25", java25, List.of(), invoke, false));
            variants.add(new Variant("handler, AOT cache trained on priming + one invocation", "25", java25,
                    List.of("-XX:AOTCache=" + cache), invoke, false));
        }
        return variants;
    }

    /** Runs every variant {@code repeats} times, taking turns. */
    List<Timings> measure(List<Variant> variants, int repeats) {
        List<List<Double>> millis = new ArrayList<>();
        variants.forEach(variant -> millis.add(new ArrayList<>()));
        for (int repeat = 0; repeat < repeats; repeat++) {
            for (int i = 0; i < variants.size(); i++) {
                Variant variant = variants.get(i);
                String expected = variant.bare() ? "" : "1 evaluation(s) written";
                millis.get(i).add(child.run(variant.java(), variant.flags(), variant.arguments(), variant.name(),
                        expected).wallNanos() / 1e6);
            }
        }
        List<Timings> timings = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            timings.add(new Timings(variants.get(i), millis.get(i)));
        }
        return timings;
    }

    private void run(Path java, List<String> flags, List<String> arguments, String what) {
        child.run(java, flags, arguments, what, arguments.contains("--event") ? "1 evaluation(s) written" : "");
    }

    static Path javaOf(Path jdkHome) {
        Path java = jdkHome.resolve("bin").resolve("java");
        return Files.isExecutable(java) ? java : null;
    }
}
