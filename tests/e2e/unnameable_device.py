"""What the tests of a sensor declared under the wrong logger of another tool's feed share, where the
logger it lives under has a SERIAL_NO no manifest may hold, or none (cr161): the feed imported (its
connection adopted by `id:`), and Temp 1 (`T1`) declared under Logger 1. A manifest cannot declare
that logger by its SERIAL_NO, nor by `id:` (validate refuses a device's), so "declare it where it
lives, in a device with `ref_id: ...`" cannot be done: the advice says to give it a SERIAL_NO first."""

from __future__ import annotations

from click.testing import Result

from tests.e2e.conftest import PROJECT, Workspace

TEMP_1 = (
    "              - key: temp-1\n"
    "                ref_id: T1\n"
    "                template: TEMPERATURE_SDE\n"
    "                name: Temp 1\n"
)


def planned_with_t1_under_logger_1(workspace: Workspace, second_serial: str | None) -> Result:
    """The plan of the imported feed with T1 declared under Logger 1, where it lives under a second
    logger whose SERIAL_NO is `second_serial` (None: it has none)."""
    second: dict[str, object] = {
        "changeState": "new",
        "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "Logger 2"},
        "sensors": [{"changeState": "new", "refId": "T1", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}],
    }
    if second_serial is not None:
        second["refId"] = second_serial
    first = {
        "changeState": "new",
        "refId": "Logger 1",
        "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "Logger 1"},
        "sensors": [
            {
                "changeState": "new",
                "refId": "A1",
                "props": {"INTEGRATION_ID": "TEMPERATURE_SDE", "NAME": "Air"},
            }
        ],
    }
    feed = {
        "changeState": "new",
        "refId": "legacy-feed",
        "props": {"NAME": "Legacy feed"},
        "devices": [first, second],
    }
    workspace.integrate({"integration": feed})
    imported = workspace.run("import", "--project", PROJECT, "--stack", "site", "--out", "site.yaml")
    assert imported.exit_code == 0, imported.output
    text = (workspace.path / "site.yaml").read_text()
    assert "- key: logger-2" not in text, text  # import leaves it unmanaged, saying why
    air = text.index("\n", text.index("name: Air")) + 1
    (workspace.path / "site.yaml").write_text(text[:air] + TEMP_1 + text[air:])
    assert workspace.run("validate", "site.yaml").exit_code == 0, text
    plan = workspace.run("plan", "site.yaml")
    assert plan.exit_code == 1, plan.output
    assert "would create sensor with refId 'T1'" in plan.stderr, plan.stderr
    return plan
