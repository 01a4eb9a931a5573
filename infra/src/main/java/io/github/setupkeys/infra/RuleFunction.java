package io.github.setupkeys.infra;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;

/**
 * The rule's Lambda function in the account that runs it: its log group and failure queue, its least-privilege
 * role (which evaluates that account's IAM users), and the function published with SnapStart behind the alias
 * Config invokes. Both deployments use it: {@link SetupKeysStack} and the organization's central account.
 *
 * <p>Not a construct of its own: its resources are added to the stack under the ids they had when the stack
 * defined them itself, so the single-account template, and its logical ids, stay as they were.
 */
final class RuleFunction {

    /** The entry point in the rule jar (the rule module's Lambda handler; the name is part of the design). */
    static final String HANDLER = "io.github.setupkeys.rule.ConfigRuleHandler::handleRequest";
    static final String ALIAS_NAME = "live";

    /*
     * Sized from a measurement of the bulk path the periodic run takes (ListUsers + credential report + live
     * confirmation of candidates): `java -Xmx<N>m -jar rule/target/setupkeys-rule.jar scan` (Temurin 25) against
     * moto with 5,000 users, each with a console password and an access key. moto's credential report carries a fixed
     * GeneratedTime in 2015, so every user is a candidate there: the worst case, 15,000 IAM calls (measured one
     * after another, before candidates were confirmed eight at a time).
     * Peak RSS 203 MB at -Xmx64m, 238 MB at -Xmx128m, 396 MB at -Xmx512m (live heap after GC about 20 MB);
     * 35-38 s of CPU and 150-240 s of wall time on a shared 2-core machine, the emulator being the bottleneck.
     * Memory: 1024 MB, 2.5 times the largest RSS, and because Lambda gives CPU in proportion to memory
     * (1,769 MB is one vCPU) that CPU work takes about 1 minute instead of 2 at 512 MB.
     * Timeout: the Lambda maximum. At 30-50 ms per real IAM call the worst case needs 450-750 s one call after
     * another, about 60-95 s with eight in flight; in a real account only users with a key slot dated within the
     * setup window (or a never-used one dated after it), users missing from the report and users created within a
     * window of the report are candidates, so a run usually takes seconds.
     */
    static final int MEMORY_MB = 1024;
    static final Duration TIMEOUT = Duration.minutes(15);

    private final Stack stack;
    private final DeploymentSettings settings;
    private final LogGroup logs;
    private final Queue failures;
    private final Role role;
    private final Function function;
    private final Alias alias;

    RuleFunction(Stack stack, DeploymentSettings settings) {
        if (!Files.isRegularFile(settings.ruleJar())) {
            throw new IllegalStateException("no rule jar at " + settings.ruleJar().toAbsolutePath()
                    + ": build it with ./mvnw -pl rule package (cdk synth from the repository root does)");
        }
        this.stack = stack;
        this.settings = settings;
        this.logs = logGroup();
        this.failures = failureQueue();
        this.role = functionRole();
        this.function = newFunction();
        this.alias = published(function);
    }

    /** The function's role: it may evaluate the IAM users of its own account. */
    Role role() {
        return role;
    }

    /** The alias Config invokes (its ARN is the rule's source identifier). */
    Alias alias() {
        return alias;
    }

    /** The function itself: its metrics count every version's invocations. */
    Function function() {
        return function;
    }

    /** Where Lambda puts invocations that failed after their retries. */
    Queue failedInvocations() {
        return failures;
    }

    /** Every IAM user of {@code stack}'s account, whatever its path. */
    static String everyUser(Stack stack) {
        return stack.formatArn(ArnComponents.builder()
                .service("iam").region("").resource("user").resourceName("*").build());
    }

    private LogGroup logGroup() {
        // A year of the function's logs; kept when the stack is deleted, as evidence of what the rule did.
        return LogGroup.Builder.create(stack, "RuleFunctionLogs")
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** Where Lambda puts Config's asynchronous invocations that failed after their retries. */
    private Queue failureQueue() {
        Queue queue = Queue.Builder.create(stack, "FailedInvocations")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        CdkNag.suppress(queue, "AwsSolutions-SQS3", List.of(),
                "This queue is itself the on-failure destination of the rule function; a queue for its own "
                        + "failures would add nothing (SQS keeps its messages 14 days).");
        return queue;
    }

    /** Exactly the calls the rule makes, on the narrowest resources IAM supports. */
    private Role functionRole() {
        List<PolicyStatement> statements = new ArrayList<>(Policies.evaluateIamUsers(everyUser(stack)));
        statements.add(Policies.allow("WriteOwnLogs", logs.getLogGroupArn(), "logs:CreateLogStream", "logs:PutLogEvents"));
        statements.add(Policies.allow("SendFailedInvocations", failures.getQueueArn(), "sqs:SendMessage"));
        Role functionRole = Role.Builder.create(stack, "RuleFunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Runs the " + settings.ruleName() + " AWS Config rule (CIS AWS Foundations 1.11)")
                .inlinePolicies(Map.of("evaluate-iam-users", PolicyDocument.Builder.create().statements(statements).build()))
                .build();
        CdkNag.suppress(functionRole, "AwsSolutions-IAM5",
                List.of("Resource::*", "Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*"),
                Policies.EVALUATE_USERS_RESOURCES_REASON);
        return functionRole;
    }

    /** The function, with SnapStart for its published versions. */
    private Function newFunction() {
        Function function = Function.Builder.create(stack, "RuleFunction")
                .description("Evaluates IAM users for the " + settings.ruleName() + " AWS Config rule")
                // The newest Java runtime Lambda offers; it supports SnapStart (the rule jar is Java 17 bytecode).
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .code(Code.fromAsset(settings.ruleJar().toString()))
                .handler(HANDLER)
                .memorySize(MEMORY_MB)
                .timeout(TIMEOUT)
                .role(role)
                .logGroup(logs)
                .loggingFormat(LoggingFormat.JSON)
                .snapStart(settings.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                // Whoever invokes it (any account's Config, in an organization) can use this many, never more.
                .reservedConcurrentExecutions(settings.ruleReservedConcurrency())
                .build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Published: the alias Config invokes points at the function's current version.");
        return function;
    }

    /** The function published as a version, behind the alias Config invokes. */
    private Alias published(Function function) {
        return Alias.Builder.create(stack, "RuleFunctionAlias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .onFailure(new QueueDestination(failures))
                .retryAttempts(2)
                .build();
    }
}
