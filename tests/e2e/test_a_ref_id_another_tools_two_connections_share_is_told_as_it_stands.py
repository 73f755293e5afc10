"""Another tool's device `logger-1` under each of two connections: import's header said the earlier one
"needs nothing", while no update reaches it by that refId until the later one's SERIAL_NO changes; and
once the later one is left out of the manifest, the plan called it a copy "most likely made in the
platform's web app", where it stands under the other connection. The header says the earlier one waits
for the later one's new SERIAL_NO; the plan says where the copy stands, its new SERIAL_NO (which keeps
its history) before its removal (which destroys it)."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import PROJECT, Workspace


def _sensor(ref_id: str) -> dict[str, Any]:
    return {
        "changeState": "new",
        "refId": ref_id,
        "props": {"NAME": ref_id, "INTEGRATION_ID": "TEMPERATURE_SDE"},
    }


def _feed(workspace: Workspace, ref_id: str, sensors: list[str]) -> str:
    """A connection of another tool holding a device `logger-1` with `sensors`: the connection's id."""
    device = {
        "changeState": "new",
        "refId": "logger-1",
        "props": {"NAME": "Logger 1", "INTEGRATION_ID": "DATALOGGER_SDE"},
        "sensors": [_sensor(each) for each in sensors],
    }
    node = {"changeState": "new", "refId": ref_id, "props": {"NAME": ref_id}, "devices": [device]}
    workspace.integrate({"integration": node})
    return str(workspace.live_entity(ref_id)["id"])


def _two_feeds_sharing_logger_1(workspace: Workspace) -> tuple[str, str]:
    """`dam-feed` and `legacy-feed`, each with a `logger-1`; the latter's sensors hold 20 and 21
    observations. Both connections' ids."""
    dam = _feed(workspace, "dam-feed", ["t"])
    legacy = _feed(workspace, "legacy-feed", ["t", "T"])
    for at, count in ((0, 20), (1, 21)):
        sensor = workspace.api("GET", "/api/sensors/all", params={"projectIds": PROJECT, "pageSize": 1000})
        held = [each["id"] for each in sensor if each["id"].startswith(legacy)][at]
        workspace.api("POST", "/_sim/observations", json={"sensor_id": held, "count": count})
    return dam, legacy


def _adopting_dam_feed(dam: str) -> str:
    """The manifest once the later entries are left out: `dam-feed` and its `logger-1` adopted."""
    return f"""apiVersion: iotplan/v1
stack: site
projects:
  - id: {PROJECT}
    nodes:
      - key: dam-feed
        kind: api
        id: {dam}
        name: dam-feed
        devices:
          - key: logger-1
            ref_id: logger-1
            name: Logger 1
            template: DATALOGGER_SDE
            sensors:
              - key: t
                ref_id: t
                name: t
                template: TEMPERATURE_SDE
"""


def test_the_header_says_the_earlier_one_waits_for_the_later_ones_new_serial_no(workspace: Workspace) -> None:
    dam, _ = _two_feeds_sharing_logger_1(workspace)
    imported = workspace.run("import", "--project", PROJECT, "--stack", "site", "--out", "site.yaml")
    assert imported.exit_code == 1, imported.output
    rows = (workspace.path / "site.yaml").read_text().splitlines()
    (header,) = [row for row in rows if "whose refId an earlier entry in it carries too" in row]
    assert "needs nothing" not in header, header
    assert "the earlier one keeps its refId, but cannot be updated until the later one's SERIAL_NO" in header

    # What the header says holds: the later one left out, an edit of the earlier one is refused.
    (workspace.path / "edited.yaml").write_text(_adopting_dam_feed(dam).replace("name: Logger 1", "name: L1"))
    edited = workspace.run("plan", "edited.yaml")
    assert edited.exit_code == 1 and "integrate cannot tell them apart" in edited.output, edited.output


def test_a_copy_under_another_connection_is_told_where_it_stands_and_its_new_serial_no_comes_first(
    workspace: Workspace,
) -> None:
    dam, legacy = _two_feeds_sharing_logger_1(workspace)
    (workspace.path / "site.yaml").write_text(_adopting_dam_feed(dam))
    planned = workspace.run("plan", "site.yaml")
    assert planned.exit_code == 0, planned.output
    copies = [row for row in planned.output.splitlines() if row.lstrip().startswith("* ")]
    assert len(copies) == 3, planned.output
    connection = f"#{legacy.split('/')[2]}"
    for copy in copies:
        assert "most likely made in the platform's web app" not in copy, copy
        assert f"under connection {connection}" in copy, copy
        assert copy.index("give it another SERIAL_NO") < copy.index("or remove it there"), copy
