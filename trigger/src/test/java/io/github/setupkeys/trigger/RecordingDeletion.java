package io.github.setupkeys.trigger;

import java.util.ArrayList;
import java.util.List;

/** Records which messages the trigger deleted itself. */
final class RecordingDeletion implements MessageDeletion {

    private final List<String> deleted = new ArrayList<>();

    @Override
    public synchronized void delete(List<String> receiptHandles) {
        deleted.addAll(receiptHandles);
    }

    synchronized List<String> deleted() {
        return List.copyOf(deleted);
    }
}
