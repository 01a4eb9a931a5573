package io.github.setupkeys.it.support;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A script of {@code test/src/test/python} run with python3 against an emulator. python3 with the modules a script
 * imports is a required tool: skipped without it, failed on CI.
 */
public final class PythonScript {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** The interpreter itself, found once per set of modules: going through a version manager's shim costs ~1 s a run. */
    private static final Map<String, String> INTERPRETERS = new ConcurrentHashMap<>();

    private final Path script;
    private final String interpreter;

    private PythonScript(Path script, String interpreter) {
        this.script = script;
        this.interpreter = interpreter;
    }

    /** {@code name} in test/src/test/python, once python3 is known to import {@code modules}. */
    public static PythonScript named(String name, String... modules) {
        Path root = Path.of(System.getProperty("setupkeys.repo.root", ".."));
        return new PythonScript(root.resolve("test/src/test/python").resolve(name), interpreter(modules));
    }

    /** python3, as a path, once it is known to import {@code modules}; skips (fails on CI) without them. */
    public static String interpreter(String... modules) {
        String imports = String.join(", ", modules);
        return INTERPRETERS.computeIfAbsent(imports, key -> {
            ChildProcess.Result probe;
            try {
                probe = ChildProcess.runWithoutAwsSettings("python3", List.of("python3", "-c",
                        "import sys" + (key.isEmpty() ? "" : ", " + key) + "; print(sys.executable)"), Map.of(),
                        Duration.ofSeconds(60));
            } catch (IllegalStateException noPython) {
                probe = new ChildProcess.Result(-1, "", noPython.getMessage());
            }
            if (probe.exitCode() != 0 || probe.stdout().isBlank()) {
                throw RequiredTool.missing("python3 with " + (key.isEmpty() ? "no extra module" : key),
                        "pip install " + key.replace("yaml", "pyyaml").replace(",", ""));
            }
            return probe.stdout().strip();
        });
    }

    /** Runs the script with {@code arguments}, its AWS calls going to {@code endpoint}; returns what it printed. */
    public String run(URI endpoint, String... arguments) {
        List<String> command = new ArrayList<>(List.of(interpreter, script.toString()));
        command.addAll(List.of(arguments));
        ChildProcess.Result result = ChildProcess.runWithoutAwsSettings(script.getFileName().toString(), command,
                Map.of("AWS_ENDPOINT_URL", endpoint.toString(), "AWS_ACCESS_KEY_ID", "testing",
                        "AWS_SECRET_ACCESS_KEY", "testing"), TIMEOUT);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(script.getFileName() + " failed (exit " + result.exitCode() + "): "
                    + result.stderr());
        }
        return result.stdout();
    }
}
