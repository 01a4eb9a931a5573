package io.github.setupkeys.rule.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Runs numbered tasks, at most {@link CallsInFlight} of them at a time, as a periodic run confirms candidates and
 * writes evaluations. Tasks start in order of their number; before each, a gate may refuse (the deadline). Once a
 * task fails or the gate refuses, no further task starts: those in flight run to their end, and then the failure
 * of the lowest-numbered task is thrown (any others ride along as suppressed), so nothing half-done is ever taken
 * for a result.
 *
 * <p>The threads are platform threads (the code targets Java 17, which has no virtual threads) that live only
 * while the tasks run, so none is left over for a SnapStart snapshot. With one call in flight the tasks run in the
 * calling thread, one after another, exactly as before there were threads.
 */
public final class BoundedTasks {

    /** Asked before each task starts. */
    @FunctionalInterface
    public interface Gate {

        /** Throws to stop before task {@code index} starts; no task after it starts either. */
        void beforeStarting(int index);
    }

    private BoundedTasks() {
    }

    /** Runs {@code task} for 0 … {@code count - 1}; returns once every started task has ended. */
    public static void run(int count, CallsInFlight inFlight, Gate gate, IntConsumer task) {
        int threads = Math.min(inFlight.value(), count);
        if (threads <= 1) {
            for (int index = 0; index < count; index++) {
                gate.beforeStarting(index);
                task.accept(index);
            }
            return;
        }
        Run run = new Run(count, gate, task);
        List<Thread> workers = new ArrayList<>();
        for (int worker = 0; worker < threads; worker++) {
            workers.add(CallThreads.started("setupkeys-call-" + (worker + 1), run::work));
        }
        // Interrupted meanwhile: no new task starts, those in flight end, and the flag is kept.
        CallThreads.joinAll(workers, () -> run.stop(new IllegalStateException(CallThreads.INTERRUPTED)));
        run.rethrowFirstFailure();
    }

    /** The shared state of one run: the next task to start, and what failed. */
    private static final class Run {

        private final int count;
        private final Gate gate;
        private final IntConsumer task;
        private final Object lock = new Object();
        private final Map<Integer, Throwable> failures = new TreeMap<>();
        private int next;
        private boolean stopped;

        Run(int count, Gate gate, IntConsumer task) {
            this.count = count;
            this.gate = gate;
            this.task = task;
        }

        void work() {
            while (true) {
                int index;
                synchronized (lock) {
                    if (stopped || next >= count) {
                        return;
                    }
                    index = next++;
                    try {
                        // Asked under the lock, so tasks pass the gate in the order of their numbers.
                        gate.beforeStarting(index);
                    } catch (RuntimeException refused) {
                        failed(index, refused);
                        return;
                    }
                }
                try {
                    task.accept(index);
                } catch (Throwable failure) {
                    // Not a result: carried to the calling thread and thrown there, once every task has ended.
                    synchronized (lock) {
                        failed(index, failure);
                    }
                    return;
                }
            }
        }

        void stop(RuntimeException why) {
            synchronized (lock) {
                if (!stopped) {
                    failed(next, why);
                }
            }
        }

        private void failed(int index, Throwable failure) {
            failures.putIfAbsent(index, failure);
            stopped = true;
        }

        void rethrowFirstFailure() {
            synchronized (lock) {
                if (failures.isEmpty()) {
                    return;
                }
                List<Throwable> inOrder = new ArrayList<>(failures.values());
                Throwable first = inOrder.get(0);
                inOrder.subList(1, inOrder.size()).stream().filter(other -> other != first)
                        .forEach(first::addSuppressed);
                throw CallThreads.unchecked(first);
            }
        }
    }
}
