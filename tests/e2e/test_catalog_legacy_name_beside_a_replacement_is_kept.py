"""A sensor holding a name the catalog no longer lists, on a device the plan keeps, is kept as it
stands (and said so) while the plan replaces another device."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_catalog_legacy_names import legacy_held  # noqa: F401 (a fixture)

AIR_TEMPERATURE = """              - key: air-temp
                name: Air temperature
                template: TEMPERATURE_SDE
"""


def test_a_legacy_name_on_a_device_the_plan_keeps_is_kept_beside_a_replacement(
    legacy_held: Workspace,  # noqa: F811 (the fixture imported above)
    caplog: pytest.LogCaptureFixture,
) -> None:
    legacy_held.edit(QUICKSTART, AIR_TEMPERATURE, "")
    legacy_held.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    plan = legacy_held.run("plan", QUICKSTART)
    assert plan.exit_code == 0, plan.output
    assert "-/+ device dam-a/weather" in plan.stdout
    [kept] = [message for message in caplog.messages if "kept as it stands" in message]
    assert "metric 'cum_distance'" in kept and "dam-a/logger-1/crack-1 on the platform" in kept
