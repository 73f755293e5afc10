"""Two regions from one template in one project, each its own stack (cr73): both use the site key
site-01, each connection and logger named for its dam, the template's sensor names alike. The second
was refused as the first renamed, by its sensors named alike. Its connection, declared kilometres
from the first's, is another site's: planned (named otherwise and as near, it would be refused).
South owns a connection of its own first: a first apply at another stack's keys is refused whatever
the locations, unless `shares_keys_with` says so."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, Workspace


def region(stack: str, dam: str, lat: float) -> str:
    metrics = "[{custom_metric: pore_pressure, unit: Pa}]"
    sensors = "".join(
        f"              - {{key: pz-{n}, name: Piezometer PZ-{n}, metrics: {metrics}}}\n" for n in (1, 2, 3)
    )
    return f"""\
apiVersion: iotplan/v1
stack: {stack}
projects:
  - id: {PROJECT}
    nodes:
      - key: site-01
        name: {dam} - datalogger feed
        location: {{lat: {lat}, lon: 170.1}}
        devices:
          - key: logger
            name: {dam} datalogger
            sensors:
{sensors}"""


DEPOT_NODE = """\
      - key: depot
        name: Depot feed
"""


def depot(stack: str) -> str:
    """The stack with a connection of its own, at a key no other stack uses."""
    return f"apiVersion: iotplan/v1\nstack: {stack}\nprojects:\n  - id: {PROJECT}\n    nodes:\n{DEPOT_NODE}"


@pytest.mark.parametrize(("south_lat", "planned"), [(-44.7, True), (-39.2, False)])
def test_another_region_at_the_same_site_key_is_let_be_where_located_apart(
    workspace: Workspace, south_lat: float, planned: bool
) -> None:
    (workspace.path / "north.yaml").write_text(region("north-region", "Aoraki dam", -39.2))
    north = workspace.run("apply", "north.yaml", "--auto-approve")
    assert north.exit_code == 0, north.output
    (workspace.path / "depot.yaml").write_text(depot("south-region"))
    assert workspace.run("apply", "depot.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "south.yaml").write_text(region("south-region", "Waitaki dam", south_lat) + DEPOT_NODE)

    south = workspace.run("plan", "south.yaml")
    assert (south.exit_code == 0) is planned, south.output
