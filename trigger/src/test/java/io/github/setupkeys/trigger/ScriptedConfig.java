package io.github.setupkeys.trigger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/** Config as the trigger sees it: answers StartConfigRulesEvaluation as scripted, and records every call. */
final class ScriptedConfig implements EvaluationStarter {

    private final List<String> started = new ArrayList<>();
    private final Deque<Supplier<Outcome>> answers = new ArrayDeque<>();

    /** The next call is refused: an evaluation is running. */
    ScriptedConfig busy() {
        answers.add(() -> Outcome.ALREADY_RUNNING);
        return this;
    }

    /** The next call fails with {@code failure}. */
    ScriptedConfig failing(RuntimeException failure) {
        answers.add(() -> {
            throw failure;
        });
        return this;
    }

    @Override
    public Outcome start(String configRuleName) {
        started.add(configRuleName);
        return answers.isEmpty() ? Outcome.STARTED : answers.poll().get();
    }

    /** The rule names of every StartConfigRulesEvaluation call, in order. */
    List<String> calls() {
        return List.copyOf(started);
    }
}
