"""A connection renamed by one apply (dam-a to dam-b), its `moved` entry kept; then a sensor declared
beside crack-1 (`crack-old`) with `{from: dam-a/logger-1/crack-1, to: dam-b/logger-1/crack-old}`,
crack-1 still declared. Under the connection's new key that `from` reads `dam-b/logger-1/crack-1`,
another declared entity: `validate` said valid and the plan renamed crack-1 (its 100 observations) to
crack-old while counting crack-1 unchanged, one live sensor twice; the apply renamed it and failed its
verification blaming another writer. Now the entry is refused as still declared, at its line, and
nothing is written."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

CONNECTION_MOVED = "moved:\n  - {from: dam-a, to: dam-b}\n"
SENSOR_MOVED = "  - {from: dam-a/logger-1/crack-1, to: dam-b/logger-1/crack-old}\n"
BESIDE = "              # custom metric + catalog unit\n"
CRACK_OLD = "              - {key: crack-old, name: Crack meter old, metrics: [{metric: f, unit: Hz}]}\n"


def test_a_moved_from_whose_reading_under_moved_parents_is_declared_is_refused(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = workspace.live_entity("quickstart:dam-a/logger-1/crack-1")["id"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor, "count": 100})
    workspace.edit(QUICKSTART, "- key: dam-a\n", "- key: dam-b\n")
    workspace.edit(QUICKSTART, "defaults:\n", CONNECTION_MOVED + "defaults:\n")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, BESIDE, CRACK_OLD + BESIDE)
    workspace.edit(QUICKSTART, CONNECTION_MOVED, CONNECTION_MOVED + SENSOR_MOVED)

    validated = workspace.run("validate", QUICKSTART)
    shown = workspace.run("plan", QUICKSTART)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")

    assert validated.exit_code != 0, validated.output
    assert "moved[1]: 'from: dam-a/logger-1/crack-1' is still declared" in validated.output
    assert "moved from" not in shown.output and shown.exit_code != 0, shown.output
    assert applied.exit_code != 0, applied.output
    assert workspace.live_entity("quickstart:dam-b/logger-1/crack-1")["id"] == sensor
    try:
        workspace.live_entity("quickstart:dam-b/logger-1/crack-old")
    except KeyError:
        return
    raise AssertionError("crack-old was written")
