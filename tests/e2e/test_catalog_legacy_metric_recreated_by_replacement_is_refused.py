"""A replaced device's sensor holding a catalog metric the catalog no longer lists (cum_distance) is
created again with it: the plan is refused, as for a new sensor naming it."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_catalog_legacy_names import legacy_held  # noqa: F401 (a fixture)


def test_a_replacement_recreating_a_sensor_with_a_legacy_metric_is_refused(
    legacy_held: Workspace,  # noqa: F811 (the fixture imported above)
) -> None:
    legacy_held.edit(
        QUICKSTART,
        "name: Crest datalogger\n",
        "name: Crest datalogger\n            template: DEMO_DEVICE_SDE\n",
    )
    plan = legacy_held.run("plan", QUICKSTART)
    assert plan.exit_code == 1, plan.output
    said = plan.stderr
    assert "dam-a/logger-1/crack-1: sensor metrics[1] metric 'cum_distance' is no longer in the" in said
    assert "the replacement of dam-a/logger-1 would create it again naming it" in said
    assert "created with its replaced device" not in plan.stdout
