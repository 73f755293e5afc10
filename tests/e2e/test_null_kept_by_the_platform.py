"""A platform that keeps a prop sent as null (variant `update-null-ignored`, assumption A2).

Changing a generic sensor from custom metrics to catalog ones clears its UNKNOWN_* maps by sending
them as null. Where the platform keeps them instead, the sensor would hold both kinds, which
integrate refuses: every rerun is refused the same way, so apply must say so and point at
`iotplan check-platform`, not only "run it again".
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace, one_sensor_site

CUSTOM = one_sensor_site(
    "nul",
    "Logger A",
    "{key: s1, metrics: [{custom_metric: a, custom_unit: u}, {custom_metric: b, custom_unit: v}]}",
)
CATALOG = CUSTOM.replace("Logger A", "Logger B").replace(
    "[{custom_metric: a, custom_unit: u}, {custom_metric: b, custom_unit: v}]", "[{metric: f, unit: Hz}]"
)


def test_a_refusal_after_clearing_props_by_null_names_the_assumption_and_the_check(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-null-ignored")
    manifest = workspace.path / "sensors.yaml"
    manifest.write_text(CUSTOM)
    assert workspace.run("apply", str(manifest), "--auto-approve").exit_code == 0
    manifest.write_text(CATALOG)
    for _ in range(2):  # the same refusal on every run: the message must not promise a rerun helps
        refused = workspace.run("apply", str(manifest), "--auto-approve")
        assert refused.exit_code == 1, refused.output
        assert "UNKNOWN_METRICS" in refused.output
        assert "iotplan check-platform" in refused.output
        assert "A2" in refused.output


def test_a_refusal_of_a_call_that_cleared_nothing_adds_no_such_hint(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-null-ignored")
    manifest = workspace.path / "sensors.yaml"
    manifest.write_text(CATALOG.replace("[{metric: f, unit: Hz}]", "[{metric: f, unit: nonsense-unit}]"))
    refused = workspace.run("apply", str(manifest), "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert "check-platform" not in refused.output
