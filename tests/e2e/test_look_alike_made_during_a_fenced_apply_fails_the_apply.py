"""Another writer makes a look-alike of a refId a fenced apply (`--target dam-a/*`) creates under a
connection of the stack's that the fence leaves out, between the plan's read and the write: the
verifying plan, fenced alike, left the copy's duplicate out, and the apply ended "Verified" with exit
0. It fails (exit 1), naming both (plan/copies.py `copies_made_meanwhile` searches the connections read
where a fence may have left a duplicate out)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.clients.platform import PlatformClient
from iotplan.live.model import short_id
from tests.e2e.conftest import PROJECT, Workspace


def site(workspace: Workspace, logger: bool) -> str:
    device = "        devices:\n          - {key: logger-1, name: Logger, template: IMPORT_DEVICE_SDE}\n"
    (workspace.path / "site.yaml").write_text(
        f"apiVersion: iotplan/v1\nstack: qs\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
        "      - {key: dam-b, kind: api, name: Dam B}\n"
        "      - key: dam-a\n        kind: api\n        name: Dam A\n" + (device if logger else "")
    )
    return "site.yaml"


def test_a_look_alike_made_during_a_fenced_apply_under_a_connection_fenced_off_fails_the_apply(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", site(workspace, logger=False), "--auto-approve").exit_code == 0
    dam_b = workspace.live_entity("qs:dam-b")["id"]
    props = {"NAME": "Copy", "INTEGRATION_ID": "IMPORT_DEVICE_SDE"}
    device = {"changeState": "new", "refId": "QS:DAM-A/LOGGER-1", "props": props}
    integrate, done = PlatformClient.integrate, []

    async def made_meanwhile(self: Any, project_id: str, body: dict[str, Any]) -> Any:
        if not done:  # after the plan's read, before its first write
            done.append(1)
            await asyncio.to_thread(
                workspace.integrate, {"integration": {"nodeId": dam_b, "devices": [device]}}
            )
        return await integrate(self, project_id, body)

    monkeypatch.setattr(PlatformClient, "integrate", made_meanwhile)
    applied = workspace.run("apply", site(workspace, logger=True), "--target", "dam-a/*", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    copy = short_id(workspace.live_entity("QS:DAM-A/LOGGER-1")["id"])
    assert f"dam-a/logger-1 (refId 'qs:dam-a/logger-1') and its copy dam-b/#{copy}" in applied.output
