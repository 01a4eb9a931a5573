package io.github.setupkeys.rule.evaluation;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * Two steps of a run that do not depend on each other, such as listing the users and waiting for the credential
 * report, made at the same time when more than one call may be in flight: the second on a platform thread of its
 * own, the first in the calling thread. With one call in flight both run in the calling thread, the first and then
 * the second, exactly as before there were threads.
 *
 * <p>Whatever happens, the second step's thread has ended before {@link #run} returns or throws, so none is left for
 * a SnapStart snapshot and every call it made is counted by then. When the first step fails, the second is
 * interrupted (a pause between polls ends at once), its end awaited, and the first step's failure thrown, as one
 * after the other, where the second would not have started. Otherwise the second step's failure, if any, is thrown.
 */
public final class SideBySide {

    /** What both steps gave. */
    public record Both<F, S>(F first, S second) {
    }

    private SideBySide() {
    }

    /**
     * Runs both steps and returns what they gave once both have ended.
     *
     * @param threadName the name of the second step's thread, when it has one
     */
    public static <F, S> Both<F, S> run(CallsInFlight inFlight, String threadName, Supplier<F> first,
            Supplier<S> second) {
        if (inFlight.value() <= 1) {
            F firstResult = first.get();
            return new Both<>(firstResult, second.get());
        }
        FutureTask<S> beside = new FutureTask<>(second::get);
        Thread thread = CallThreads.started(threadName, beside);
        F firstResult;
        try {
            firstResult = first.get();
        } catch (RuntimeException | Error failure) {
            if (!beside.cancel(true)) {
                // It had ended on its own: a failure of its own rides along; an interrupted wait would not be one.
                failureOf(beside).ifPresent(failure::addSuppressed);
            }
            awaitEnd(thread, beside);
            throw failure;
        }
        awaitEnd(thread, beside);
        return new Both<>(firstResult, resultOf(beside));
    }

    /**
     * Waits until {@code thread} has ended, even when interrupted meanwhile: then the step is interrupted too, and
     * the flag is kept for the caller.
     */
    private static void awaitEnd(Thread thread, FutureTask<?> step) {
        CallThreads.joinAll(List.of(thread), () -> {
            step.cancel(true);
            thread.interrupt(); // also when the step was cancelled before: the interruption must reach it
        });
    }

    private static <S> S resultOf(FutureTask<S> step) {
        try {
            return step.get();
        } catch (CancellationException | InterruptedException cancelled) {
            // Only the caller's interruption cancels a step whose partner succeeded.
            Thread.currentThread().interrupt();
            throw new IllegalStateException(CallThreads.INTERRUPTED);
        } catch (ExecutionException failed) {
            throw CallThreads.unchecked(failed.getCause());
        }
    }

    private static Optional<Throwable> failureOf(FutureTask<?> step) {
        try {
            step.get();
            return Optional.empty();
        } catch (ExecutionException failed) {
            return Optional.of(failed.getCause());
        } catch (CancellationException | InterruptedException notAFailureOfItsOwn) {
            return Optional.empty();
        }
    }
}
