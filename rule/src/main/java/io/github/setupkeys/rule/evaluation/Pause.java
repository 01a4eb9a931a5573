package io.github.setupkeys.rule.evaluation;

import java.time.Duration;

/** Waits between polls; tests pass one that does not sleep. */
@FunctionalInterface
public interface Pause {

    Pause SLEEP = duration -> Thread.sleep(duration.toMillis());

    void pause(Duration duration) throws InterruptedException;
}
