package io.github.setupkeys.trigger.aws;

import io.github.setupkeys.aws.AwsCall;
import io.github.setupkeys.trigger.MessageDeletion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

/**
 * {@link MessageDeletion} with {@code DeleteMessageBatch}, ten messages a call (SQS's limit). A message SQS could not
 * delete comes back after the visibility timeout, where it is covered or dropped again: no harm, so it is not an
 * error of its own; the invocation is failing already.
 */
public final class SqsMessageDeletion implements MessageDeletion {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsMessageDeletion(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void delete(List<String> receiptHandles) {
        for (int from = 0; from < receiptHandles.size(); from += SqsMessageDeferral.BATCH) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            List<String> chunk = receiptHandles.subList(from, Math.min(receiptHandles.size(),
                    from + SqsMessageDeferral.BATCH));
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i)).build());
            }
            List<BatchResultErrorEntry> failed = AwsCall.named("sqs:DeleteMessageBatch",
                    () -> sqs.deleteMessageBatch(request -> request.queueUrl(queueUrl).entries(entries)).failed());
            if (!failed.isEmpty()) {
                throw new IllegalStateException("sqs:DeleteMessageBatch could not delete " + failed.size()
                        + " message(s): " + failed.get(0).code() + " " + failed.get(0).message());
            }
        }
    }
}
