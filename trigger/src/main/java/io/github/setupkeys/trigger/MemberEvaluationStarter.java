package io.github.setupkeys.trigger;

/**
 * Asks Config to re-evaluate one account's copy of the organization rule ({@code StartConfigRulesEvaluation} in
 * that account).
 */
public interface MemberEvaluationStarter {

    /**
     * Starts a re-evaluation of {@code account}'s copy of the rule: through that account's re-evaluation role, or
     * with the function's own credentials when it is the {@code central} account. {@code LimitExceededException}
     * is {@link EvaluationStarter.Outcome#ALREADY_RUNNING}; any other failure propagates.
     */
    EvaluationStarter.Outcome start(String account, CentralAccount central);
}
