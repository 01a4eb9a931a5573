package io.github.setupkeys.trigger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Config of the member accounts as the organization's trigger sees it: answers each account's
 * StartConfigRulesEvaluation as scripted for that account, and records every call (from any thread).
 */
final class ScriptedMembers implements MemberEvaluationStarter {

    record Call(String account, CentralAccount central) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Supplier<EvaluationStarter.Outcome>> answers = new HashMap<>();

    /** Every call for {@code account} is refused: an evaluation is running there. */
    synchronized ScriptedMembers busy(String account) {
        answers.put(account, () -> EvaluationStarter.Outcome.ALREADY_RUNNING);
        return this;
    }

    /** Every call for {@code account} fails with {@code failure}. */
    synchronized ScriptedMembers failing(String account, RuntimeException failure) {
        answers.put(account, () -> {
            throw failure;
        });
        return this;
    }

    @Override
    public EvaluationStarter.Outcome start(String account, CentralAccount central) {
        Supplier<EvaluationStarter.Outcome> answer;
        synchronized (this) {
            calls.add(new Call(account, central));
            answer = answers.getOrDefault(account, () -> EvaluationStarter.Outcome.STARTED);
        }
        return answer.get();
    }

    /** The accounts of every call, in account order (calls for different accounts run at once). */
    synchronized List<String> accounts() {
        return calls.stream().map(Call::account).sorted().toList();
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }
}
