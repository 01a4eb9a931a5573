"""Which events an EventBridge rule delivers, in an emulator: puts a rule with the event pattern given on the default
bus, with an SQS queue as its target, sends each event, and prints the delivered events' detail.actionName (a custom
action event's) as one JSON array, in the order received.

Usage: event_delivery.py PATTERN_FILE EVENT_FILE...
AWS calls go wherever boto3 sends them (AWS_ENDPOINT_URL for an emulator).
"""

import json
import sys
import uuid

import boto3


def main(pattern_file, event_files):
    with open(pattern_file, encoding="utf-8") as file:
        pattern = file.read()
    name = "delivery-" + uuid.uuid4().hex[:12]
    sqs = boto3.client("sqs")
    queue = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events = boto3.client("events")
    events.put_rule(Name=name, EventPattern=pattern)
    events.put_targets(Rule=name, Targets=[{"Id": "queue", "Arn": queue_arn}])
    for event_file in event_files:
        with open(event_file, encoding="utf-8") as file:
            event = json.load(file)
        answer = events.put_events(Entries=[{"Source": event["source"], "DetailType": event["detail-type"],
                                             "Resources": event["resources"], "Detail": json.dumps(event["detail"])}])
        if answer["FailedEntryCount"]:
            raise SystemExit(f"PutEvents refused {event_file}: {answer['Entries']}")
    delivered = []
    while True:
        messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        if not messages:
            break
        for message in messages:
            delivered.append(json.loads(message["Body"])["detail"]["actionName"])
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
    json.dump(delivered, sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2:])
