"""Two sensors of another tool whose refIds differ only in case (`T1` under one logger, `t1` under
another): one to the platform, so import's file names the later one's step, but its comment said it
`carries refId "t1", as legacy-feed/logger-1/temp-1 does`, where that entry carries "T1" (validate
rightly says "differs only in case"). It says the refId each carries, and how they differ (cr158)."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace


def feed_of_two_loggers_with_a_t1_in_each_case(workspace: Workspace) -> None:
    def logger(name: str, sensor_ref_id: str) -> dict[str, object]:
        sensor = {
            "changeState": "new",
            "refId": sensor_ref_id,
            "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"},
        }
        props = {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": name}
        return {"changeState": "new", "refId": name, "props": props, "sensors": [sensor]}

    feed = {
        "changeState": "new",
        "refId": "legacy-feed",
        "props": {"NAME": "Legacy feed"},
        "devices": [logger("Logger 1", "T1"), logger("Logger 2", "t1")],
    }
    workspace.integrate({"integration": feed})


def test_import_sensors_whose_ref_ids_differ_in_case_are_told_so(workspace: Workspace) -> None:
    feed_of_two_loggers_with_a_t1_in_each_case(workspace)
    imported = workspace.run("import", "--project", PROJECT, "--stack", "site", "--out", "site.yaml")
    assert imported.exit_code == 1 and "differs only in case" in imported.stderr, imported.output
    text = (workspace.path / "site.yaml").read_text()
    (told,) = [row.strip() for row in text.splitlines() if row.strip().startswith("# sensor ")]
    later, earlier = ('"t1"', '"T1"') if 'carries refId "t1"' in told else ('"T1"', '"t1"')
    assert f"carries refId {later}" in told, told
    assert f"carries {earlier}" in told and "differing only in case" in told, told
