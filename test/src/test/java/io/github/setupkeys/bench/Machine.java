package io.github.setupkeys.bench;

import io.github.setupkeys.it.support.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What the benchmark ran on, for the report: results from another machine are not comparable. */
final class Machine {

    private Machine() {
    }

    static Map<String, String> describe(Path jdk25) {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("CPU", firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch")));
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(kilobytes -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kilobytes.replaceAll("\\D", ""))
                        / 1024.0 / 1024.0)).orElse("?"));
        machine.put("OS", firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").orElse(System.getProperty("os.name"))
                .replace("\"", "") + ", kernel " + System.getProperty("os.version"));
        machine.put("JDK 17", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        if (ColdStart.javaOf(jdk25) != null) {
            machine.put("JDK 25", firstLine(List.of(ColdStart.javaOf(jdk25).toString(), "-version")));
        }
        machine.put("moto", firstLine(List.of("python3", "-c", "import moto; print(moto.__version__)")));
        machine.put("AWS CLI", firstLine(List.of("bash", "-c", "aws --version 2>&1; command -v aws")));
        machine.put("load average at start", loadAverage());
        return machine;
    }

    /** The 1, 5 and 15 minute load averages: how busy the shared machine was. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static Optional<String> firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(line.contains("=") && !line.contains(":") ? '=' : ':') + 1)
                            .trim())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String firstLine(List<String> command) {
        ChildProcess.Result result = ChildProcess.runWithoutAwsSettings(command.get(0), command, Map.of(),
                Duration.ofMinutes(1));
        return (result.stdout() + result.stderr()).lines().map(String::trim).reduce((a, b) -> a + " (" + b + ")")
                .orElse("?");
    }
}
