package io.github.setupkeys.trigger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records which messages the trigger hid, and for how long (from any thread: the organization's decides accounts at once). */
final class RecordingDeferral implements MessageDeferral {

    record Deferred(List<String> receiptHandles, Duration delay) {
    }

    private final List<Deferred> deferred = new ArrayList<>();

    @Override
    public synchronized void defer(List<String> receiptHandles, Duration delay) {
        deferred.add(new Deferred(List.copyOf(receiptHandles), delay));
    }

    synchronized List<Deferred> calls() {
        return List.copyOf(deferred);
    }
}
