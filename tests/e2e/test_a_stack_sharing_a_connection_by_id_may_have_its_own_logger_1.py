"""The README's way to share a connection: stack south pins north's by `id:` and declares its own
`logger-1`, named "South logger 1", holding a sensor "Temperature" and one declared unnamed, as
north's "North logger 1" does (cr73). It was refused as north renamed, by that one sensor named
alike. One sensor named alike is what two loggers of one kind share: planned."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace


def shared(stack: str, logger: str, pin: str = "") -> str:
    return f"""\
apiVersion: iotplan/v1
stack: {stack}
projects:
  - id: {PROJECT}
    nodes:
      - key: feed
{pin}        kind: api
        name: North feed
        devices:
          - key: logger-1
            name: {logger}
            sensors:
              - {{key: temp, name: Temperature, template: TEMPERATURE_SDE}}
              - {{key: battery, template: BATTERY_CHARGE_SDE}}
"""


def test_a_stack_sharing_a_connection_by_id_may_have_its_own_logger_1(workspace: Workspace) -> None:
    (workspace.path / "north.yaml").write_text(shared("north", "North logger 1"))
    north = workspace.run("apply", "north.yaml", "--auto-approve")
    assert north.exit_code == 0, north.output
    pin = f"        id: {workspace.live_entity('north:feed')['id']}\n"
    (workspace.path / "south.yaml").write_text(shared("south", "South logger 1", pin))

    south = workspace.run("apply", "south.yaml", "--auto-approve")
    assert south.exit_code == 0, south.output
    assert workspace.live_entity("south:feed/logger-1/temp")["props"]["NAME"] == "Temperature"
