"""Another writer makes, through JSON-RPC, the sensor `pz－2` (a full-width hyphen, U+FF0D) under the
example's VW logger and records readings on it. Its id folds as the manifest's pz-2's does, as refIds
are compared: `plan` and `apply` refuse to create pz-2 beside it (the platform may take the two for
one), showing the live id escaped; apply wrote nothing, so the look-alike is still the only one."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import NODE, SITE, VW_LOGGER, rpc

LOOK_ALIKE = f"{VW_LOGGER}/pz\uff0d2/sensor"


def made_by_hand(workspace: Workspace) -> None:
    logger = {"NODE_ID": NODE, "NAME": "Section 3 VW Logger", "EXTERNAL_PORT": 1}
    rpc(workspace, "createDevice", {"device": VW_LOGGER, "type": "VW_LOGGER", "props": logger})
    sensor = {"NAME": "by hand", "MUX_INDEX": 7, "NODE_ID": NODE}
    rpc(workspace, "createSensor", {"sensor": LOOK_ALIKE, "type": "VW_PIEZOMETER", "props": sensor})


def test_pz_2_is_never_created_beside_a_live_pz_2_with_a_full_width_hyphen(workspace: Workspace) -> None:
    made_by_hand(workspace)

    plan = workspace.run("plan", SITE)
    applied = workspace.run("apply", SITE, "--auto-approve")

    said = " ".join(plan.output.split())
    assert plan.exit_code == 1, said
    escaped = LOOK_ALIKE.replace("\uff0d", "\\uff0d")
    assert f'but "{escaped}" in the same place is the same id but for Unicode compatibility form' in said, (
        said
    )
    assert applied.exit_code == 1, applied.output
    held = rpc(workspace, "getSensors", {"sensors": [f"{VW_LOGGER}/pz-2/sensor", LOOK_ALIKE]})
    assert [sensor["id"] for sensor in held if sensor] == [LOOK_ALIKE], held
