"""A sensor whose SERIAL_NO was hand-edited to another key (`crack-1b`), holding 10 observations:
`plan` hints the removal looks like a rename, with the `moved` entry that keeps its history, while
drift said MISSING crack-1 and ORPHANED crack-1b, "the next apply removes it, destroying 10
observations", and nothing linked the two (fz69). The ORPHANED entry carries the hint: in its reason,
which every format shows, and in JSON as `looks_renamed_to`, which a merge of shards keeps."""

from __future__ import annotations

import json

import pytest

from iotplan.plan.drift import DRIFT_FORMAT_VERSION
from tests.e2e.conftest import QUICKSTART, Workspace

HINT = (
    "it looks like a rename to dam-a/logger-1/crack-1: to keep its history, add "
    "`moved: [{from: dam-a/logger-1/crack-1b, to: dam-a/logger-1/crack-1}]`"
)


@pytest.fixture
def edited(workspace: Workspace) -> Workspace:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = workspace.live_entity("quickstart:dam-a/logger-1/crack-1")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 10})
    edit = {"changeState": "update", "refId": "quickstart:dam-a/logger-1/crack-1"}
    edit["props"] = {"SERIAL_NO": "quickstart:dam-a/logger-1/crack-1b"}
    body = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "sensors": [edit]}
    workspace.integrate_under("quickstart:dam-a", [body])
    return workspace


def _orphan(report: dict) -> dict:
    [orphan] = [entry for entry in report["entries"] if entry["status"] == "ORPHANED"]
    return orphan


def test_the_json_entry_names_the_entity_it_looks_renamed_to(edited: Workspace) -> None:
    report = edited.json("drift", QUICKSTART)
    orphan = _orphan(report)
    assert report["format_version"] == DRIFT_FORMAT_VERSION == "1.12"
    assert (orphan["address"], orphan["looks_renamed_to"]) == (
        "dam-a/logger-1/crack-1b",
        "dam-a/logger-1/crack-1",
    )
    assert orphan["reason"].endswith(HINT), orphan["reason"]


@pytest.mark.parametrize("output_format", ["text", "markdown", "html", "junit"])
def test_every_format_shows_the_hint(edited: Workspace, output_format: str) -> None:
    shown = edited.run("drift", QUICKSTART, "--format", output_format)
    assert shown.exit_code == 2
    text = shown.stdout.replace("&#x27;", "'").replace("&quot;", '"')
    assert "crack-1b" in text and "looks like a rename to dam-a/logger-1/crack-1" in text, text


def test_a_saved_report_shown_and_merged_keeps_it(edited: Workspace) -> None:
    assert edited.run("drift", QUICKSTART, "--out", "json=drift.json").exit_code == 2
    shown = json.loads(edited.run("show", "drift.json", "--format", "json").stdout)
    assert _orphan(shown)["looks_renamed_to"] == "dam-a/logger-1/crack-1"
    for index in (1, 2):
        shard = edited.run("drift", QUICKSTART, "--shard", f"{index}/2", "--out", f"json=drift-{index}.json")
        assert shard.exit_code in (0, 2), shard.output
    merged = edited.run("merge", "drift-1.json", "drift-2.json", "--output", "merged.json")
    assert merged.exit_code in (0, 2), merged.output
    again = json.loads((edited.path / "merged.json").read_text())
    assert _orphan(again)["looks_renamed_to"] == "dam-a/logger-1/crack-1"
