"""Derives the field rules of one OCSF event class from the OCSF schema's source, for the tests that check the
scan command's OCSF output (test/src/test/resources/ocsf/).

The schema (github.com/ocsf/ocsf-schema, Apache-2.0) is not part of this repository; this script reads a copy of it
and writes facts about it: for the class and every object it reaches, each attribute's type, whether it is an
array, its requirement, the profile it belongs to, its enum (id: caption), its sibling, whether it is deprecated, and
the object's constraints. It resolves the schema as the OCSF server does: `extends` chains, `$include` of includes
and profiles, the dictionary's definition under each class's or object's own, enums merged by id.

Usage (prints the rules as JSON):
  ocsf_rules.py --git PATH_TO_OCSF_SCHEMA_GIT_DIR --tag 1.6.0 [--only OBJECT,...] compliance_finding
  ocsf_rules.py --dir PATH_TO_OCSF_SCHEMA_CHECKOUT [--only OBJECT,...] compliance_finding
"""

import argparse
import json
import subprocess
import sys


class Schema:
    def __init__(self, git=None, tag=None, directory=None):
        self.git, self.tag, self.directory = git, tag, directory
        self.dictionary = self.read("dictionary.json")
        self.attributes = self.dictionary["attributes"]
        self.types = self.dictionary["types"]["attributes"]

    def read(self, path, missing_ok=False):
        try:
            if self.git:
                text = subprocess.check_output(["git", "-C", self.git, "show", f"refs/tags/{self.tag}:{path}"],
                                               stderr=subprocess.DEVNULL)
            else:
                with open(f"{self.directory}/{path}", "rb") as file:
                    text = file.read()
        except (subprocess.CalledProcessError, FileNotFoundError):
            if missing_ok:
                return None
            raise SystemExit(f"the schema has no {path}")
        return json.loads(text)

    def commit(self):
        if not self.git:
            return None
        return subprocess.check_output(["git", "-C", self.git, "rev-parse", f"refs/tags/{self.tag}^{{commit}}"],
                                       text=True).strip()

    def event_file(self, name):
        for path in (f"events/{name}.json", f"events/findings/{name}.json"):
            found = self.read(path, missing_ok=True)
            if found:
                return found
        raise SystemExit(f"the schema has no event class {name}")

    def resolve(self, definition, load_parent):
        """Attributes and constraints of a class or object, its `extends` chain and includes merged in."""
        if definition.get("extends"):
            attributes, constraints = self.resolve(load_parent(definition["extends"]), load_parent)
        else:
            attributes, constraints = {}, {}
        own = definition.get("attributes", {})
        includes = own.get("$include", [])
        for path in [includes] if isinstance(includes, str) else includes:
            included = self.read(path)
            profile = included.get("name") if included.get("meta") == "profile" else None
            for name, spec in included.get("attributes", {}).items():
                merged = dict(spec)
                if profile and "profile" not in merged:
                    merged["profile"] = profile
                merge(attributes, name, merged)
        for name, spec in own.items():
            if name != "$include":
                merge(attributes, name, spec)
        constraints = {**constraints, **definition.get("constraints", {})}
        return attributes, constraints

    def base_type(self, name):
        while name in self.types and self.types[name].get("type"):
            name = self.types[name]["type"]
        return name

    def rule(self, name, spec):
        """One attribute as the tests read it."""
        full = {**self.attributes.get(name, {}), **spec}
        enum = dict(self.attributes.get(name, {}).get("enum") or {})
        enum.update(spec.get("enum") or {})
        declared = full.get("type")
        is_object = declared is not None and not declared.endswith("_t")
        rule = {
            "type": None if is_object else declared,
            "base_type": None if is_object else self.base_type(declared),
            "object": declared if is_object else None,
            "array": bool(full.get("is_array")),
            "requirement": full.get("requirement", "optional"),
            "profile": full.get("profile"),
            "deprecated": "@deprecated" in full,
        }
        if enum:
            rule["enum"] = {key: value["caption"] for key, value in sorted(enum.items(), key=enum_order)}
        if full.get("sibling"):
            rule["sibling"] = full["sibling"]
        return rule


def enum_order(entry):
    """Numeric ids in numeric order; a few enums (TLP colours) have string ids."""
    key = entry[0]
    return (0, int(key), "") if key.lstrip("-").isdigit() else (1, 0, key)


def merge(attributes, name, spec):
    current = attributes.setdefault(name, {})
    enum = dict(current.get("enum") or {})
    current.update(spec)
    if "enum" in spec:
        enum.update(spec["enum"])
        current["enum"] = enum


def rules(schema, class_name, only):
    event = schema.event_file(class_name)
    attributes, constraints = schema.resolve(event, schema.event_file)
    category_name = find_category(schema, event, class_name)
    category = schema.read("categories.json")["attributes"][category_name]
    class_uid = category["uid"] * 1000 + event["uid"]
    objects = {}
    event_rules = {name: schema.rule(name, spec) for name, spec in sorted(attributes.items())}
    pending = [rule["object"] for rule in event_rules.values() if rule["object"]]
    while pending:
        name = pending.pop()
        if name in objects or (only and name not in only):
            continue
        definition = schema.read(f"objects/{name}.json")
        object_attributes, object_constraints = schema.resolve(
            definition, lambda parent: schema.read(f"objects/{parent}.json"))
        object_rules = {key: schema.rule(key, spec) for key, spec in sorted(object_attributes.items())}
        objects[name] = {"caption": definition.get("caption"), "attributes": object_rules,
                         "constraints": object_constraints}
        pending += [rule["object"] for rule in object_rules.values() if rule["object"]]
    return {
        "provenance": {
            "schema": "https://github.com/ocsf/ocsf-schema (Apache-2.0)",
            "version": schema.read("version.json")["version"],
            "tag": schema.tag,
            "commit": schema.commit(),
            "derived_by": "test/src/test/python/ocsf_rules.py " + class_name
                          + (" --only " + ",".join(sorted(only)) if only else ""),
            "what": "facts about the schema (attribute names, types, requirements, enums), not the schema's files",
        },
        "class": {"name": class_name, "caption": event["caption"], "uid": class_uid,
                  "category_uid": category["uid"], "category_caption": category["caption"]},
        "attributes": event_rules,
        "constraints": constraints,
        "objects": dict(sorted(objects.items())),
        "objects_left_out": "every object not listed here" if only else "none",
    }


def find_category(schema, event, class_name):
    while event is not None:
        if event.get("category"):
            return event["category"]
        event = schema.event_file(event["extends"]) if event.get("extends") else None
    raise SystemExit(f"event class {class_name} has no category")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--git", help="a git directory of ocsf-schema (bare or not)")
    parser.add_argument("--tag", help="the schema version's tag, with --git")
    parser.add_argument("--dir", help="a checkout of ocsf-schema at the version wanted")
    parser.add_argument("--only", help="comma-separated objects to describe (default: every object the class "
                        "reaches); an event that uses another fails its check")
    parser.add_argument("event_class")
    arguments = parser.parse_args()
    if bool(arguments.git) == bool(arguments.dir) or bool(arguments.git) != bool(arguments.tag):
        parser.error("give --git and --tag, or --dir")
    schema = Schema(arguments.git, arguments.tag, arguments.dir)
    json.dump(rules(schema, arguments.event_class,
                     set(arguments.only.split(",")) if arguments.only else set()), sys.stdout, indent=1, sort_keys=False, ensure_ascii=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
