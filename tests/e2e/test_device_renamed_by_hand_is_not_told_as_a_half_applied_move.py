"""A device's refId changed outside iotplan (an integrate `update` made by hand, no `moved` ever
applied), as a reviewer-fuzzer (fz84) left one: its sensors keep refIds naming the old key. iotplan
cannot tell that from a `moved` apply stopped between its calls, so the refusal says either may be
the cause, and leads with the way back to what the manifest declares, not with re-keying the device
the manifest declares as logger-1 under logger-9."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

OLD, NEW = "quickstart:dam-a/logger-1", "quickstart:dam-a/logger-9"


def test_device_renamed_by_hand_is_not_told_as_a_half_applied_move(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    crack = workspace.live_entity(f"{OLD}/crack-1")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": crack["id"], "count": 500})
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "update", "refId": OLD, "props": {"SERIAL_NO": NEW}}]
    )

    shown = workspace.run("plan", QUICKSTART)

    assert shown.exit_code != 0
    refusal = shown.output.split("dam-a/logger-1/crack-1: would create", 1)[1].split("\n", 1)[0]
    assert "was half applied" not in refusal
    assert "dam-a/logger-1 was renamed to dam-a/logger-9 outside iotplan" in refusal
    back = refusal.index(
        "To keep dam-a/logger-1 as this manifest declares it, add `moved: [{from: dam-a/logger-9, "
    )
    assert back < refusal.index("`moved: [{from: dam-a/logger-1, to: dam-a/logger-9}]`")
