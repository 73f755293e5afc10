"""A saved plan creating a THREAD sensor named like one of another THREAD at the same site (both
THREADs named "Main gateway"), that one holding no observation when the plan was reviewed, applied
once it recorded its first: the new sensor's line now notes that the other keeps its history, which
its review did not show. Refused as the platform changed, naming the note, where it was refused as
the file's edit ("was the plan file edited or cut?"), a false cause."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace


def site(stack: str, key: str, node: str, logger: str, serial: str) -> str:
    return f"""\
apiVersion: iotplan/v1
stack: {stack}
projects:
  - id: {PROJECT}
    nodes:
      - key: {key}
        kind: thread
        id: /fn/{node}/node
        name: Main gateway
        devices:
          - key: {logger}
            type: VW_LOGGER
            serial: "{serial}"
            port: 1
            sensors:
              - {{key: pz-1, type: VW_PIEZOMETER, mux_index: 1}}
"""


def test_a_namesakes_first_observation_since_the_review_is_told_as_the_platform_changed(
    workspace: Workspace,
) -> None:
    (workspace.path / "a.yaml").write_text(site("site-a", "gw", "4A1B2C", "vw", "032433"))
    assert workspace.run("apply", "a.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "b.yaml").write_text(site("site-b", "t-b", "5D6E7F", "vw-new", "099999"))
    planned = workspace.run("plan", "b.yaml", "--out", "plan.json")
    assert planned.exit_code == 0 and "has its name" not in planned.stdout, planned.output
    pz = "/fn/4A1B2C/node/vwlogger/032433/device/pz-1/sensor"
    workspace.api("POST", "/_sim/observations", json={"sensor_id": pz, "count": 1})

    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 1, applied.output
    assert "was the plan file edited or cut?" not in applied.stderr, applied.stderr
    assert (
        "the platform changed since the plan was made, and the plan now notes what its review did not show: "
        f"t-b/vw-new/pz-1: {pz} on another THREAD has its name and keeps its 1 observation"
    ) in " ".join(applied.stderr.split()), applied.stderr
    assert "+ device t-b/vw-new" in workspace.run("plan", "b.yaml").stdout  # nothing written
