"""A device's `moved` entry beneath a moved connection, the connection's move made by an earlier apply,
and a stray device carrying the refId of another reading (`fleet:c0/e1`): the plan is refused, naming
both, as it should. Yet the copies hint steered to the stray (`{from: c0/e1, to: n0/e1}` "keeps it and
its history", though it holds none), and drift's ORPHANED line for the real device advised `{from: n0/d1,
to: n0/e1}`, which meets the same refusal. Where that refusal fires for an entity, neither hint is given."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace

HEAD = f"apiVersion: iotplan/v1\nstack: fleet\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
OLD = HEAD + (
    "      - key: c0\n        kind: api\n        devices:\n          - key: d1\n            sensors:\n"
    "              - {key: s1, template: TEMPERATURE_SDE}\n"
)
STAGE = "moved:\n  - {from: c0, to: n0}\n" + OLD.replace("key: c0", "key: n0")
STRAY = HEAD + (
    "      - key: n0\n        kind: api\n        devices:\n"
    '          - {key: y, name: Stray, ref_id: "fleet:c0/e1", template: DEMO_DEVICE_SDE}\n'
)
NEW = "moved:\n  - {from: c0, to: n0}\n  - {from: c0/d1, to: n0/e1}\n" + OLD.replace(
    "key: c0", "key: n0"
).replace("key: d1", "key: e1")


def test_two_live_readings_of_a_moved_device_give_no_hint_toward_either(workspace: Workspace) -> None:
    for name, text in (("old.yaml", OLD), ("stage.yaml", STAGE), ("stray.yaml", STRAY), ("new.yaml", NEW)):
        (workspace.path / name).write_text(text)
    assert workspace.run("apply", "old.yaml", "--auto-approve").exit_code == 0
    sensor = workspace.live_entity("fleet:c0/d1/s1")["id"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor, "count": 100})
    assert workspace.run("apply", "stage.yaml", "--auto-approve").exit_code == 0
    stray = workspace.run("apply", "stray.yaml", "--auto-approve", "--target", "n0/y")
    assert stray.exit_code == 0, stray.output

    shown = workspace.run("plan", "new.yaml")
    drift = workspace.run("drift", "new.yaml")

    assert shown.exit_code == 1, shown.output
    assert "moved[1] {from: c0/d1, to: n0/e1} could name 2 entities" in shown.output
    assert "fleet:n0/d1 and fleet:c0/e1" in shown.output
    assert "{from: c0/e1, to: n0/e1}" not in shown.output
    assert "ORPHANED" in drift.output and "device n0/d1" in drift.output, drift.output
    assert "{from: c0/e1, to: n0/e1}" not in drift.output
    assert "{from: n0/d1, to: n0/e1}" not in drift.output
