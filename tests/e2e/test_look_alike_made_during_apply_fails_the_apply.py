"""Another writer makes a look-alike of a refId the apply creates (case and a trailing blank, or a
zero-width space), under a connection the stack does not manage, between the plan's read and the
write. Present before the plan, it refuses the creation (A1++: refIds folded alike may be one entity
to the platform); made meanwhile, the apply fails (exit 1), naming what it made and the copy, with the
copy's refId as the platform has it (escaped), not "Verified" with exit 0 (plan/copies.py
`copies_made_meanwhile`)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from iotplan.clients.platform import PlatformClient
from iotplan.live.model import short_id
from tests.e2e.conftest import QUICKSTART, Workspace


@pytest.mark.parametrize(
    "look_alike",
    ["QUICKSTART:DAM-A/LOGGER-1  ", "quickstart:dam-a/logger-1\u200b"],
    ids=["case-and-blank", "zero-width-space"],
)
def test_a_look_alike_made_during_apply_fails_the_apply(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, look_alike: str
) -> None:
    assert workspace.run("plan", "--help").exit_code == 0  # any run makes the embedded platform
    new = {"changeState": "new", "refId": "field-import", "props": {"NAME": "Field import"}}
    elsewhere = workspace.integrate({"integration": new})["integration"]["node"]["id"]
    props = {"NAME": "Copy", "INTEGRATION_ID": "IMPORT_DEVICE_SDE"}
    device = {"changeState": "new", "refId": look_alike, "props": props}
    integrate, done = PlatformClient.integrate, []

    async def made_meanwhile(self: Any, project_id: str, body: dict[str, Any]) -> Any:
        if not done:  # after the plan's read, before its first write
            done.append(1)
            await asyncio.to_thread(
                workspace.integrate, {"integration": {"nodeId": elsewhere, "devices": [device]}}
            )
        return await integrate(self, project_id, body)

    monkeypatch.setattr(PlatformClient, "integrate", made_meanwhile)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")

    assert applied.exit_code == 1, applied.output
    named = f"dam-a/logger-1 (refId 'quickstart:dam-a/logger-1') and its copy #{short_id(elsewhere)}/#"
    assert named in applied.output
    assert f"(refId {json.dumps(look_alike)}, which differs only in" in applied.output
    assert f"{short_id(elsewhere)}/#" in applied.output and "holding 0 observations" in applied.output
    kept, _, removed = applied.output.partition("or remove it there")
    steps = " ".join(kept.split())
    assert (
        "To keep a copy and its history, give it a SERIAL_NO that does not start with 'quickstart:'" in steps
    )
    assert removed.startswith(", destroying the observations each holds"), applied.output
