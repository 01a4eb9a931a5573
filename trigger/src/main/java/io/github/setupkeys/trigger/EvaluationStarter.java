package io.github.setupkeys.trigger;

/** Asks Config to re-evaluate a rule ({@code StartConfigRulesEvaluation}). */
public interface EvaluationStarter {

    /** Config's answer that decides what the trigger does next. */
    enum Outcome {
        /** Config started a re-evaluation. */
        STARTED,
        /**
         * Config refused with {@code LimitExceededException}: an evaluation of the rule is running, or one was
         * started less than a minute ago. Try again later.
         */
        ALREADY_RUNNING
    }

    /** Starts a re-evaluation of {@code configRuleName}; any other failure propagates. */
    Outcome start(String configRuleName);
}
