"""--prune-unmanaged removes nothing under a connection another stack has a hand in (README
"Ownership"), yet removing or replacing the stack's own device there took the unmanaged sensors under
it when the flag was given: another stack's manifest may adopt them by `ref_id:`, which this plan
cannot see, and their history went with the device (fx187). Such a removal or replacement is refused,
naming the sensor and the way out; without a shared connection the flag lets it go, as before."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_prune_leaves_another_stacks_entities import south_shares_dam_a
from tests.e2e.test_review_cases import converges

WEATHER = "quickstart:dam-a/weather"
HAND_MADE = "hand-rain"


def _hand_made_sensor_under_weather(workspace: Workspace) -> None:
    sensor = {
        "changeState": "new",
        "refId": HAND_MADE,
        "props": {"NAME": "Rain", "INTEGRATION_ID": "TEMPERATURE_SDE"},
    }
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "update", "refId": WEATHER, "sensors": [sensor]}]
    )


def _drop_weather(workspace: Workspace) -> None:
    text = (workspace.path / QUICKSTART).read_text()
    (workspace.path / QUICKSTART).write_text(text.split("          - key: weather\n")[0])


def _removed_in_the_web_app(workspace: Workspace) -> None:
    gone = {"changeState": "remove", "refId": HAND_MADE}
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "update", "refId": WEATHER, "sensors": [gone]}]
    )


def _refused(workspace: Workspace, *options: str) -> str:
    refused = workspace.run("plan", QUICKSTART, "--prune-unmanaged", *options)
    assert refused.exit_code == 1, refused.output
    return " ".join(refused.output.split())


def test_dropping_the_device_keeps_its_unmanaged_sensor(workspace: Workspace) -> None:
    south_shares_dam_a(workspace)
    _hand_made_sensor_under_weather(workspace)
    _drop_weather(workspace)
    said = _refused(workspace)
    assert "dam-a/weather: removing this device would also remove 1 entity" in said
    assert f"(SERIAL_NO '{HAND_MADE}'); --prune-unmanaged takes nothing under this connection" in said
    assert said.endswith(
        "(the connection is shared with stack 'south', whose manifest may adopt them by `ref_id:`, which "
        "this plan cannot see): once sure no manifest adopts them (a `ref_id:` naming their SERIAL_NO), "
        "remove them in the platform's web app, then plan again"
    )
    applied = workspace.run("apply", QUICKSTART, "--prune-unmanaged", "--allow-destroy", "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert workspace.live_entity(HAND_MADE)
    # The way out it names works: removed in the web app, the device goes.
    _removed_in_the_web_app(workspace)
    applied = workspace.run("apply", QUICKSTART, "--allow-destroy", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0


def test_replacing_the_device_keeps_its_unmanaged_sensor(workspace: Workspace) -> None:
    south_shares_dam_a(workspace)
    _hand_made_sensor_under_weather(workspace)
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    said = _refused(workspace)
    assert "dam-a/weather: replacing this device would also remove 1 entity" in said
    assert (
        f"'{HAND_MADE}'); --prune-unmanaged takes nothing under this connection (the connection is shared"
        in said
    )
    _removed_in_the_web_app(workspace)
    applied = workspace.run("apply", QUICKSTART, "--allow-destroy", "--auto-approve")
    assert applied.exit_code == 0, applied.output


def test_without_a_shared_connection_prune_lets_the_removal_take_it(workspace: Workspace) -> None:
    converges(workspace)
    _hand_made_sensor_under_weather(workspace)
    _drop_weather(workspace)
    applied = workspace.run("apply", QUICKSTART, "--prune-unmanaged", "--allow-destroy", "--auto-approve")
    assert applied.exit_code == 0, applied.output


def test_the_stack_holding_the_connection_by_id_keeps_its_devices_unmanaged_sensor(
    workspace: Workspace,
) -> None:
    south_shares_dam_a(workspace)
    sensor = {"changeState": "new", "refId": HAND_MADE, "props": {"NAME": "Rain"}}
    sensor["props"]["INTEGRATION_ID"] = "TEMPERATURE_SDE"
    device = {"changeState": "update", "refId": "south:shared-a/south-lg", "sensors": [sensor]}
    workspace.integrate_under("quickstart:dam-a", [device])
    south = (workspace.path / "south.yaml").read_text().split("        devices:")[0]
    (workspace.path / "south.yaml").write_text(south + "        devices: []\n")
    refused = workspace.run("plan", "south.yaml", "--prune-unmanaged")
    assert refused.exit_code == 1, refused.output
    assert (
        "shared-a/south-lg: removing this device would also remove 1 entity that stack 'south' does not own "
        "(unmanaged)"
    ) in " ".join(refused.output.split())
    assert (
        "(the connection is owned by stack 'quickstart', held here by `id:`; a manifest that has it may "
        in (" ".join(refused.output.split()))
    )
