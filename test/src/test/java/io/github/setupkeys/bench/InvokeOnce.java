package io.github.setupkeys.bench;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.Gson;
import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.ConfigRuleHandler;
import io.github.setupkeys.rule.EmulatedRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the Lambda runtime does for one invocation, as a child JVM of the benchmarks: builds the handler with its
 * public constructor (region, endpoint and credentials from the environment), optionally primes it as SnapStart
 * would before a snapshot, then handles the Config event in a file. Runs with the shaded rule jar and a jar of
 * this class, {@link BareJvm} and {@link FakeContext} (see {@link LauncherJar}) on the class path.
 *
 * <p>Usage: {@code InvokeOnce [--prime] [--event FILE]}. Prints the handler's result and log line on stdout and,
 * last, {@code peak-rss-kb=N} (VmHWM) on stderr.
 */
public final class InvokeOnce {

    private InvokeOnce() {
    }

    /** {@link EmulatedRule#FUNCTION_ARN} is a constant: compiled in, so EmulatedRule need not be on the class path. */
    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        ConfigRuleHandler handler = new ConfigRuleHandler();
        if (arguments.contains("--prime")) {
            handler.beforeCheckpoint(null);
            handler.afterRestore(null);
        }
        int event = arguments.indexOf("--event");
        if (event >= 0) {
            ConfigEvent configEvent = new Gson().fromJson(Files.readString(Path.of(arguments.get(event + 1))),
                    ConfigEvent.class);
            FakeContext context = new FakeContext(EmulatedRule.FUNCTION_ARN, 900_000);
            String result = handler.handleRequest(configEvent, context);
            context.logLines().forEach(System.out::println);
            System.out.println(result);
        }
        System.err.println("peak-rss-kb=" + peakResidentKilobytes());
    }

    /** VmHWM of this process, from /proc (Linux); -1 elsewhere. */
    private static long peakResidentKilobytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        return Files.readAllLines(status, StandardCharsets.UTF_8).stream().filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1L);
    }
}
