package io.github.setupkeys.rule.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two steps at once when calls may be in flight, one after the other when not; never a thread left behind. */
class SideBySideTest {

    private static final String THREAD = "setupkeys-side-by-side-test";

    @AfterEach
    void noThreadOutlivesTheRun() {
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().equals(THREAD));
    }

    @Test
    void oneAtATimeBothRunInTheCallingThreadFirstThenSecond() {
        List<String> ran = new ArrayList<>();

        SideBySide.Both<String, String> both = SideBySide.run(CallsInFlight.ONE_AT_A_TIME, THREAD,
                () -> ran("first", ran), () -> ran("second", ran));

        assertThat(both).isEqualTo(new SideBySide.Both<>("first", "second"));
        assertThat(ran).containsExactly("first in " + Thread.currentThread().getName(),
                "second in " + Thread.currentThread().getName());
    }

    @Test
    void withCallsInFlightTheSecondRunsOnItsOwnThreadWhileTheFirstRunsInTheCallingOne() {
        InFlightGate gate = new InFlightGate(2);
        AtomicReference<String> secondThread = new AtomicReference<>();

        SideBySide.Both<String, String> both = SideBySide.run(new CallsInFlight(2), THREAD,
                () -> gate.through(() -> "first"),
                () -> gate.through(() -> {
                    secondThread.set(Thread.currentThread().getName());
                    return "second";
                }));

        assertThat(both).isEqualTo(new SideBySide.Both<>("first", "second"));
        assertThat(gate.mostInFlight()).isEqualTo(2);
        assertThat(secondThread).hasValue(THREAD);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aFailedFirstStepInterruptsTheSecondAwaitsItsEndAndIsThrown() {
        CountDownLatch secondStarted = new CountDownLatch(1);
        AtomicBoolean secondInterrupted = new AtomicBoolean();
        AtomicBoolean secondEnded = new AtomicBoolean();

        assertThatThrownBy(() -> SideBySide.run(new CallsInFlight(8), THREAD,
                () -> {
                    await(secondStarted);
                    throw new IllegalStateException("iam:ListUsers failed: AccessDenied");
                },
                () -> {
                    secondStarted.countDown();
                    waitForTheReport(secondInterrupted);
                    secondEnded.set(true);
                    throw new IllegalStateException("interrupted while waiting for the IAM credential report");
                })).hasMessage("iam:ListUsers failed: AccessDenied").hasNoSuppressedExceptions();

        assertThat(secondInterrupted).isTrue();
        assertThat(secondEnded).as("ended before the failure was thrown").isTrue();
    }

    @Test
    void aFailedSecondStepIsThrownOnceTheFirstHasEnded() {
        CountDownLatch secondFailed = new CountDownLatch(1);
        AtomicBoolean firstEnded = new AtomicBoolean();

        assertThatThrownBy(() -> SideBySide.run(new CallsInFlight(8), THREAD,
                () -> {
                    await(secondFailed);
                    firstEnded.set(true);
                    return "first";
                },
                () -> {
                    secondFailed.countDown();
                    throw new IllegalStateException("iam:GetCredentialReport failed: AccessDenied");
                })).hasMessage("iam:GetCredentialReport failed: AccessDenied");

        assertThat(firstEnded).isTrue();
    }

    @Test
    void whenBothFailTheFirstStepsFailureIsThrownWithTheSecondsAlong() {
        CountDownLatch secondFailed = new CountDownLatch(1);

        assertThatThrownBy(() -> SideBySide.run(new CallsInFlight(8), THREAD,
                () -> {
                    await(secondFailed);
                    awaitEndOfThread(THREAD);
                    throw new IllegalStateException("first failed");
                },
                () -> {
                    secondFailed.countDown();
                    throw new IllegalStateException("second failed");
                })).hasMessage("first failed")
                .satisfies(failure -> assertThat(failure.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("second failed"));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void anInterruptedCallerStopsTheSecondStepAndKeepsItsFlag() {
        CountDownLatch secondStarted = new CountDownLatch(1);
        AtomicBoolean secondInterrupted = new AtomicBoolean();

        try {
            assertThatThrownBy(() -> SideBySide.run(new CallsInFlight(8), THREAD,
                    () -> {
                        await(secondStarted);
                        Thread.currentThread().interrupt(); // as a runtime shutting down might
                        return "first";
                    },
                    () -> {
                        secondStarted.countDown();
                        waitForTheReport(secondInterrupted);
                        return "second";
                    })).hasMessage("interrupted while AWS calls were in flight");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(secondInterrupted).isTrue();
    }

    /** Sleeps as a wait for the credential report may, two minutes at most, unless interrupted (then says so). */
    private static void waitForTheReport(AtomicBoolean interrupted) {
        try {
            Thread.sleep(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            interrupted.set(true);
        }
    }

    private static String ran(String step, List<String> ran) {
        ran.add(step + " in " + Thread.currentThread().getName());
        return step;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitEndOfThread(String name) {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(name)) {
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(10));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }
}
