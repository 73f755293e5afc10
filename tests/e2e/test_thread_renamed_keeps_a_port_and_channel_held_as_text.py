"""A THREAD logger's port and a sensor's channel another writer stored as text (`EXTERNAL_PORT` "2",
`MUX_INDEX` "1" over JSON-RPC), which the plan reads as the numbers declared (no change), and a node's
LOCATION whose coordinates are text, which the plan reads as the declared numbers: a later rename showed
only `~ name`, yet the update wrote each declared value back in the manifest's form, 2 and 1 as numbers,
changing what another tool reading them as text finds, unshown. An update now resends a prop the plan
shows unchanged as the platform holds it, its type kept."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, NODE, SITE, rpc

TILT1 = f"{IPI_LOGGER}/tilt1/sensor"
TEXT_LOCATION = {"type": "Point", "coordinates": ["174.7806", "-41.2706", "12.5"]}


def test_a_rename_keeps_a_port_a_channel_and_a_location_held_as_text(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": IPI_LOGGER, "props": {"EXTERNAL_PORT": "2"}})
    rpc(workspace, "updateSensor", {"sensor": TILT1, "props": {"MUX_INDEX": "1"}})
    rpc(workspace, "updateNode", {"node": NODE, "props": {"LOCATION": TEXT_LOCATION}})
    in_sync = workspace.run("plan", SITE)
    assert "No changes" in in_sync.output, in_sync.output
    workspace.edit(SITE, "Tunnel Section 3 THREAD", "Tunnel Section 3")
    workspace.edit(SITE, "Section 3 IPI Chain", "IPI Chain")
    workspace.edit(SITE, "IPI Tilt 1 (-2 m)", "IPI Tilt 1")
    renamed = workspace.run("apply", SITE, "--auto-approve")
    assert renamed.exit_code == 0, renamed.output
    (node,) = rpc(workspace, "getNodes", {"nodes": [NODE]})
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    (tilt,) = rpc(workspace, "getSensors", {"sensors": [TILT1]})
    assert (node["props"]["NAME"], logger["props"]["NAME"], tilt["props"]["NAME"]) == (
        "Tunnel Section 3",
        "IPI Chain",
        "IPI Tilt 1",
    )
    assert logger["props"]["EXTERNAL_PORT"] == "2"
    assert tilt["props"]["MUX_INDEX"] == "1"
    assert node["props"]["LOCATION"] == TEXT_LOCATION
    assert "No changes" in workspace.run("plan", SITE).output
