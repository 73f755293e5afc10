"""A custom metric or unit named by a credential's label and its value without a blank (`SECRET:s3cr3t`,
`Pass:B7`, written in the web app) was written in clear into the imported file, which then did not
validate (`holds a credential named 'SECRET'`): the import read it as views did, a refId's shape, while
a manifest's name refuses it. It is written `(sensitive)` under the metrics comment, as `SECRET: s3cr3t`
is, and validate names each such entry."""

from __future__ import annotations

import pytest

from iotplan.render.manifest_yaml import metrics_held_secret
from tests.e2e.conftest import PROJECT, Workspace

SECRET = "s3cr3t"


def a_sensor_whose_metric_and_unit_are_a_label_and_its_value(workspace: Workspace) -> None:
    sensor = {"changeState": "new", "refId": "legacy:feed/d/s", "props": {"NAME": "s"}}
    sensor["props"] |= {
        "INTEGRATION_ID": "GENERIC_SENSOR_SDE",
        "UNKNOWN_METRICS": {"0": f"SECRET:{SECRET}", "1": "t"},
    }
    sensor["props"] |= {"UNKNOWN_UNITS": {"0": "u", "1": "Pass:B7"}}
    device = {"changeState": "new", "refId": "legacy:feed/d", "props": {"NAME": "d"}, "sensors": [sensor]}
    device["props"]["INTEGRATION_ID"] = "IMPORT_DEVICE_SDE"
    node = {"changeState": "new", "refId": "legacy:feed", "props": {"NAME": "feed"}, "devices": [device]}
    workspace.integrate({"integration": node})


def test_a_metric_name_of_a_label_and_its_value_alone_is_written_sensitive(workspace: Workspace) -> None:
    a_sensor_whose_metric_and_unit_are_a_label_and_its_value(workspace)
    result = workspace.run("import", "--project", PROJECT, "--stack", "legacy", "--out", "imported.yaml")
    text = (workspace.path / "imported.yaml").read_text()
    assert SECRET not in text + result.output and "B7" not in text + result.output
    written = "[{custom_metric: (sensitive), custom_unit: u}, {custom_metric: t, custom_unit: (sensitive)}]"
    assert f"metrics: {written}" in text
    assert "# metrics: a custom metric's or unit's name holds a credential" in text
    said = " ".join(result.stderr.split())
    assert "metrics[0].custom_metric" in said and "metrics[1].custom_unit" in said
    assert "holds a credential named" not in said  # the name is no longer in the file to be refused


@pytest.mark.parametrize("name", ["Secret Lake", "Pass B7", "site:n1"])
def test_a_metric_name_of_words_or_a_ref_ids_shape_is_written_as_it_is(name: str) -> None:
    assert metrics_held_secret([{"custom_metric": name, "custom_unit": "u"}]) is None
