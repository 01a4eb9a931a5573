"""Runs an SSM Automation document (schemaVersion 0.3) here, the way Automation runs it, as far as this
project's remediation document needs:

* parameters: unknown or missing ones rejected, defaults applied, values converted to the declared type
  and checked against allowedValues and allowedPattern (a test may waive a pattern, e.g. for emulator
  user ids that are not AIDA...);
* mainSteps in order (nextStep and isEnd honoured), each aws:executeScript step run from the document's
  own Script: the handler is called as handler(events, context) with InputPayload, whose '{{ Name }}'
  and '{{ Step.Output }}' references become typed values; its return value, as JSON, is the Payload;
* aws:sleep with a Timestamp (ISO 8601, UTC) or a Duration (PT...), checked as Automation checks them (at
  most 604799 seconds ahead), without waiting: the run records until when it would have slept and, with
  --interactive, hands control to its caller there (a line {"sleep": {...}} on stdout, then one line on stdin
  to go on), so a test can act during the wait;
* step outputs picked with their $.Payload... selectors and checked against their Type; a failing
  step aborts the run (onFailure Abort, the default); the document's outputs collected at the end.

Anything else (another action, a branch, onFailure other than Abort, an attachment, a reference inside a
longer string) is an error of the harness, so a change to the document cannot pass by being ignored.

Usage, printing one JSON object on stdout (exit 0 whenever the document was run, 2 on harness errors):
  automation_harness.py run [--interactive] DOCUMENT PARAMETERS_JSON [WAIVED_PATTERN_PARAMETER ...]
  automation_harness.py predicate DOCUMENT VECTORS_FILE
  automation_harness.py exempt-tag DOCUMENT VECTORS_FILE
AWS calls go wherever boto3 sends them (AWS_ENDPOINT_URL for an emulator).
"""

import json
import re
import sys
from datetime import datetime, timedelta, timezone

import yaml

SCRIPT_RUNTIMES = {"python3.11"}
STEP_KEYS = {"name", "action", "description", "inputs", "outputs", "timeoutSeconds", "isEnd", "nextStep",
             "onFailure", "isCritical", "maxAttempts"}
SCRIPT_INPUTS = {"Runtime", "Handler", "InputPayload", "Script"}
REFERENCE = re.compile(r"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")
PREDICATE_STEP, PREDICATE_FUNCTION = "SelectOffendingKeys", "offending_key_ids"
EXEMPT_TAG_STEP, EXEMPT_TAG_PARAMETER = "ApplyExemptTag", "ExemptTag"
SLEEP_INPUTS = {"Duration", "Timestamp"}
LONGEST_SLEEP = timedelta(seconds=604799)
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
DURATION = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?")
VECTOR_PARAMETERS = {"setupWindowSeconds": "SetupWindowSeconds", "requireNeverUsed": "RequireNeverUsed",
                     "includeInactiveKeys": "IncludeInactiveKeys"}


class HarnessError(Exception):
    """The document uses something this harness does not emulate, or the harness was misused."""


class Rejected(Exception):
    """Automation would refuse to start: a parameter is unknown, missing or not allowed."""


def convert(kind, value, what):
    """A value as the declared type, with the conversions Automation makes (strings to booleans etc.)."""
    if kind == "String" and isinstance(value, str):
        return value
    if kind == "String" and isinstance(value, (bool, int)):
        return str(value).lower() if isinstance(value, bool) else str(value)
    if kind == "Boolean" and isinstance(value, bool):
        return value
    if kind == "Boolean" and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if kind == "Integer" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "Integer" and isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value):
        return int(value)
    if kind == "StringList" and isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    if kind == "StringList" and isinstance(value, (str, bool, int)):
        return [convert("String", value, what)]
    if kind == "StringMap" and isinstance(value, dict):
        return value
    if kind == "MapList" and isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return value
    if kind not in ("String", "Boolean", "Integer", "StringList", "StringMap", "MapList"):
        raise HarnessError(f"{what}: type {kind} is not emulated")
    raise Rejected(f"{what}: {value!r} is not a {kind}")


def parameter(name, spec, value, waived=()):
    typed = convert(spec["type"], value, f"parameter {name}")
    if "allowedValues" in spec and typed not in spec["allowedValues"]:
        raise Rejected(f"parameter {name}: {value!r} is not one of {spec['allowedValues']}")
    if "allowedPattern" in spec and name not in waived and not re.search(spec["allowedPattern"], typed):
        raise Rejected(f"parameter {name}: {value!r} does not match {spec['allowedPattern']}")
    return typed


def parameters(document, given, waived):
    declared = document.get("parameters", {})
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise Rejected(f"unknown parameter(s) {', '.join(unknown)}")
    values = {}
    for name, spec in declared.items():
        if name not in given and "default" not in spec:
            raise Rejected(f"parameter {name} is required")
        values[name] = parameter(name, spec, given.get(name, spec.get("default")), waived)
    return values


def resolve(value, scope, where):
    """InputPayload with its references replaced by the typed values they name."""
    if isinstance(value, dict):
        return {key: resolve(item, scope, where) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, scope, where) for item in value]
    if not isinstance(value, str) or not REFERENCE.search(value):
        return value
    whole = REFERENCE.fullmatch(value)
    if not whole:
        raise HarnessError(f"{where}: a reference inside a longer string is not emulated: {value!r}")
    if whole.group(1) not in scope:
        raise HarnessError(f"{where}: {value} names no parameter and no output of an earlier step")
    return scope[whole.group(1)]


def select(payload, selector, where):
    """The $.Payload[.key...] selectors executeScript outputs use."""
    if not re.fullmatch(r"\$\.Payload(\.[A-Za-z0-9_]+)*", selector):
        raise HarnessError(f"{where}: selector {selector} is not emulated")
    value = payload
    for key in selector.split(".")[2:]:
        if not isinstance(value, dict) or key not in value:
            raise ValueError(f"{where}: selector {selector} finds nothing in the payload {json.dumps(payload)}")
        value = value[key]
    return value


def script_step(step, scope):
    """Runs one aws:executeScript step; returns its outputs by name."""
    name, inputs = step["name"], step.get("inputs", {})
    if set(inputs) - SCRIPT_INPUTS:
        raise HarnessError(f"step {name}: inputs {sorted(set(inputs) - SCRIPT_INPUTS)} are not emulated")
    if inputs.get("Runtime") not in SCRIPT_RUNTIMES:
        raise HarnessError(f"step {name}: runtime {inputs.get('Runtime')} is not one of {sorted(SCRIPT_RUNTIMES)}")
    payload = resolve(inputs.get("InputPayload", {}), scope, f"step {name}")
    handler = load(step)[inputs["Handler"]]
    result = json.loads(json.dumps(handler(payload, {})))
    outputs = {}
    for output in step.get("outputs", []):
        value = select(result, output["Selector"], f"step {name}")
        try:
            outputs[output["Name"]] = convert(output.get("Type", "String"), value, f"output {name}.{output['Name']}")
        except Rejected as mismatch:  # a payload that does not fit the declared type fails the step
            raise TypeError(str(mismatch)) from None
    return outputs


def load(step):
    """The namespace the step's script defines, executed from the document's text."""
    namespace = {"__name__": f"ssm_{step['name']}"}
    exec(compile(step["inputs"]["Script"], f"<{step['name']}>", "exec"), namespace)
    return namespace


def sleep_step(step, scope, hand_over):
    """Checks an aws:sleep step's one input and, instead of waiting, hands over (if asked) until when it sleeps."""
    name, inputs = step["name"], step.get("inputs", {})
    if len(inputs) != 1 or set(inputs) - SLEEP_INPUTS:
        raise HarnessError(f"step {name}: aws:sleep takes exactly one of {sorted(SLEEP_INPUTS)}, not {sorted(inputs)}")
    now = datetime.now(timezone.utc)
    value = resolve(next(iter(inputs.values())), scope, f"step {name}")
    if "Timestamp" in inputs:
        if not isinstance(value, str) or not TIMESTAMP.fullmatch(value):
            raise ValueError(f"step {name}: Timestamp {value!r} is not an ISO 8601 time such as 2026-01-01T00:00:00Z")
        until = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    else:
        duration = DURATION.fullmatch(value) if isinstance(value, str) else None
        if not duration or not any(duration.groups()):
            raise ValueError(f"step {name}: Duration {value!r} is not an ISO 8601 duration such as PT10M")
        hours, minutes, seconds = (int(part or 0) for part in duration.groups())
        until = now + timedelta(hours=hours, minutes=minutes, seconds=seconds)
    if until - now > LONGEST_SLEEP:
        raise ValueError(f"step {name}: sleeping until {until:%Y-%m-%dT%H:%M:%SZ} is more than Automation's 604799 s")
    slept = {"step": name, "until": f"{until:%Y-%m-%dT%H:%M:%SZ}", "from": now.isoformat()}
    hand_over(slept)
    return slept


def check_step(step):
    name = step.get("name")
    if set(step) - STEP_KEYS:
        raise HarnessError(f"step {name}: {sorted(set(step) - STEP_KEYS)} are not emulated")
    if step.get("action") not in ("aws:executeScript", "aws:sleep"):
        raise HarnessError(f"step {name}: action {step.get('action')} is not emulated")
    if step.get("onFailure", "Abort") != "Abort" or step.get("maxAttempts", 1) != 1:
        raise HarnessError(f"step {name}: only onFailure Abort and one attempt are emulated")


def run(document, given, waived, hand_over=lambda slept: None):
    if document.get("schemaVersion") != "0.3":
        raise HarnessError("only schemaVersion 0.3 (Automation) is emulated")
    steps = document["mainSteps"]
    for step in steps:
        check_step(step)
    try:
        scope = parameters(document, given, waived)
    except Rejected as rejected:
        return {"status": "Rejected", "failure": str(rejected), "steps": [], "outputs": {}}
    resolve(document.get("assumeRole", ""), scope, "assumeRole")
    names = [step["name"] for step in steps]
    executed, status, failure, index = [], "Success", None, 0
    while index < len(steps):
        step = steps[index]
        slept = None
        try:
            if step["action"] == "aws:sleep":
                slept, outputs = sleep_step(step, scope, hand_over), {}
            else:
                outputs = script_step(step, scope)
        except HarnessError:
            raise
        except Exception as error:  # what the script raised fails the step, as in Automation
            failure = f"Step {step['name']} failed: {type(error).__name__}: {error}"
            executed.append({"name": step["name"], "status": "Failed", "outputs": {}, "failure": failure})
            status = "Failed"
            break
        scope.update({f"{step['name']}.{key}": value for key, value in outputs.items()})
        executed.append({"name": step["name"], "status": "Success", "outputs": outputs, "sleptUntil":
                         slept and slept["until"]})
        if step.get("isEnd"):
            break
        index = names.index(step["nextStep"]) if "nextStep" in step else index + 1
    outputs = {}
    for output in document.get("outputs", []):
        if output.split(".")[0] not in names:
            raise HarnessError(f"document output {output} names no step")
        if output in scope:
            outputs[output] = scope[output]
    return {"status": status, "failure": failure, "steps": executed, "outputs": outputs}


def predicate(document, vectors):
    """Every vector through the document's own predicate, with the document's defaults and patterns."""
    step = next(step for step in document["mainSteps"] if step["name"] == PREDICATE_STEP)
    offending_key_ids = load(step)[PREDICATE_FUNCTION]
    declared = document["parameters"]
    results = []
    for case in vectors["cases"]:
        unknown = set(case["parameters"]) - set(VECTOR_PARAMETERS)
        if unknown:
            raise HarnessError(f"vector {case['name']}: parameters {sorted(unknown)} have no document parameter")
        given = {VECTOR_PARAMETERS[key]: value for key, value in case["parameters"].items()}
        values = {name: parameter(name, declared[name], given.get(name, declared[name]["default"]))
                  for name in VECTOR_PARAMETERS.values()}
        keys = [{"AccessKeyId": key["id"], "Status": key["status"], "CreateDate": instant(key["createDate"]),
                 "LastUsedDate": instant(key["lastUsed"]) if key["lastUsed"] else None} for key in case["keys"]]
        actual = offending_key_ids(instant(case["user"]["createDate"]), case["user"]["consolePassword"], keys,
                                   int(values["SetupWindowSeconds"]), values["RequireNeverUsed"],
                                   values["IncludeInactiveKeys"])
        results.append({"name": case["name"], "expected": case["offending"], "actual": actual})
    return {"cases": results}


def exempt_tags(document, vectors):
    """Every exemption vector through the document: its ExemptTag pattern, then ApplyExemptTag's own reading."""
    step = next(step for step in document["mainSteps"] if step["name"] == EXEMPT_TAG_STEP)
    code = load(step)
    spec = document["parameters"][EXEMPT_TAG_PARAMETER]
    readings = []
    for case in vectors["readings"]:
        try:
            tag = code["exempt_tag"](parameter(EXEMPT_TAG_PARAMETER, spec, case["text"]))
            readings.append({"text": case["text"], "accepted": True, "key": tag and tag[0], "value": tag and tag[1]})
        except (Rejected, ValueError) as refused:
            readings.append({"text": case["text"], "accepted": False, "key": None, "value": None,
                             "why": str(refused)})
    matches = []
    for case in vectors["matches"]:
        tag = code["exempt_tag"](case["exemptTag"])
        tags = [{"Key": key, "Value": value} for key, value in case["tags"].items()]
        matches.append({"name": case["name"], "exempt": code["carries"](tags, *tag)})
    return {"readings": readings, "matches": matches}


def instant(text):
    return datetime.fromisoformat(text)


def hand_over_on_stdio(slept):
    """Tells the caller where the run sleeps, and goes on once it answers (one line on stdin)."""
    print(json.dumps({"sleep": slept}), flush=True)
    if not sys.stdin.readline():
        raise HarnessError("the caller closed stdin while the run slept")


def main(argv):
    interactive = len(argv) > 2 and argv[1] == "run" and argv[2] == "--interactive"
    argv = argv[:2] + argv[3:] if interactive else argv
    if len(argv) < 4 or argv[1] not in ("run", "predicate", "exempt-tag"):
        raise HarnessError(__doc__.split("Usage")[1])
    with open(argv[2], encoding="utf-8") as file:
        document = yaml.safe_load(file)
    if argv[1] == "run":
        return run(document, json.loads(argv[3]), set(argv[4:]),
                   hand_over_on_stdio if interactive else lambda slept: None)
    with open(argv[3], encoding="utf-8") as file:
        vectors = json.load(file)
    return predicate(document, vectors) if argv[1] == "predicate" else exempt_tags(document, vectors)


if __name__ == "__main__":
    try:
        print(json.dumps(main(sys.argv)))
    except (HarnessError, Rejected) as error:
        print(f"automation_harness: {error}", file=sys.stderr)
        sys.exit(2)
