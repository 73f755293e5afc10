"""Another run's identical call landing first, when this run's call renames a connection with
`moved` (the node's refId and every device's and sensor's under it): answered 404 (the old refIds
are gone), the read back shows each change made, the connection's rename too, so the whole call is
found made by another writer, not "the platform kept part of the call" and counted applied by this
run, and no A2 hint sends the operator to check-platform over what was a concurrent apply (fz96)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import Workspace, one_sensor_site
from tests.e2e.test_another_writer_between_calls import (
    CALL_MADE_ELSEWHERE_OR_KEPT,
    SITE,
    another_writer_before_call,
    same_call_first,
)

# A generic sensor of custom metrics: its update clears the catalog metric maps by sending null (A2).
CUSTOM = "{key: s1, name: s one, metrics: [{custom_metric: pore_pressure, unit: Pa}]}"


def test_another_runs_connection_rename_landing_first_is_found_made_without_the_a2_hint(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, "5 of the call's 6 changes made (the platform kept part of the call)" listed as applied,
    the connection's rename "cannot be told", and the A2 paragraph added."""
    manifest = Path(workspace.path) / SITE
    manifest.write_text(one_sensor_site("fz", "dev one", CUSTOM))
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    moved = one_sensor_site("fz", "dev one", CUSTOM).replace("- key: c1", "- key: c2")
    manifest.write_text(moved + "moved:\n  - {from: c1, to: c2}\n")
    another_writer_before_call(monkeypatch, 0, same_call_first)
    applying = workspace.run("apply", SITE, "--auto-approve", "--format", "json")
    assert applying.exit_code == 1, applying.output
    [outcome] = json.loads(applying.stdout)["outcomes"]
    assert outcome["applied"] == outcome["outcome_unknown"] == [], outcome
    assert outcome["found_made"] == ["c2", "c2/d1", "c2/d1/s1"], outcome
    assert CALL_MADE_ELSEWHERE_OR_KEPT in outcome["message"]
    assert "sending null" not in outcome["message"] and "check-platform" not in outcome["message"]
