package io.github.setupkeys.it.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.setupkeys.it.support.DevToolsConnection.Event;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One tab of {@link HeadlessChromium}. From the moment it opens it records every request the page makes
 * (Network), every uncaught exception and console error (Runtime) and every error the browser logs about it
 * (Log: a blocked or failed load, a Content-Security-Policy violation), so a test can say "nothing else".
 */
public final class BrowserPage implements AutoCloseable {

    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

    private final DevToolsConnection devTools;
    private final String targetId;
    private final String sessionId;
    private int width;

    private BrowserPage(DevToolsConnection devTools, String targetId, String sessionId) {
        this.devTools = devTools;
        this.targetId = targetId;
        this.sessionId = sessionId;
    }

    static BrowserPage attach(DevToolsConnection devTools, String targetId, String sessionId, int width, int height) {
        BrowserPage page = new BrowserPage(devTools, targetId, sessionId);
        for (String domain : List.of("Page", "Network", "Runtime", "Log")) {
            page.send(domain + ".enable", new JsonObject());
        }
        page.resize(width, height);
        return page;
    }

    /** Loads {@code url} and waits for its load event and two frames of layout. */
    public BrowserPage open(URI url) {
        int seen = devTools.events(sessionId).size();
        JsonObject navigate = new JsonObject();
        navigate.addProperty("url", url.toString());
        JsonObject result = send("Page.navigate", navigate);
        if (result.has("errorText")) {
            throw new IllegalStateException("cannot open " + url + ": " + result.get("errorText").getAsString());
        }
        devTools.await(sessionId, seen, event -> event.method().equals("Page.loadEventFired"), LOAD_TIMEOUT);
        evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))");
        return this;
    }

    /** The URL of every request the page made, the page itself included, in order. */
    public List<String> requests() {
        return devTools.events(sessionId).stream().filter(event -> event.method().equals("Network.requestWillBeSent"))
                .map(event -> event.params().getAsJsonObject("request").get("url").getAsString()).toList();
    }

    /** Uncaught exceptions, console errors and errors the browser logged for this page, one line each. */
    public List<String> errors() {
        List<String> errors = new ArrayList<>();
        for (Event event : devTools.events(sessionId)) {
            JsonObject params = event.params();
            switch (event.method()) {
                case "Runtime.exceptionThrown" -> errors.add("uncaught: " + params.getAsJsonObject("exceptionDetails"));
                case "Runtime.consoleAPICalled" -> {
                    String type = params.get("type").getAsString();
                    if (type.equals("error") || type.equals("assert")) {
                        errors.add("console." + type + ": " + params.getAsJsonArray("args"));
                    }
                }
                case "Log.entryAdded" -> {
                    JsonObject entry = params.getAsJsonObject("entry");
                    if (entry.get("level").getAsString().equals("error")) {
                        errors.add("log (" + entry.get("source").getAsString() + "): " + entry.get("text").getAsString());
                    }
                }
                default -> {
                }
            }
        }
        return errors;
    }

    /** The value of a JavaScript expression evaluated in the page (by the test, not by the page). */
    public JsonElement evaluate(String expression) {
        JsonObject evaluate = new JsonObject();
        evaluate.addProperty("expression", expression);
        evaluate.addProperty("returnByValue", true);
        evaluate.addProperty("awaitPromise", true);
        JsonObject result = send("Runtime.evaluate", evaluate);
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("evaluating " + expression + " failed: " + result.get("exceptionDetails"));
        }
        JsonObject value = result.getAsJsonObject("result");
        return value.has("value") ? value.get("value") : null;
    }

    /** {@code [...document.querySelectorAll(selector)].map(element => mapping)}, as strings. */
    public List<String> each(String selector, String mapping) {
        JsonArray values = evaluate("[...document.querySelectorAll(" + jsString(selector) + ")].map(element => "
                + mapping + ")").getAsJsonArray();
        List<String> strings = new ArrayList<>();
        values.forEach(value -> strings.add(value.isJsonNull() ? null : value.getAsString()));
        return strings;
    }

    /** The text of the elements {@code selector} finds that are rendered (not display:none, nor inside one). */
    public List<String> shownText(String selector) {
        return each(selector, "element.getClientRects().length > 0 ? element.innerText : null").stream()
                .filter(text -> text != null).toList();
    }

    /**
     * The page's width in CSS pixels, and which elements reach past {@code width} (tag, class and right edge),
     * to say why a page is wider than its window.
     */
    public String widthExplained(int width) {
        return "page width " + evaluate("document.documentElement.scrollWidth").getAsInt() + "; past " + width + ": "
                + each("body *", "(() => { const right = Math.ceil(element.getBoundingClientRect().right); return right > "
                        + width + " ? element.localName + '.' + element.getAttribute('class') + ' ' + right"
                        + " : null; })()").stream().filter(text -> text != null).limit(12).toList();
    }

    /** A real mouse click (pressed and released) in the middle of the element {@code selector} finds. */
    public void click(String selector) {
        JsonObject box = evaluate("(() => { const element = document.querySelector(" + jsString(selector) + ");"
                + " element.scrollIntoView({block: 'center'}); const r = element.getBoundingClientRect();"
                + " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()").getAsJsonObject();
        for (String type : List.of("mousePressed", "mouseReleased")) {
            JsonObject mouse = new JsonObject();
            mouse.addProperty("type", type);
            mouse.addProperty("x", box.get("x").getAsDouble());
            mouse.addProperty("y", box.get("y").getAsDouble());
            mouse.addProperty("button", "left");
            mouse.addProperty("clickCount", 1);
            send("Input.dispatchMouseEvent", mouse);
        }
    }

    /** The window as {@code width} × {@code height} CSS pixels. */
    public void resize(int width, int height) {
        this.width = width;
        JsonObject metrics = new JsonObject();
        metrics.addProperty("width", width);
        metrics.addProperty("height", height);
        metrics.addProperty("deviceScaleFactor", 1);
        metrics.addProperty("mobile", false);
        send("Emulation.setDeviceMetricsOverride", metrics);
    }

    /** Renders the page as for {@code media} ("print", "screen"). */
    public void emulateMedia(String media) {
        JsonObject emulated = new JsonObject();
        emulated.addProperty("media", media);
        send("Emulation.setEmulatedMedia", emulated);
    }

    /** A PNG of the page from the top down to {@code height} CSS pixels, or all of it when {@code height} is 0. */
    public byte[] screenshot(int height) {
        int whole = evaluate("document.documentElement.scrollHeight").getAsInt();
        JsonObject clip = new JsonObject();
        clip.addProperty("x", 0);
        clip.addProperty("y", 0);
        clip.addProperty("width", width);
        clip.addProperty("height", height == 0 ? whole : Math.min(height, whole));
        clip.addProperty("scale", 1);
        JsonObject capture = new JsonObject();
        capture.addProperty("format", "png");
        capture.addProperty("captureBeyondViewport", true);
        capture.add("clip", clip);
        return Base64.getDecoder().decode(send("Page.captureScreenshot", capture).get("data").getAsString());
    }

    /** The page printed to PDF (A4, the print stylesheet's margins). */
    public byte[] pdf() {
        JsonObject print = new JsonObject();
        print.addProperty("paperWidth", 8.27);
        print.addProperty("paperHeight", 11.69);
        print.addProperty("preferCSSPageSize", true);
        return Base64.getDecoder().decode(send("Page.printToPDF", print).get("data").getAsString());
    }

    @Override
    public void close() {
        JsonObject target = new JsonObject();
        target.addProperty("targetId", targetId);
        devTools.send(null, "Target.closeTarget", target);
    }

    private JsonObject send(String method, JsonObject params) {
        return devTools.send(sessionId, method, params);
    }

    private static String jsString(String text) {
        JsonArray quoted = new JsonArray();
        quoted.add(text);
        String array = quoted.toString();
        return array.substring(1, array.length() - 1);
    }
}
