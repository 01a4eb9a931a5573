package io.github.setupkeys.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A function run the way Lambda's managed Java runtimes run it, so that a test sees what they hand the handler:
 * AWS's runtime interface client ({@code aws-lambda-java-runtime-interface-client}, with
 * {@code aws-lambda-java-serialization} and {@code aws-lambda-java-core} on the runtime's own class path) in a JVM
 * of its own, loading the handler from the deployment package extracted into a task root as Lambda extracts a
 * {@code .jar}, and reading each event with the serializer Lambda uses for its type. The Runtime API it polls is
 * served here on 127.0.0.1: {@link #invoke} hands it one event and waits for the handler's answer or the error
 * the runtime reports.
 */
public final class LambdaJavaRuntime implements AutoCloseable {

    /** The runtime's class path, each jar found on the test class path by its artifact and a class only it has. */
    private static final Map<String, String> RUNTIME_JARS = Map.of(
            "aws-lambda-java-runtime-interface-client", "com/amazonaws/services/lambda/runtime/api/client/AWSLambda.class",
            "aws-lambda-java-serialization", "com/amazonaws/services/lambda/runtime/serialization/PojoSerializer.class",
            "aws-lambda-java-core", "com/amazonaws/services/lambda/runtime/Context.class",
            "utils-lite", "software/amazon/awssdk/utilslite/SdkInternalThreadLocal.class");
    private static final String INVOCATION = "/2018-06-01/runtime/invocation/";
    /** How long a function has per invocation: the rule's timeout, which its deadline handling reads. */
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(900);
    private static final Duration WAIT = Duration.ofMinutes(2);

    /** How an invocation ended: the handler's answer as JSON, or the error (JSON) the runtime reported. */
    public record Invocation(boolean succeeded, String body) {
    }

    private record Pending(String requestId, byte[] event, CompletableFuture<Invocation> result) {
    }

    private final String functionArn;
    private final HttpServer api;
    private final ExecutorService apiThreads = Executors.newCachedThreadPool();
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final Map<String, Pending> handedOut = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Path output;
    private Process process;
    private volatile boolean closed;

    private LambdaJavaRuntime(String functionArn, Path output) throws IOException {
        this.functionArn = functionArn;
        this.output = output;
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.setExecutor(apiThreads);
        api.createContext("/2018-06-01/runtime/", this::serve);
        api.start();
    }

    /**
     * Extracts {@code jar} into a new task root in {@code directory}, as Lambda extracts a deployment package,
     * leaving out the entries {@code leaveOut} names.
     */
    public static Path deploy(Path jar, Path directory, Predicate<String> leaveOut) {
        try {
            Path taskRoot = Files.createTempDirectory(directory, "task");
            Set<Path> created = new HashSet<>();
            try (JarFile archive = new JarFile(jar.toFile())) {
                for (JarEntry entry : Collections.list(archive.entries())) {
                    Path target = taskRoot.resolve(entry.getName()).normalize();
                    if (!target.startsWith(taskRoot)) {
                        throw new IllegalStateException(jar + " has an entry outside its root: " + entry.getName());
                    }
                    if (entry.isDirectory() || leaveOut.test(entry.getName())) {
                        continue;
                    }
                    if (created.add(target.getParent())) {
                        Files.createDirectories(target.getParent());
                    }
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
            return taskRoot;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + jar, e);
        }
    }

    /**
     * Starts the runtime on the extracted package {@code taskRoot} with {@code handler}
     * ({@code class::method}), invoked as {@code functionArn}, with the function's {@code environment} (no
     * {@code AWS_*} settings of the developer's own reach it, see {@link ChildProcess}).
     */
    public static LambdaJavaRuntime start(Path taskRoot, String handler, String functionArn,
            Map<String, String> environment) {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (!os.contains("linux") || !List.of("amd64", "x86_64", "aarch64").contains(arch)) {
            throw RequiredTool.missing("Lambda's runtime interface client (Linux x86_64 or arm64 only; this is "
                    + os + " " + arch + ")", "run these tests on Linux");
        }
        try {
            LambdaJavaRuntime runtime = new LambdaJavaRuntime(functionArn,
                    Files.createTempFile(taskRoot.getParent(), "runtime", ".log"));
            runtime.launch(taskRoot, handler, environment);
            return runtime;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Lambda runtime", e);
        }
    }

    private void launch(Path taskRoot, String handler, Map<String, String> environment) throws IOException {
        List<String> classPath = new ArrayList<>();
        RUNTIME_JARS.forEach((artifact, resource) -> classPath.add(jarHolding(artifact, resource).toString()));
        // The flags Lambda starts its Java runtimes with.
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", String.join(":", classPath),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler);
        Map<String, String> variables = new HashMap<>(environment);
        variables.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.getAddress().getPort());
        variables.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        variables.put("AWS_LAMBDA_FUNCTION_NAME", functionArn.split(":")[6]);
        variables.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        ProcessBuilder builder = ChildProcess.withoutAwsSettings(command, variables, taskRoot);
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        process = builder.start();
    }

    /** Hands {@code event} to the function and waits for its answer, or for the error the runtime reports. */
    public Invocation invoke(String event) {
        Pending pending = new Pending("request-" + requests.incrementAndGet(), event.getBytes(StandardCharsets.UTF_8),
                new CompletableFuture<>());
        waiting.add(pending);
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            if (initError.isDone()) {
                return new Invocation(false, initError.join());
            }
            try {
                return pending.result().get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Lambda runtime exited with " + process.exitValue() + ": "
                            + output());
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("no answer from the function in " + WAIT.toSeconds() + " s: " + output());
    }

    /** What the runtime and the function printed so far. */
    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestMethod().equals("GET") && path.equals(INVOCATION + "next")) {
                next(exchange);
            } else if (path.equals("/2018-06-01/runtime/init/error")) {
                initError.complete(new String(body, StandardCharsets.UTF_8));
                accepted(exchange);
            } else if (path.startsWith(INVOCATION) && (path.endsWith("/response") || path.endsWith("/error"))) {
                String requestId = path.substring(INVOCATION.length(), path.lastIndexOf('/'));
                Pending pending = handedOut.remove(requestId);
                if (pending == null) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                pending.result().complete(new Invocation(path.endsWith("/response"),
                        new String(body, StandardCharsets.UTF_8)));
                accepted(exchange);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    /** Long-polls as Lambda's Runtime API does: answers when there is an event to hand out. */
    private void next(HttpExchange exchange) throws IOException {
        Pending pending = null;
        try {
            while (pending == null && !closed) {
                pending = waiting.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pending == null) {
            exchange.sendResponseHeaders(410, -1);
            return;
        }
        handedOut.put(pending.requestId(), pending);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                Long.toString(System.currentTimeMillis() + FUNCTION_TIMEOUT.toMillis()));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
        exchange.sendResponseHeaders(200, pending.event().length);
        exchange.getResponseBody().write(pending.event());
    }

    private static void accepted(HttpExchange exchange) throws IOException {
        byte[] status = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(202, status.length);
        exchange.getResponseBody().write(status);
    }

    /** The jar on the test class path that is {@code artifact}'s and holds {@code resource}. */
    private static Path jarHolding(String artifact, String resource) {
        try {
            for (URL url : Collections.list(LambdaJavaRuntime.class.getClassLoader().getResources(resource))) {
                if (url.getProtocol().equals("jar")) {
                    Path jar = Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
                    String name = jar.getFileName().toString();
                    if (name.startsWith(artifact + "-") && name.endsWith(".jar")) {
                        return jar;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no " + artifact + " jar holding " + resource + " on the test class path");
    }

    @Override
    public void close() {
        closed = true;
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        api.stop(0);
        apiThreads.shutdownNow();
    }
}
