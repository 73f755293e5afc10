"""Two regions at the same keys that nothing tells apart (no `location:`, loggers named otherwise,
sensors named alike) are refused as one stack renamed, the refusal saying how to tell iotplan
otherwise: `shares_keys_with:` naming the other stack, which then lets its network be."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, Workspace


def region(stack: str, dam: str, shares: str = "") -> str:
    return f"""\
apiVersion: iotplan/v1
stack: {stack}
{shares}projects:
  - id: {PROJECT}
    nodes:
      - key: site-01
        name: {dam} feed
        devices:
          - key: logger
            name: {dam} datalogger
            sensors:
              - {{key: temp, name: Temperature, template: TEMPERATURE_SDE}}
              - {{key: battery, name: Battery, template: BATTERY_CHARGE_SDE}}
"""


@pytest.mark.parametrize("shares", ["", "shares_keys_with: [north-region]\n"])
def test_shares_keys_with_lets_another_region_at_the_same_keys_be(workspace: Workspace, shares: str) -> None:
    (workspace.path / "north.yaml").write_text(region("north-region", "Aoraki dam"))
    north = workspace.run("apply", "north.yaml", "--auto-approve")
    assert north.exit_code == 0, north.output
    (workspace.path / "south.yaml").write_text(region("south-region", "Waitaki dam", shares))

    south = workspace.run("plan", "south.yaml")
    if shares:
        assert south.exit_code == 0, south.output
    else:
        assert south.exit_code == 1, south.output
        assert "say so in this manifest: `shares_keys_with: [north-region]`" in " ".join(south.stderr.split())
