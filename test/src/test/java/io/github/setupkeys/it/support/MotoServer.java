package io.github.setupkeys.it.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A moto server (the AWS emulator, real wire protocols) on 127.0.0.1 and a free port, started and stopped
 * by the tests themselves.
 */
public final class MotoServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Starts moto; skips the test (fails it on CI) when python3 or moto is missing. */
    public static MotoServer start() {
        if (!pythonHasMoto()) {
            throw RequiredTool.missing("python3 with the moto package",
                    "pip install 'moto[server]' (tests run python3 -m moto.server)");
        }
        try {
            int port = freePort();
            Path log = Files.createTempFile("moto-", ".log");
            Process process = new ProcessBuilder(List.of("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p",
                    Integer.toString(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * Makes Step Functions run state machines (moto's own parser of the Amazon States Language) instead of only
     * recording their executions; it stays so until the server stops.
     */
    public void executeStateMachines() {
        post("config", HttpRequest.BodyPublishers.ofString("{\"stepfunctions\": {\"execute_state_machine\": true}}"), 201);
    }

    /** Forgets every resource of every account. */
    public void reset() {
        post("reset", HttpRequest.BodyPublishers.noBody(), 200);
    }

    /** A call of moto's own API ({@code /moto-api/<call>}), which must answer {@code expectedStatus}. */
    private void post(String call, HttpRequest.BodyPublisher body, int expectedStatus) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/" + call))
                    .POST(body).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException("moto " + call + " answered HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto " + call + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto exited at start: " + tail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("moto did not answer within " + START_TIMEOUT.toSeconds() + " s: " + tail());
    }

    private String tail() {
        try {
            String text = Files.readString(log);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static boolean pythonHasMoto() {
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import moto.server").redirectErrorStream(true).start();
            probe.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
