package io.github.setupkeys.it.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Chromium's DevTools protocol over one WebSocket, with the JDK's own client: commands answered by id, and
 * every event kept, in order, for the tests to read. Pages are addressed by session id (flat sessions), so
 * one connection drives the browser and all its pages.
 */
final class DevToolsConnection implements AutoCloseable {

    /** One event as Chromium sent it. */
    record Event(String sessionId, String method, JsonObject params) {
    }

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    private DevToolsConnection(WebSocket socket) {
        this.socket = socket;
    }

    static DevToolsConnection open(URI browserEndpoint) {
        Receiver receiver = new Receiver();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(browserEndpoint, receiver).join();
        DevToolsConnection connection = new DevToolsConnection(socket);
        receiver.connection = connection;
        return connection;
    }

    /** Sends {@code method} to the browser ({@code sessionId} null) or to a page, and waits for its result. */
    JsonObject send(String sessionId, String method, JsonObject params) {
        int id = ids.incrementAndGet();
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params == null ? new JsonObject() : params);
        if (sessionId != null) {
            message.addProperty("sessionId", sessionId);
        }
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(message.toString(), true).join();
        JsonObject response;
        try {
            response = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Chromium did not answer " + method + " in " + COMMAND_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException("DevTools connection failed during " + method, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pending.remove(id);
        }
        if (response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.getAsJsonObject("result");
    }

    /** The events received so far for {@code sessionId}. */
    List<Event> events(String sessionId) {
        return events.stream().filter(event -> sessionId.equals(event.sessionId())).toList();
    }

    /**
     * Waits for an event of {@code sessionId} that {@code wanted} accepts, among those after the first
     * {@code seen} (as counted by {@link #events}).
     */
    Event await(String sessionId, int seen, Predicate<Event> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Event> received = events(sessionId);
            for (Event event : received.subList(Math.min(seen, received.size()), received.size())) {
                if (wanted.test(event)) {
                    return event;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("no such DevTools event within " + timeout.toSeconds() + " s");
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null).join();
    }

    private void received(String text) {
        JsonObject message = JsonParser.parseString(text).getAsJsonObject();
        if (message.has("id")) {
            CompletableFuture<JsonObject> answer = pending.get(message.get("id").getAsInt());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        String sessionId = message.has("sessionId") ? message.get("sessionId").getAsString() : "";
        JsonObject params = message.has("params") ? message.getAsJsonObject("params") : new JsonObject();
        events.add(new Event(sessionId, message.get("method").getAsString(), params));
    }

    private void failed(Throwable error) {
        pending.values().forEach(answer -> answer.completeExceptionally(error));
    }

    /** Puts together messages that arrive in parts (a screenshot is megabytes of base64). */
    private static final class Receiver implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();
        private volatile DevToolsConnection connection;

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                String text = message.toString();
                message.setLength(0);
                connection.received(text);
            }
            socket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            if (connection != null) {
                connection.failed(error);
            }
        }
    }
}
