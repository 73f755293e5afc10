"""Manifest's validator is built with Node's, Defaults' and Metric's built first (models.py
`Manifest.model_rebuild`, 10 ms of every plan): the validator, its errors and the JSON Schema must be
those of Manifest built alone, with them inside it, as before. Each side is built in a fresh
interpreter, since a model is built once per process."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

# Prints what a build order could change: Manifest's JSON Schema, a valid manifest as validated, and
# the errors of manifests refused at every level (outline, node, device, sensor, metric, edge, port).
# (The core schemas differ in form only: the parts' are referred to rather than written inside.)
PROBE = """
import json, sys
from pydantic import ValidationError
from iotplan.manifest.models import Defaults, Manifest, Node

if sys.argv[1] == "manifest alone":
    super(Manifest, Manifest).model_rebuild()  # the build before: the parts built inside Manifest's
else:
    Manifest.model_rebuild()  # what a first use of Manifest calls
assert Node.__pydantic_complete__ == (sys.argv[1] == "parts first"), sys.argv[1]
sensor = {"key": "s", "metrics": [{"metric": "T", "unit": "C"}]}
node = {"key": "n", "devices": [{"key": "d", "sensors": [sensor]}]}
edge = {"host": "h@x", "port1": {"mode": "USB", "serial": "1 8N1"}}
thread = {"key": "t", "kind": "thread", "id": "/fn/4A1B2C/node", "edge": edge}
top = {"apiVersion": "iotplan/v1", "stack": "s"}
cases = [
    {},
    {**top, "stack": "iotplan-check", "projects": [{"id": " p", "nodes": [node, thread]}]},
    {**top, "moved": [{"from": "a//b", "to": "c"}], "extra": 1},
    {**top, "projects": [{"id": "p", "nodes": [{**node, "name": " x\\u200b"}]}]},
    {**top, "defaults": {"node": {"url": " u"}, "sensor": {"metrics": [{"metric": "T"}], "protect": 1}}},
]
errors = []
for case in cases:
    try:
        Manifest.model_validate(case)
    except ValidationError as error:
        errors.append(error.errors(include_url=False))
on_their_own = [(Node, node), (Node, thread), (Node, {**node, "url": "https://u:p@x"})]
for model, case in [*on_their_own, (Defaults, cases[-1]["defaults"])]:
    try:
        model.model_validate(case)
    except ValidationError as error:
        errors.append(error.errors(include_url=False))
print(json.dumps(Manifest.model_json_schema()))
defaults = {"device": {"notes": "n"}, "sensor": {"metrics": [{"custom_metric": "m", "custom_unit": "u"}]}}
valid = {**top, "defaults": defaults, "projects": [{"id": "p", "nodes": [node]}]}
print(Manifest.model_validate(valid).model_dump_json())
print(json.dumps(errors, default=repr))
"""


def _built(order: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, order],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=True,
    )
    return done.stdout


def test_parts_built_first_give_manifest_the_validator_and_schema_it_had_built_alone() -> None:
    parts_first, manifest_alone = _built("parts first"), _built("manifest alone")
    assert parts_first == manifest_alone
    assert json.loads(parts_first.splitlines()[-1])  # the cases were refused
