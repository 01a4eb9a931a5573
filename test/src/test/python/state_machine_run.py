"""Runs a Step Functions state machine definition once, in an emulator, and prints how the run ended as one JSON
object: {"status", "output", "error", "cause"} (output parsed). It creates the state machine with a role of its own,
starts one execution with the input given, and waits for it to end (at most a minute).

Usage: state_machine_run.py DEFINITION_FILE INPUT_FILE
AWS calls go wherever boto3 sends them (AWS_ENDPOINT_URL for an emulator, which must execute state machines: moto
does once its configuration says stepfunctions.execute_state_machine).
"""

import json
import sys
import time
import uuid

import boto3


def main(definition_file, input_file):
    with open(definition_file, encoding="utf-8") as file:
        definition = file.read()
    with open(input_file, encoding="utf-8") as file:
        execution_input = file.read()
    name = "run-" + uuid.uuid4().hex[:12]
    role = boto3.client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                "Principal": {"Service": "states.amazonaws.com"}}]}))["Role"]["Arn"]
    states = boto3.client("stepfunctions")
    machine = states.create_state_machine(name=name, definition=definition, roleArn=role)["stateMachineArn"]
    execution = states.start_execution(stateMachineArn=machine, name=name, input=execution_input)["executionArn"]
    deadline = time.monotonic() + 60
    while True:
        described = states.describe_execution(executionArn=execution)
        if described["status"] != "RUNNING":
            break
        if time.monotonic() > deadline:
            raise SystemExit(f"the execution still runs after a minute: {execution}")
        time.sleep(0.1)
    output = described.get("output")
    json.dump({"status": described["status"], "output": json.loads(output) if output else None,
               "error": described.get("error"), "cause": described.get("cause")}, sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
