"""A `moved` rename of a device interrupted between integrate calls, as a reviewer-fuzzer (fz73) left
one: the device and some of its sensors carry the new key's refIds, the rest the old. Planning the
manifest before the rename (a user rolling the commit back) is refused, and the refusal says the
rename is half done (or made by hand) and how to finish or undo it with `moved`, never a removal of
what holds history as the way out."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

OLD, NEW = "quickstart:dam-a/logger-1", "quickstart:dam-a/logger-q"


def moved_to(ref_id: str) -> dict[str, object]:
    return {"changeState": "update", "refId": ref_id, "props": {"SERIAL_NO": ref_id.replace(OLD, NEW)}}


@pytest.fixture
def half_moved(workspace: Workspace) -> Workspace:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    crack = workspace.live_entity(f"{OLD}/crack-1")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": crack["id"], "count": 700})
    # the first integrate call of `moved: [{from: dam-a/logger-1, to: dam-a/logger-q}]`: the device and
    # one sensor re-keyed; the apply stopped before the call re-keying crack-1 and tilt-1
    device = {**moved_to(OLD), "sensors": [moved_to(f"{OLD}/pz-1")]}
    workspace.integrate_under("quickstart:dam-a", [device])
    return workspace


def test_rolling_back_names_the_half_done_rename_and_no_removal(half_moved: Workspace) -> None:
    shown = half_moved.run("plan", QUICKSTART)
    assert shown.exit_code != 0
    refusal = shown.output.split("dam-a/logger-1/crack-1: would create", 1)[1].split("\n", 1)[0]
    assert "a `moved` rename of dam-a/logger-1 to dam-a/logger-q stopped between two of its calls" in refusal
    assert "it holds 700 observations" in refusal
    assert "apply with `moved: [{from: dam-a/logger-1, to: dam-a/logger-q}]`" in refusal
    assert "add `moved: [{from: dam-a/logger-q, to: dam-a/logger-1}]` to this one" in refusal
    assert "without" not in shown.output and "removes it" not in shown.output


@pytest.mark.parametrize(
    ("key", "moved"),
    [
        ("logger-q", "{from: dam-a/logger-1, to: dam-a/logger-q}"),
        ("logger-1", "{from: dam-a/logger-q, to: dam-a/logger-1}"),
    ],
    ids=["finished", "undone"],
)
def test_either_way_it_advises_converges_keeping_the_history(
    half_moved: Workspace, key: str, moved: str
) -> None:
    crack = half_moved.live_entity(f"{OLD}/crack-1")
    half_moved.edit(QUICKSTART, "defaults:\n", f"moved:\n  - {moved}\ndefaults:\n")
    half_moved.edit(QUICKSTART, "- key: logger-1\n", f"- key: {key}\n")
    applied = half_moved.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert "destroy" not in applied.output.split("Plan:", 1)[1].split("\n", 1)[0].replace("0 to destroy", "")
    assert "No changes" in half_moved.run("plan", QUICKSTART).output
    assert half_moved.live_entity(f"quickstart:dam-a/{key}/crack-1")["id"] == crack["id"]
