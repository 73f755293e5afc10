"""Text coordinates another tool stored on dam-a/logger-1's LOCATION, then pz-2 added under it, so a
write resends that LOCATION as the platform holds it and its line carries a note (`held_forms`)."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_thread import rpc

LOGGER = "quickstart:dam-a/logger-1"
TEXT = {"type": "Point", "coordinates": ["174.7802", "-41.2701", "21.5"]}
PZ_2 = """              - key: pz-2
                name: Piezometer PZ-2
                metrics:
                  - {custom_metric: pore_pressure, custom_unit: kPa_gauge}
"""
RENAMED = "Lake Ellen dam feed"
UNLIKE = "its note's text says how the platform holds what it resends otherwise than its held_forms"
EITHER = (
    "the plan file's note on dam-a/logger-1/pz-2 differs from a plan made now: the platform changed how "
    "dam-a/logger-1's LOCATION is held since, or the file was edited: plan again"
)


def text_coordinates_held(workspace: Workspace, manifest: str) -> None:
    """`manifest` applied as site.yaml, text coordinates stored on dam-a/logger-1, pz-2 added."""
    (workspace.path / "site.yaml").write_text(manifest)
    assert workspace.run("apply", "site.yaml", "--auto-approve").exit_code == 0
    logger = workspace.live_entity(LOGGER)
    rpc(workspace, "updateDevice", {"device": logger["id"], "props": {"LOCATION": TEXT}})
    workspace.edit("site.yaml", "              - key: tilt-1\n", PZ_2 + "              - key: tilt-1\n")


def saved(workspace: Workspace) -> dict[str, Any]:
    """The quickstart so held, dam-a renamed, planned to saved.json: the plan as read from the file."""
    text_coordinates_held(workspace, (workspace.path / QUICKSTART).read_text())
    workspace.edit("site.yaml", "Lake Ellen dam - datalogger feed", RENAMED)
    assert workspace.run("plan", "site.yaml", "--out", "saved.json").exit_code == 0
    plan: dict[str, Any] = json.loads((workspace.path / "saved.json").read_text())
    return plan


def as_saved_at_1_16(plan: dict[str, Any]) -> dict[str, Any]:
    """`plan` as format 1.16 saved it, before lines carried `held_forms`."""
    plan["format_version"] = "1.16"
    for change in plan["changes"]:
        change.pop("held_forms", None)
    return plan
