package io.github.setupkeys.rule.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Tasks several at a time: started in order, stopped at the first failure, never left running. */
class BoundedTasksTest {

    @Test
    void everyTaskRunsOnceAndTheGateIsAskedInOrder() {
        List<Integer> asked = Collections.synchronizedList(new ArrayList<>());
        Set<Integer> ran = ConcurrentHashMap.newKeySet();

        BoundedTasks.run(500, new CallsInFlight(8), asked::add, ran::add);

        assertThat(asked).isEqualTo(IntStream.range(0, 500).boxed().toList());
        assertThat(ran).hasSize(500);
    }

    @Test
    void oneAtATimeRunsInTheCallingThreadInOrder() {
        List<String> threads = new ArrayList<>();
        List<Integer> order = new ArrayList<>();

        BoundedTasks.run(5, CallsInFlight.ONE_AT_A_TIME, index -> { }, index -> {
            threads.add(Thread.currentThread().getName());
            order.add(index);
        });

        assertThat(threads).containsOnly(Thread.currentThread().getName());
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aRefusalOfTheGateStartsNoLaterTaskAndIsThrownOnceTheOthersEnd() {
        Set<Integer> ran = ConcurrentHashMap.newKeySet();

        assertThatThrownBy(() -> BoundedTasks.run(100, new CallsInFlight(4), index -> {
            if (index == 10) {
                throw new DeadlineExceededException("stopped at " + index);
            }
        }, ran::add)).isInstanceOf(DeadlineExceededException.class).hasMessage("stopped at 10");

        assertThat(ran).isEqualTo(Set.copyOf(IntStream.range(0, 10).boxed().toList()));
    }

    @Test
    void theFailureOfTheLowestNumberedTaskIsThrownWithTheOthersSuppressed() {
        assertThatThrownBy(() -> BoundedTasks.run(4, new CallsInFlight(4), index -> { }, index -> {
            throw new IllegalStateException("task " + index + " failed");
        })).hasMessage("task 0 failed")
                .satisfies(failure -> assertThat(failure.getSuppressed()).hasSizeLessThanOrEqualTo(3)
                        .allSatisfy(other -> assertThat(other).hasMessageMatching("task [123] failed")));
    }

    @Test
    void noThreadOutlivesTheRun() {
        BoundedTasks.run(64, new CallsInFlight(8), index -> { }, index -> { });

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().startsWith("setupkeys-call-"));
    }
}
