package io.github.setupkeys.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoint tests point the rule at: a small HTTP server on 127.0.0.1 in front of moto. It
 *
 * <ul>
 *   <li>counts every call at the wire, by {@code service:Action};</li>
 *   <li>answers the Config calls moto lacks ({@link ConfigStandIn}), telling it the calling credentials' account
 *       where the answer depends on it ({@link #accountOf}), and forwards everything else to moto unchanged;</li>
 *   <li>corrects one emulator gap: moto builds the credential report when it is downloaded but always says
 *       it was generated on 2015-02-02, so {@code GeneratedTime} is set to the download time;</li>
 *   <li>answers {@code ListUsers} in pages as IAM does ({@code MaxItems}, default 100, and {@code Marker},
 *       see {@link ListUsersPage}), cutting the later pages from the answer moto gave for the first (moto renders
 *       every user on every call, seconds for thousands): moto always answers with every user at once, so a caller
 *       that never
 *       pages would pass;</li>
 *   <li>can add {@code PasswordLastUsed} to listed users, since moto has no console sign-in (only the
 *       guidance's shell check reads it);</li>
 *   <li>can answer with AWS errors or with a given successful answer instead of forwarding, inject faults
 *       ({@link FaultPlan}), keep the credential report from ever completing, or keep serving one report as IAM
 *       does for four hours ({@link #keepCredentialReport});</li>
 *   <li>can delay every answer by a fixed time ({@link #answerDelay}), as AWS is tens of milliseconds away while
 *       moto answers in a few, and measures how many calls of each service were in flight at once.</li>
 * </ul>
 */
public final class AwsStandIn implements AutoCloseable {

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "keep-alive");
    private static final Pattern ACCESS_KEY_IN_SCOPE = Pattern.compile("Credential=([^/]+)/");
    private static final Pattern SERVICE_IN_SCOPE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/");
    private static final Pattern GENERATED_TIME = Pattern.compile("<GeneratedTime>[^<]*</GeneratedTime>");
    private static final Pattern LISTED_USER_NAME = Pattern.compile("<UserName>([^<]*)</UserName>");
    private static final Pattern ACCOUNT_IN_IDENTITY = Pattern.compile("<Account>(\\d{12})</Account>");
    /** The exchange attribute that takes a call out of flight, run just before its answer is sent. */
    private static final String ENDED = "setupkeys.ended";

    private final URI moto;
    private final HttpServer server;
    /** Enough threads that callers, not the stand-in, decide how many calls are in flight. */
    private final ExecutorService threads = Executors.newFixedThreadPool(64);
    private final HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CallLog calls = new CallLog();
    private final ConfigStandIn config = new ConfigStandIn();
    private final Map<String, Instant> passwordLastUsed = new ConcurrentHashMap<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, String> accounts = new ConcurrentHashMap<>();
    private volatile FaultPlan faults;
    private volatile boolean credentialReportNeverReady;
    private volatile boolean keepCredentialReport;
    private volatile byte[] keptCredentialReport;
    private volatile Duration answerDelay = Duration.ZERO;
    private final AtomicInteger listingsStarted = new AtomicInteger();
    /** moto's complete answer for each listing a first ListUsers page started, the latest few. */
    private final Map<Integer, byte[]> listings = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
            return size() > 8;
        }
    });
    /** An answer (query protocol XML) given instead of forwarding, {@code times} times. */
    private record Answer(int status, String xml, AtomicInteger times) {
    }

    static {
        // The JDK's HttpServer writes a response's headers and body separately and, unless told otherwise, leaves
        // Nagle's algorithm on: the body then waits for the client's delayed ACK, 40 ms on Linux loopback, on
        // every call. Read once, when the server's configuration class loads; this is the only HttpServer here.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private AwsStandIn(URI moto) throws IOException {
        this.moto = moto;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public static AwsStandIn inFrontOf(MotoServer moto) {
        try {
            return new AwsStandIn(moto.endpoint());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the stand-in endpoint: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public CallLog calls() {
        return calls;
    }

    public ConfigStandIn config() {
        return config;
    }

    /**
     * The account whose credentials {@code accessKeyId} is, as moto knows it (the default account for the test
     * credentials, the role's account for AssumeRole's): asked of moto's {@code GetCallerIdentity} once per key, with
     * the key in the signature's scope, which is all moto reads of it.
     */
    public String accountOf(String accessKeyId) {
        return accounts.computeIfAbsent(accessKeyId, this::askMotoForAccount);
    }

    private String askMotoForAccount(String accessKeyId) {
        HttpRequest request = HttpRequest.newBuilder(moto.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKeyId
                        + "/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0")
                .build();
        try {
            Matcher account = ACCOUNT_IN_IDENTITY.matcher(forward.send(request, HttpResponse.BodyHandlers.ofString())
                    .body());
            if (!account.find()) {
                throw new IllegalStateException("moto knows no account for access key " + accessKeyId);
            }
            return account.group(1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking moto for an account", e);
        }
    }

    /** Lists {@code userName} with a {@code PasswordLastUsed}, as IAM does after a console sign-in. */
    public void signedInToConsole(String userName, Instant when) {
        passwordLastUsed.put(userName, when);
    }

    /**
     * Answers the next {@code times} calls of {@code call} ({@code iam:GetCredentialReport}) with an AWS
     * error instead of forwarding them; {@code Integer.MAX_VALUE} for always.
     */
    public void answerWithError(String call, int times, int status, String code, String message) {
        answers.put(call, new Answer(status, errorXml(status, code, message), new AtomicInteger(times)));
    }

    /**
     * Answers the next {@code times} calls of {@code call} ({@code iam:GetUser}) with HTTP 200 and {@code xml}
     * instead of forwarding them: an answer IAM can give that moto cannot be brought to, such as a user name that
     * now belongs to another user id, or a change acknowledged that did not take effect.
     */
    public void answerWith(String call, int times, String xml) {
        answers.put(call, new Answer(200, xml, new AtomicInteger(times)));
    }

    /** Injects the faults of {@code plan} from now on ({@code null} for none). */
    public void injectFaults(FaultPlan plan) {
        this.faults = plan;
    }

    /**
     * Delays every answer, of IAM and Config alike (errors and injected faults too), by {@code delay}: the latency
     * of a real AWS endpoint, which moto on 127.0.0.1 does not have.
     */
    public void answerDelay(Duration delay) {
        this.answerDelay = delay;
    }

    /** IAM keeps generating the credential report and never completes it. */
    public void credentialReportNeverReady() {
        credentialReportNeverReady = true;
    }

    /**
     * From the next {@code GetCredentialReport} on, serves that one report (content and generation time) to
     * every later call, as IAM serves a report until it is four hours old: changes made after it are not in it.
     */
    public void keepCredentialReport() {
        keepCredentialReport = true;
    }

    /** Stops answering with errors, faults and delays and forgets calls, Config state and console sign-ins. */
    public void clear() {
        faults = null;
        answerDelay = Duration.ZERO;
        credentialReportNeverReady = false;
        keepCredentialReport = false;
        keptCredentialReport = null;
        answers.clear();
        calls.clear();
        config.clear();
        passwordLastUsed.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
            boolean configCall = target.startsWith(ConfigStandIn.TARGET_PREFIX);
            String service = configCall ? "config" : service(exchange);
            calls.began(service, exchange.getRemoteAddress());
            long arrived = System.nanoTime();
            // Out of flight before the answer goes out: the caller may send its next call the moment it has it.
            AtomicBoolean answered = new AtomicBoolean();
            Runnable ended = () -> {
                if (answered.compareAndSet(false, true)) {
                    calls.ended(service);
                }
            };
            exchange.setAttribute(ENDED, ended);
            String call = service;
            try {
                Thread.sleep(answerDelay.toMillis());
                call = configCall ? answerConfig(exchange, target.substring(ConfigStandIn.TARGET_PREFIX.length()), body)
                        : answerByForwarding(exchange, service, target, body);
            } finally {
                calls.took(call, System.nanoTime() - arrived);
                ended.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(500, -1);
        }
    }

    /** A Config call, answered by {@link ConfigStandIn} unless a fault is injected; returns its name. */
    private String answerConfig(HttpExchange exchange, String action, byte[] body) throws IOException,
            InterruptedException {
        calls.record("config:" + action);
        FaultPlan plan = faults;
        FaultPlan.Fault fault = plan == null ? FaultPlan.Fault.NONE : plan.next("config", action);
        switch (fault) {
            case THROTTLE -> {
                reply(exchange, 400, "application/x-amz-json-1.1",
                        "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}".getBytes(StandardCharsets.UTF_8));
                return "config:" + action;
            }
            case SERVER_ERROR -> {
                reply(exchange, 500, "application/x-amz-json-1.1",
                        "{\"__type\":\"InternalFailure\",\"message\":\"failure\"}".getBytes(StandardCharsets.UTF_8));
                return "config:" + action;
            }
            case SLOW -> Thread.sleep(plan.slowBy().toMillis());
            case DROP, NONE -> {
            }
        }
        String key = accessKeyId(exchange);
        ConfigStandIn.Answer answer = config.answer(action, new String(body, StandardCharsets.UTF_8), key,
                () -> accountOf(key));
        if (fault != FaultPlan.Fault.DROP) { // closing the exchange with no answer drops the connection
            reply(exchange, answer.status(), "application/x-amz-json-1.1", answer.body().getBytes(StandardCharsets.UTF_8));
        }
        return "config:" + action;
    }

    /** An IAM or STS call, forwarded to moto unless an answer is given or a fault injected; returns its name. */
    private String answerByForwarding(HttpExchange exchange, String service, String target, byte[] body)
            throws IOException, InterruptedException {
        String action = formValue(exchange, body, "Action")
                .or(() -> Optional.of(target).filter(name -> name.contains("."))
                        .map(name -> name.substring(name.indexOf('.') + 1)))
                .orElse(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        calls.record(service + ":" + action);
        Answer given = answers.get(service + ":" + action);
        if (given != null && given.times().getAndUpdate(n -> n == Integer.MAX_VALUE ? n : n - 1) > 0) {
            reply(exchange, given.status(), "text/xml", given.xml().getBytes(StandardCharsets.UTF_8));
            return service + ":" + action;
        }
        FaultPlan plan = faults;
        FaultPlan.Fault fault = plan == null ? FaultPlan.Fault.NONE : plan.next(service, action);
        switch (fault) {
            case THROTTLE -> {
                replyError(exchange, 400, "Throttling", "Rate exceeded");
                return service + ":" + action;
            }
            case SERVER_ERROR -> {
                if (plan.coin()) {
                    replyError(exchange, 500, "ServiceFailure", "The request processing has failed");
                } else {
                    replyError(exchange, 503, "ServiceUnavailable", "Service is unavailable");
                }
                return service + ":" + action;
            }
            case SLOW -> Thread.sleep(plan.slowBy().toMillis());
            case DROP -> {
                forward(exchange, body);
                return service + ":" + action; // closing the exchange with no answer drops the connection
            }
            case NONE -> {
            }
        }
        if (action.equals("ListUsers")) {
            listUsers(exchange, body);
            return service + ":" + action;
        }
        HttpResponse<byte[]> response = forward(exchange, body);
        byte[] answer = rewrite(action, response.body());
        reply(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse("text/xml"), answer);
        return service + ":" + action;
    }

    /** One page of a listing: the first page asks moto, the later ones are cut from that same answer. */
    private void listUsers(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        Optional<String> marker = formValue(exchange, body, "Marker");
        Optional<Integer> listing = marker.flatMap(ListUsersPage::listing).filter(listings::containsKey);
        byte[] everyUser;
        int id;
        if (listing.isPresent()) {
            id = listing.get();
            everyUser = listings.get(id);
        } else {
            HttpResponse<byte[]> response = forward(exchange, body);
            if (response.statusCode() != 200) {
                reply(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse("text/xml"),
                        response.body());
                return;
            }
            id = listingsStarted.incrementAndGet();
            everyUser = response.body();
            listings.put(id, everyUser);
        }
        byte[] page = ListUsersPage.of(everyUser, id, marker, formValue(exchange, body, "MaxItems"));
        reply(exchange, 200, "text/xml", rewrite("ListUsers", page));
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(moto.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void replyError(HttpExchange exchange, int status, String code, String message) throws IOException {
        reply(exchange, status, "text/xml", errorXml(status, code, message).getBytes(StandardCharsets.UTF_8));
    }

    private static String errorXml(int status, String code, String message) {
        return "<ErrorResponse><Error><Type>" + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>stand-in</RequestId></ErrorResponse>";
    }

    private byte[] rewrite(String action, byte[] body) {
        if (action.equals("GenerateCredentialReport") && credentialReportNeverReady) {
            return new String(body, StandardCharsets.UTF_8).replaceAll("<State>[A-Z]+</State>", "<State>INPROGRESS</State>")
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (action.equals("GetCredentialReport")) {
            if (keptCredentialReport != null) {
                return keptCredentialReport;
            }
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            byte[] report = GENERATED_TIME.matcher(new String(body, StandardCharsets.UTF_8))
                    .replaceAll("<GeneratedTime>" + now + "</GeneratedTime>").getBytes(StandardCharsets.UTF_8);
            if (keepCredentialReport) {
                keptCredentialReport = report;
            }
            return report;
        }
        if ((action.equals("ListUsers") || action.equals("GetUser")) && !passwordLastUsed.isEmpty()) {
            Matcher names = LISTED_USER_NAME.matcher(new String(body, StandardCharsets.UTF_8));
            return names.replaceAll(match -> {
                String name = match.group(1);
                Instant used = passwordLastUsed.get(name);
                String element = Matcher.quoteReplacement(match.group());
                return used == null ? element : element + "<PasswordLastUsed>" + used + "</PasswordLastUsed>";
            }).getBytes(StandardCharsets.UTF_8);
        }
        return body;
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (exchange.getAttribute(ENDED) instanceof Runnable ended) {
            ended.run();
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String accessKeyId(HttpExchange exchange) {
        String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
        Matcher key = ACCESS_KEY_IN_SCOPE.matcher(authorization);
        return key.find() ? key.group(1) : "unsigned";
    }

    private static String service(HttpExchange exchange) {
        String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
        Matcher scope = SERVICE_IN_SCOPE.matcher(authorization);
        return scope.find() ? scope.group(1) : "unsigned";
    }

    /** A query-protocol request parameter ({@code Action}, {@code Marker}, …), from the form body or the URL. */
    private static Optional<String> formValue(HttpExchange exchange, byte[] body, String name) {
        String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        for (String source : List.of(query, new String(body, StandardCharsets.UTF_8))) {
            for (String pair : source.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return Optional.of(URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }
}
