"""A plan or drift report saved as UTF-16 (`iotplan plan --format json > plan.json` in Windows
PowerShell 5) or UTF-32 is told as what it is, and to save it as UTF-8: read as a manifest (whose
reader takes UTF-16), it failed on `apiVersion` and then on every key of the plan; `show` and `merge`
quoted the codec's error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from iotplan.commands.apply import read_saved_plan
from iotplan.commands.inputs import ManifestInput
from iotplan.commands.show import read_saved
from iotplan.errors import IotplanError
from iotplan.render.drift_json import render_drift_json
from iotplan.render.json_plan import plan_to_json
from tests.guards.fleet import FLEET
from tests.render import drifts, plans

ENCODINGS = ["utf-16", "utf-16-be", "utf-32"]  # utf-16 writes PowerShell 5's little-endian mark


def saved(tmp_path: Path, text: str, encoding: str) -> str:
    path = tmp_path / "plan.json"
    marked = "\ufeff" + text if encoding.endswith("-be") else text  # utf-16 and utf-32 write the mark
    path.write_bytes(marked.encode(encoding))
    return str(path)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_plan_saved_as_utf16_is_told_so_by_apply_and_show(encoding: str, tmp_path: Path) -> None:
    path = saved(tmp_path, plan_to_json(plans.destruction()), encoding)
    said = rf"plan\.json looks like a plan saved as UTF-{encoding[4:6]} text .*`iotplan plan MANIFEST --out"
    with pytest.raises(IotplanError, match=said):
        read_saved_plan(path)
    with pytest.raises(IotplanError, match=said):
        read_saved(path)


def test_a_plan_saved_as_utf16_given_as_a_manifest_is_told_so(tmp_path: Path) -> None:
    path = saved(tmp_path, plan_to_json(plans.destruction()), "utf-16")
    with pytest.raises(IotplanError, match=r"looks like a plan saved as UTF-16 text"):
        ManifestInput(path).load()


def test_a_drift_report_saved_as_utf16_is_told_so(tmp_path: Path) -> None:
    path = saved(tmp_path, render_drift_json(drifts.SCENARIOS["fleet"]()), "utf-16")
    with pytest.raises(
        IotplanError, match=r"looks like a drift report saved as UTF-16 .*--out json=drift\.json"
    ):
        read_saved(path)


def test_a_manifest_in_utf16_json_is_still_applied_as_a_manifest(tmp_path: Path) -> None:
    assert read_saved_plan(saved(tmp_path, json.dumps(yaml.safe_load(FLEET), indent=2), "utf-16")) is None
