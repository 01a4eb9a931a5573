package io.github.setupkeys.trigger;

import java.util.List;

/**
 * Deletes messages of the buffer queue ({@code DeleteMessageBatch}). Lambda's event source mapping deletes a batch's
 * messages itself when the function returns; when the organization's trigger fails because of one account, it
 * deletes the others' handled messages first, so that only the failing account's come back.
 */
public interface MessageDeletion {

    void delete(List<String> receiptHandles);
}
