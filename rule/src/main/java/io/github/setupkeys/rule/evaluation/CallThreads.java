package io.github.setupkeys.rule.evaluation;

import java.util.List;

/**
 * The platform threads a run makes its AWS calls on ({@link BoundedTasks}, {@link SideBySide}): daemon threads that
 * live only while their work runs, so none is left over for a SnapStart snapshot, and whose failures reach the
 * calling thread as they were thrown.
 */
final class CallThreads {

    /** The message of the failure a run ends with when its caller is interrupted while calls are in flight. */
    static final String INTERRUPTED = "interrupted while AWS calls were in flight";

    private CallThreads() {
    }

    /** A named daemon platform thread, started on {@code work}. */
    static Thread started(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Waits until every thread has ended, even when interrupted meanwhile: then {@code onInterrupt} runs (to stop or
     * interrupt the work), the wait goes on, and the calling thread's flag is set again before returning.
     */
    static void joinAll(List<Thread> threads, Runnable onInterrupt) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    onInterrupt.run();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code failure} to throw as it was: unchecked as it is, an {@link Error} thrown here, a checked one wrapped. */
    static RuntimeException unchecked(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(failure.getMessage(), failure);
    }
}
