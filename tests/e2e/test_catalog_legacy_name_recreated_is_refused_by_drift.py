"""`drift` of a manifest whose replacement would create again a sensor holding a template the catalog
no longer lists stops as `plan` does, as for a new sensor naming it: not a report that keeps it."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_catalog_legacy_names import legacy_held  # noqa: F401 (a fixture)


def test_drift_of_a_replacement_recreating_a_legacy_named_sensor_is_refused(
    legacy_held: Workspace,  # noqa: F811 (the fixture imported above)
) -> None:
    legacy_held.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    drift = legacy_held.run("drift", QUICKSTART)
    assert drift.exit_code == 1, drift.output
    assert "dam-a/weather/air-temp: sensor template 'TEMPERATURE_SDE' is no longer in the" in drift.stderr
    assert "the replacement of dam-a/weather would create it again naming it" in drift.stderr
