"""A custom metric's name holding a credential (`api_key=...`, written by another tool) was left out of the
import with the comment a URL gets ("Left out, iotplan leaves the platform's value as it is ... a
parameter dropped changes what the URL asks for"), wrong for metrics, which cannot be left out; and
validate then said the generic sensor "must declare at least one metric", as if it had none. Its
metrics are written, each name so held as `(sensitive)` (which validate refuses, naming the entry),
with a comment about metrics saying what to write."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace

SECRET = "abc123secret"


def a_sensor_whose_metric_name_holds_a_credential(workspace: Workspace) -> None:
    sensor = {"changeState": "new", "refId": "legacy:feed/d/s", "props": {"NAME": "s"}}
    metrics = {"0": f"api_key={SECRET}", "1": "temp"}
    sensor["props"] |= {"INTEGRATION_ID": "GENERIC_SENSOR_SDE", "UNKNOWN_METRICS": metrics}
    sensor["props"] |= {"UNKNOWN_UNITS": {"0": "u", "1": "C"}}
    device = {"changeState": "new", "refId": "legacy:feed/d", "props": {"NAME": "d"}, "sensors": [sensor]}
    device["props"]["INTEGRATION_ID"] = "IMPORT_DEVICE_SDE"
    node = {"changeState": "new", "refId": "legacy:feed", "props": {"NAME": "feed"}, "devices": [device]}
    workspace.integrate({"integration": node})


def test_a_metric_name_holding_a_credential_is_written_sensitive_with_a_comment_about_metrics(
    workspace: Workspace,
) -> None:
    a_sensor_whose_metric_name_holds_a_credential(workspace)
    result = workspace.run("import", "--project", PROJECT, "--stack", "legacy", "--out", "imported.yaml")
    assert result.exit_code == 1
    text = (workspace.path / "imported.yaml").read_text()
    assert SECRET not in text + result.output
    assert (
        "metrics: [{custom_metric: (sensitive), custom_unit: u}, {custom_metric: temp, custom_unit: C}]"
        in text
    )
    assert "URL" not in text and "Left out" not in text
    assert "# metrics: a custom metric's or unit's name holds a credential" in text
    said = " ".join(result.stderr.split())
    assert "metrics[0].custom_metric" in said
    assert "must declare at least one metric" not in said
