package io.github.setupkeys.infra;

import java.util.Objects;
import software.amazon.awscdk.services.lambda.DestinationConfig;
import software.amazon.awscdk.services.lambda.DestinationOptions;
import software.amazon.awscdk.services.lambda.IDestination;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * An SQS queue as a Lambda destination that, unlike the CDK's {@code SqsDestination}, grants nothing: the
 * function's role carries the one action Lambda needs ({@code sqs:SendMessage}), written out with the
 * rest of its policy, instead of the three that {@code grantSendMessages} adds.
 */
final class QueueDestination implements IDestination {

    private final IQueue queue;

    QueueDestination(IQueue queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    @Override
    public DestinationConfig bind(Construct scope, IFunction function, DestinationOptions options) {
        return DestinationConfig.builder().destination(queue.getQueueArn()).build();
    }

    @Override
    public DestinationConfig bind(Construct scope, IFunction function) {
        return bind(scope, function, null);
    }
}
