"""Invisible marks are refused in names and identifiers, where they would make two texts that read
alike differ (in git, a PR, the platform's UI); the joiners Persian, Indic and emoji need stay in names."""

from __future__ import annotations

import json

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import load_manifest
from tests.conftest import ROOT

INVISIBLE = [
    "\u2060",  # word joiner
    "\u2061",
    "\u2064",
    "\u00ad",  # soft hyphen
    "\u180e",  # Mongolian vowel separator
    "\u034f",  # combining grapheme joiner
    "\u3164",  # Hangul filler
    "\ufff9",  # interlinear annotation anchor
    "\ufffb",
    "\U000e0001",  # language tag
    "\U000e0041",  # tag letter A: hides text
    "\U000e007f",  # cancel tag
]
JOINERS = ["\u200c", "\u200d"]  # zero-width non-joiner and joiner


def _manifest(name: str, ref_id: str) -> dict[str, object]:
    device = {"key": "d", "name": name, "ref_id": ref_id}
    node = {"key": "n", "id": "/api/5923E1/node", "devices": [device]}
    return {"apiVersion": "iotplan/v1", "stack": "s", "projects": [{"id": "p", "nodes": [node]}]}


def _problems(name: str, ref_id: str, tmp_path) -> list[str]:  # type: ignore[no-untyped-def]
    path = tmp_path / "site.yaml"
    path.write_text(json.dumps(_manifest(name, ref_id), ensure_ascii=False), encoding="utf-8")
    try:
        load_manifest(str(path))
    except ManifestError as error:
        return [problem.message for problem in error.problems]
    return []


def _schema_errors(name: str, ref_id: str) -> list[str]:
    import jsonschema  # check-jsonschema's own dependency

    schema = json.loads((ROOT / "schemas" / "iotplan-v1.schema.json").read_text())
    manifest = _manifest(name, ref_id)
    return [str(e.path[-1]) for e in jsonschema.Draft202012Validator(schema).iter_errors(manifest)]


@pytest.mark.parametrize("mark", INVISIBLE, ids=lambda mark: f"U+{ord(mark):04X}")
def test_an_invisible_mark_is_refused_in_a_name_and_a_ref_id(mark: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    problems = _problems(f"Lo{mark}gger", f"x:P{mark}3", tmp_path)
    assert [message.split(":")[0] for message in problems] == ["name", "ref_id"], problems
    assert all(f"U+{ord(mark):04X}" in message for message in problems)
    assert sorted(_schema_errors(f"Lo{mark}gger", f"x:P{mark}3")) == ["name", "ref_id"]


@pytest.mark.parametrize("joiner", JOINERS, ids=lambda mark: f"U+{ord(mark):04X}")
def test_a_joiner_is_kept_in_a_name_and_refused_in_a_ref_id(joiner: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    name = f"\u0645\u06cc{joiner}\u0634\u0648\u062f"  # Persian: a joiner shapes the letters around it
    [message] = _problems(name, f"x:P{joiner}3", tmp_path)
    assert f"U+{ord(joiner):04X}" in message and "an identifier never" in message
    assert _schema_errors(name, f"x:P{joiner}3") == ["ref_id"]
