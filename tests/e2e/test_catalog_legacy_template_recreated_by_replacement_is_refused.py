"""A replaced device's sensor holding a template the catalog no longer lists is created again with
it: refused as a new sensor naming it is, before the removal takes the device and its history (a
platform that withdrew the name would refuse the creation only after that)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_catalog_legacy_names import legacy_held  # noqa: F401 (a fixture)
from tests.e2e.test_variants import listed


def test_a_replacement_recreating_a_sensor_with_a_legacy_template_is_refused(
    legacy_held: Workspace,  # noqa: F811 (the fixture imported above)
    caplog: pytest.LogCaptureFixture,
) -> None:
    before = listed(legacy_held, "sensors")
    legacy_held.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    applied = legacy_held.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert applied.exit_code == 1, applied.output
    said = applied.stderr
    assert "dam-a/weather/air-temp: sensor template 'TEMPERATURE_SDE' is no longer in the platform's" in said
    assert "the replacement of dam-a/weather would create it again naming it" in said
    assert "500 observations" in said
    assert not [message for message in caplog.messages if "kept as it stands" in message]
    assert listed(legacy_held, "sensors") == before
