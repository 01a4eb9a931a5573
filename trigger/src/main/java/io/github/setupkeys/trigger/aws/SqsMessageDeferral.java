package io.github.setupkeys.trigger.aws;

import io.github.setupkeys.aws.AwsCall;
import io.github.setupkeys.trigger.MessageDeferral;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

/**
 * {@link MessageDeferral} with {@code ChangeMessageVisibilityBatch}, ten messages a call (SQS's limit). A
 * message SQS could not change fails the invocation: the batch then comes back after the queue's visibility
 * timeout, which is slower but loses nothing.
 */
public final class SqsMessageDeferral implements MessageDeferral {

    static final int BATCH = 10;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsMessageDeferral(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void defer(List<String> receiptHandles, Duration delay) {
        int seconds = Math.toIntExact(delay.toSeconds());
        for (int from = 0; from < receiptHandles.size(); from += BATCH) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            List<String> chunk = receiptHandles.subList(from, Math.min(receiptHandles.size(), from + BATCH));
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i)).visibilityTimeout(seconds).build());
            }
            List<BatchResultErrorEntry> failed = AwsCall.named("sqs:ChangeMessageVisibilityBatch",
                    () -> sqs.changeMessageVisibilityBatch(request -> request.queueUrl(queueUrl).entries(entries)).failed());
            if (!failed.isEmpty()) {
                throw new IllegalStateException("sqs:ChangeMessageVisibilityBatch could not hide " + failed.size()
                        + " message(s): " + failed.get(0).code() + " " + failed.get(0).message());
            }
        }
    }
}
