"""EventBridge rules (pattern and input transformer) put to moto's EventBridge engine, for the tests.

Reads {"rules": [{"name", "pattern", "inputPaths", "inputTemplate"}], "events": [{"id", "event"}]} on stdin and
writes [{"id", "matched": [{"rule", "input"?}]}]: which rules match each event, and the input each would send to its
target. Pattern matching and input transformation are moto's (moto.events), not this project's.
"""
import json
import sys

from moto.events.models import EventPattern
from moto.events.utils import EventTemplateParser


def evaluate(spec):
    results = []
    for item in spec["events"]:
        event = dict(item["event"])
        event.setdefault("ingestion-time", event.get("time", ""))
        matched = []
        for rule in spec["rules"]:
            if not EventPattern.load(rule["pattern"]).matches_event(event):
                continue
            match = {"rule": rule["name"]}
            if rule.get("inputTemplate"):
                match["input"] = EventTemplateParser.parse(rule["inputTemplate"], rule.get("inputPaths") or {}, event)
            matched.append(match)
        results.append({"id": item["id"], "matched": matched})
    return results


if __name__ == "__main__":
    json.dump(evaluate(json.load(sys.stdin)), sys.stdout)
