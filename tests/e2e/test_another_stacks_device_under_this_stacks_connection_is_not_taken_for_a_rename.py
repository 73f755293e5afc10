"""Stack south pins north's connection `feed` by `id:` (shares_keys_with: [north]) and has its own
logger-2. North then declares its own logger-2, named otherwise, its sensors named as south's (cr80
#7): refused as "this stack renamed from 'south'", though south's device stands under north's own
connection, where another stack's entity can only be by a pin, never a rename: let be."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace

SHARED = """\
apiVersion: iotplan/v1
stack: {stack}
{share}projects:
  - id: {project}
    nodes:
      - key: feed
{pin}        kind: api
        name: North feed
        devices:
          - key: {logger}
            name: {name}
            sensors:
              - {{key: temp, name: Temperature, template: TEMPERATURE_SDE}}
              - {{key: battery, name: Battery, template: BATTERY_CHARGE_SDE}}
"""


def test_another_stacks_device_under_this_stacks_connection_is_not_taken_for_a_rename(
    workspace: Workspace,
) -> None:
    north = SHARED.format(stack="north", share="", project=PROJECT, pin="", logger="logger-1", name="North 1")
    (workspace.path / "north.yaml").write_text(north)
    assert workspace.run("apply", "north.yaml", "--auto-approve").exit_code == 0
    pin = f"        id: {workspace.live_entity('north:feed')['id']}\n"
    south = SHARED.format(
        stack="south",
        share="shares_keys_with: [north]\n",
        project=PROJECT,
        pin=pin,
        logger="logger-2",
        name="South 2",
    )
    (workspace.path / "south.yaml").write_text(south)
    assert workspace.run("apply", "south.yaml", "--auto-approve").exit_code == 0
    logger_2 = (
        north.split("          - key: logger-1")[1]
        .replace("logger-1", "logger-2")
        .replace("North 1", "North 2")
    )
    (workspace.path / "north.yaml").write_text(north + "          - key: logger-2" + logger_2)

    result = workspace.run("plan", "north.yaml")
    assert "renamed from 'south'" not in " ".join(result.stderr.split()), result.output
