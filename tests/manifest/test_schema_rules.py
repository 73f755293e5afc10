"""The JSON Schema editors read refuses the values the loader refuses, for the rules a pattern or an
enum can say (fz13 #4), and accepts the values the loader accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # check-jsonschema's own dependency
import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import load_manifest
from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "schemas" / "iotplan-v1.schema.json").read_text())


def _manifest(node: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": "iotplan/v1", "stack": "s", "projects": [{"id": "p", "nodes": [node]}]}


def _thread(**fields: Any) -> dict[str, Any]:
    return _manifest({"key": "t", "kind": "thread", "id": "/fn/4A1B2C/node", **fields})


def _port1(**settings: Any) -> dict[str, Any]:
    return _thread(edge={"host": "127.0.0.1:8404", "port1": settings})


CASES = {
    "baud rate 1234": (_port1(baud_rate=1234), False),
    "baud rate 19200": (_port1(baud_rate=19200), True),
    "api id with a seventh character": (_manifest({"key": "a", "id": "/api/A31FF0X/node"}), False),
    "api id in lower-case hex": (_manifest({"key": "a", "id": "/api/a31ff0/node"}), True),
    "api id written as a THREAD's": (_manifest({"key": "a", "kind": "api", "id": "/fn/4A1B2C/node"}), False),
    "thread id in lower-case hex": (_thread(id="/fn/4a1b2c/node"), False),
    "thread id written as an api node's": (_thread(id="/api/4A1B2C/node"), False),
    "thread without id": (_manifest({"key": "t", "kind": "thread"}), False),
    "thread id in upper-case hex": (_thread(), True),
    "delimiter not hex": (_port1(delimiters=["0G"]), False),
    "delimiter half a byte": (_port1(delimiters=["0D0"]), False),
    "delimiters in lower case": (_port1(delimiters=["0d0a", "03"]), True),
    "serial parity X": (_port1(serial="9600 8X1"), False),
    "serial baud 1234": (_port1(serial="1234 8N1"), False),
    "serial two stop bits": (_port1(serial="9600 8N2"), False),
    "serial 9600 8N1": (_port1(serial="9600 8N1"), True),
    "serial with a leading zero": (_port1(serial="09600  7E1"), True),
}


@pytest.mark.parametrize(("manifest", "valid"), CASES.values(), ids=CASES.keys())
def test_the_schema_and_the_loader_agree(manifest: dict[str, Any], valid: bool, tmp_path: Path) -> None:
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(manifest))
    assert (not errors) is valid, errors
    path = tmp_path / "m.yaml"
    path.write_text(json.dumps(manifest))
    if valid:
        load_manifest(str(path))
    else:
        with pytest.raises(ManifestError):
            load_manifest(str(path))
