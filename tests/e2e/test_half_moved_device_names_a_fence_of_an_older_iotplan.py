"""A device re-keyed with all its sensors but pz-1: what an iotplan older than the refusal of a
fence splitting a `moved` rename left after `apply --exclude dam-a/logger-9/pz-1` (cr111), as well
as a `moved` apply stopped between its calls or a rename made outside iotplan. The refusal names
that fence among the possible causes, as the connection-level one does."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

OLD, NEW = "quickstart:dam-a/logger-1", "quickstart:dam-a/logger-9"


def rekeyed(ref_id: str) -> dict[str, object]:
    return {"changeState": "update", "refId": ref_id, "props": {"SERIAL_NO": ref_id.replace(OLD, NEW, 1)}}


def test_a_half_moved_device_names_a_fence_of_an_older_iotplan(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensors = [rekeyed(f"{OLD}/crack-1"), rekeyed(f"{OLD}/tilt-1")]
    workspace.integrate_under("quickstart:dam-a", [{**rekeyed(OLD), "sensors": sensors}])

    shown = workspace.run("plan", QUICKSTART)

    assert shown.exit_code != 0
    refusal = next(
        line for line in shown.output.splitlines() if "Its refId names device dam-a/logger-1" in line
    )
    assert "a `moved` rename of dam-a/logger-1 to dam-a/logger-9 stopped between two of its calls" in refusal
    assert (
        "or an iotplan older than this one applied it with a --target or --exclude that fenced off part of it"
        in refusal
    )
