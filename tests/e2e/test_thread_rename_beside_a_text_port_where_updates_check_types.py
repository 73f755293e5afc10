"""A THREAD logger whose port another writer stored as text (`EXTERNAL_PORT` "2"), which the plan
reads as the declared 2, renamed: the update resends the port as the platform holds it (A14). On a
platform whose update* checks each prop's JSON type against its entity objects
(`rpc-update-types-strict`), that update is refused: apply stops cleanly, names the refusal with the
platform's message and the way out, writes nothing else, and a rerun says the same."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, NODE, SITE, rpc
from tests.e2e.test_thread_renamed_keeps_a_port_and_channel_held_as_text import TEXT_LOCATION, TILT1
from tests.e2e.test_thread_variants import assert_honest_exit, assert_no_duplicates

DECLARED_LOCATION = {"type": "Point", "coordinates": [174.7806, -41.2706, 12.5]}


def test_a_rename_beside_a_port_held_as_text_is_refused_and_stops_saying_how_to_go_on(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": IPI_LOGGER, "props": {"EXTERNAL_PORT": "2"}})
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-types-strict")
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: Section 3 IPI Chain B")
    for _ in range(2):
        applied = workspace.run("apply", SITE, "--auto-approve")
        assert_honest_exit(applied)
        assert applied.exit_code == 1
        assert 'EXTERNAL_PORT must be an integer, not "2".' in applied.stdout
        assert "not applied: tunnel-thread/ipi-chain" in applied.stdout
        said = " ".join(applied.output.split())
        assert 'iotplan sent EXTERNAL_PORT as the platform holds it, "2" (text, another writer\'s)' in said
        assert "running apply again is refused the same way" in said
        closing = " ".join(applied.stderr.split())
        assert "run it again" not in closing
        assert (
            "deal with the errors above: set EXTERNAL_PORT of tunnel-thread/ipi-chain to 2 (a number) in the "
            "platform's web app, then apply again"
        ) in closing
        assert_no_duplicates(workspace)
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert (logger["props"]["NAME"], logger["props"]["EXTERNAL_PORT"]) == ("Section 3 IPI Chain", "2")
    rpc(workspace, "updateDevice", {"device": IPI_LOGGER, "props": {"EXTERNAL_PORT": 2}})  # the step taken
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert (logger["props"]["NAME"], logger["props"]["EXTERNAL_PORT"]) == ("Section 3 IPI Chain B", 2)


def test_a_rename_beside_a_channel_or_location_held_as_text_says_each_form_to_set(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateSensor", {"sensor": TILT1, "props": {"MUX_INDEX": "1"}})
    rpc(workspace, "updateNode", {"node": NODE, "props": {"LOCATION": TEXT_LOCATION}})
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-types-strict")
    workspace.edit(SITE, "Tunnel Section 3 THREAD", "Tunnel Section 3")
    workspace.edit(SITE, "IPI Tilt 1 (-2 m)", "IPI Tilt 1")
    applied = workspace.run("apply", SITE, "--auto-approve")
    assert_honest_exit(applied)
    said = " ".join(applied.output.split())
    assert "LOCATION coordinates must be numbers" in said
    assert "(its coordinates not all numbers, another writer's)" in said
    assert "set LOCATION of tunnel-thread to " in said and "(its coordinates numbers)" in said
    rpc(workspace, "updateNode", {"node": NODE, "props": {"LOCATION": DECLARED_LOCATION}})
    applied = workspace.run("apply", SITE, "--auto-approve")
    said = " ".join(applied.output.split())
    assert 'MUX_INDEX as the platform holds it, "1" (text, another writer\'s)' in said
    assert "set MUX_INDEX of tunnel-thread/ipi-chain/tilt1 to 1 (a number)" in said
    (node,) = rpc(workspace, "getNodes", {"nodes": [NODE]})
    (tilt,) = rpc(workspace, "getSensors", {"sensors": [TILT1]})
    assert (node["props"]["NAME"], tilt["props"]["NAME"], tilt["props"]["MUX_INDEX"]) == (
        "Tunnel Section 3",
        "IPI Tilt 1 (-2 m)",
        "1",
    )
