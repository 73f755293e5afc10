"""Shared by the tests of a stray device whose refId is a new one's in another case, made by hand
beside a stack that owns its entities as `stack:` spells it (fz101): a copy, never this stack renamed."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import QUICKSTART, Workspace

DEV9 = """\
          - key: dev9
            name: Dev 9
            sensors:
              - key: s1
                name: S1
                template: TEMPERATURE_SDE
          - key: weather
"""


def add_dev9(workspace: Workspace) -> None:
    workspace.edit(QUICKSTART, "          - key: weather\n", DEV9)


def stray(ref_id: str) -> dict[str, Any]:
    return {
        "changeState": "new",
        "refId": ref_id,
        "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "hand"},
    }


def assert_told_as_a_copy(said: str, stray_id: str, ref_id: str, stack: str) -> None:
    """Named with its id, refId and what it holds, the step that keeps its history before the one
    that removes it; never told to take the stray's spelling as `stack:`."""
    said = " ".join(said.split())
    assert "looks renamed" not in said
    assert "keep `stack:" not in said
    assert f"Stack {stack!r} owns live entities as it spells itself ({stack + ':'!r})" in said
    named = f"{stray_id} (refId {ref_id!r}, holding "
    assert named in said
    assert said[said.index(named) :].split(")", 1)[0].endswith("observations")
    assert said.index("To keep it and its history") < said.index("remove it in the platform's web app")
