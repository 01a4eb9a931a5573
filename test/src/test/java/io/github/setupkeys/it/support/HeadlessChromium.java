package io.github.setupkeys.it.support;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven through its DevTools protocol from Java (no Node, no WebDriver): started
 * with a fresh profile and every background service off, so the only requests it makes are the pages' own.
 * Missing Chromium skips the test locally and fails it on CI ({@link RequiredTool}).
 */
public final class HeadlessChromium implements AutoCloseable {

    /** What to install when Chromium is missing; {@code .ci/run} does it on CI. */
    static final String INSTALL = "apt-get update && apt-get install -y chromium";

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final DevToolsConnection devTools;
    private final StringBuilder log;

    private HeadlessChromium(Process process, Path profile, DevToolsConnection devTools, StringBuilder log) {
        this.process = process;
        this.profile = profile;
        this.devTools = devTools;
        this.log = log;
    }

    /** Starts Chromium, or throws {@link RequiredTool#missing} when it is not installed. */
    public static HeadlessChromium start() {
        Path executable = executable().orElseThrow(() -> RequiredTool.missing("chromium", INSTALL));
        Path profile;
        try {
            profile = Files.createTempDirectory("setupkeys-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + executable + ": " + e.getMessage(), e);
        }
        StringBuilder log = new StringBuilder();
        CompletableFuture<URI> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> readLog(process, log, endpoint), "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        URI browser;
        try {
            browser = endpoint.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not open its DevTools port within 60 s; it said:\n" + log, e);
        }
        return new HeadlessChromium(process, profile, DevToolsConnection.open(browser), log);
    }

    /** A new tab of {@code width} × {@code height} CSS pixels, with network, console and log events recorded. */
    public BrowserPage newPage(int width, int height) {
        JsonObject target = new JsonObject();
        target.addProperty("url", "about:blank");
        String targetId = devTools.send(null, "Target.createTarget", target).get("targetId").getAsString();
        JsonObject attach = new JsonObject();
        attach.addProperty("targetId", targetId);
        attach.addProperty("flatten", true);
        String sessionId = devTools.send(null, "Target.attachToTarget", attach).get("sessionId").getAsString();
        return BrowserPage.attach(devTools, targetId, sessionId, width, height);
    }

    /** What Chromium wrote to stderr, for a failure message. */
    public String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    @Override
    public void close() {
        try {
            devTools.send(null, "Browser.close", null);
        } catch (IllegalStateException alreadyGone) {
            // it is being stopped anyway
        }
        devTools.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }

    private static Optional<Path> executable() {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .map(directory -> Path.of(directory, "chromium"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static void readLog(Process process, StringBuilder log, CompletableFuture<URI> endpoint) {
        try (BufferedReader stderr = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = stderr.readLine()) != null) {
                synchronized (log) {
                    log.append(line).append('\n');
                }
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    endpoint.complete(URI.create(listening.group(1)));
                }
            }
        } catch (IOException e) {
            endpoint.completeExceptionally(e);
        }
        endpoint.completeExceptionally(new IllegalStateException("Chromium exited"));
    }
}
