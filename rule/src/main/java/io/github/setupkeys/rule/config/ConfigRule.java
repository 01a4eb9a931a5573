package io.github.setupkeys.rule.config;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.Pause;
import io.github.setupkeys.text.InputText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One invocation of the rule by AWS Config, from its event to the evaluations written and the one log line:
 * what the Lambda handler runs, and what SnapStart priming runs before the snapshot. Malformed input and every
 * AWS failure fail the invocation (so Config shows the error); nothing is ever written from them. A run that
 * cannot finish stops before Lambda's deadline, saying where, instead of being killed while writing.
 */
public final class ConfigRule {

    /**
     * The end of the invocation kept for writing: a periodic run's evaluation stops this long before Lambda's
     * deadline (a change notification's makes a handful of calls and checks no deadline). Enough for 5,000 users'
     * 50 PutEvaluations calls, which take a few seconds unless Config throttles.
     */
    static final Duration WRITE_RESERVE = Duration.ofSeconds(30);

    private final AccountAccess accounts;
    private final Clock clock;
    private final Pause pause;
    private final CallsInFlight inFlight;

    /** @param inFlight how many AWS calls a periodic run makes at a time (confirmations, PutEvaluations batches) */
    public ConfigRule(AccountAccess accounts, Clock clock, Pause pause, CallsInFlight inFlight) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    }

    /** With the default number of calls in flight. */
    public ConfigRule(AccountAccess accounts, Clock clock, Pause pause) {
        this(accounts, clock, pause, CallsInFlight.DEFAULTS);
    }

    /** Answers {@code event}; logs one line to {@code context}'s logger, whatever happens. */
    public String invoke(ConfigEvent event, Context context) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        InvocationLog log = new InvocationLog();
        AccountConnection account = null;
        Map<String, Long> callsBefore = Map.of();
        try {
            ConfigInvocation invocation = ConfigInvocationParser.parse(event);
            log.invocation(invocation);
            account = connection(invocation, context);
            callsBefore = account.calls().snapshot();
            Deadline lambda = Deadline.of(context::getRemainingTimeInMillis);
            InvocationEvaluator.Outcome outcome = InvocationEvaluator.evaluate(invocation, account, now,
                    lambda.minus(WRITE_RESERVE), inFlight);
            int putCalls = new EvaluationWriter(account.config(), pause, inFlight)
                    .write(outcome.evaluations(), invocation.resultToken(), invocation.testMode(), lambda);
            log.outcome(outcome, putCalls);
            return outcome.evaluations().size() + " evaluation(s) written";
        } catch (RuntimeException failure) {
            log.failed(failure);
            throw failure;
        } finally {
            if (account != null) {
                Map<String, Long> after = account.calls().snapshot();
                log.calls(delta(callsBefore, after, "Iam"), delta(callsBefore, after, "Config"),
                        delta(callsBefore, after, "Sts"));
            }
            context.getLogger().log(log.toJson((System.nanoTime() - started) / 1_000_000));
        }
    }

    /** The own account's connection, or the evaluated account's through its execution role. */
    private AccountConnection connection(ConfigInvocation invocation, Context context) {
        String[] function = context.getInvokedFunctionArn() == null ? new String[0]
                : context.getInvokedFunctionArn().split(":");
        if (function.length < 7 || !function[0].equals("arn")) {
            throw new InvalidInvocationException("cannot tell the function's own account from its ARN "
                    + InputText.quote(context.getInvokedFunctionArn()));
        }
        String partition = function[1];
        String ownAccount = function[4];
        if (invocation.accountId().equals(ownAccount)) {
            return accounts.own();
        }
        String roleName = invocation.executionRoleName().orElseThrow(() -> new InvalidInvocationException(
                "rule parameter " + ConfigInvocationParser.EXECUTION_ROLE_NAME + " is required to evaluate account "
                        + invocation.accountId() + " from the function's account " + ownAccount));
        return accounts.assumed("arn:" + partition + ":iam::" + invocation.accountId() + ":role/" + roleName);
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String service) {
        return after.entrySet().stream().filter(entry -> entry.getKey().startsWith(service + ":"))
                .mapToLong(entry -> entry.getValue() - before.getOrDefault(entry.getKey(), 0L)).sum();
    }
}
