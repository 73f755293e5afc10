"""Another writer sets dam-a/logger-1's SERIAL_NO to 'site:dam-b/logger-9', the refId of a declared
device of another connection that is live, and the manifest renames dam-b/logger-9. Its update was
refused as one by a refId two devices carry, saying to "remove the duplicate in the platform's web
app first": the duplicate is dam-a/logger-1, holding 500 observations a sensor, which that step
destroys; and a plan with `--target dam-b` left dam-a/logger-1's refusal, which says to set its
SERIAL_NO back, out. The update's refusal points at that one, which a selection of dam-b shows too
(cr156)."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.model import PlanOptions
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, load, plan_for

DAM_B = "      - key: dam-b\n        devices:\n          - key: logger-9\n            name: Nine\n"


@pytest.mark.parametrize(
    "selection", [PlanOptions(), PlanOptions(targets=("dam-b",)), PlanOptions(excludes=("dam-a",))]
)
def test_an_update_by_a_refid_a_changed_serial_no_took_points_at_its_refusal(selection: PlanOptions) -> None:
    live = applied(load(MANIFEST + DAM_B), observations=500)
    find(live, "site:dam-a/logger-1").props.update(SERIAL_NO="site:dam-b/logger-9", NAME="Renamed in web app")
    renamed = load(MANIFEST + DAM_B.replace("name: Nine", "name: Nine2"))
    with pytest.raises(NoSafePlanError) as refused:
        plan_for(renamed, live, selection)
    by_address = {str(refusal.address): refusal.text for refusal in refused.value.refusals}
    assert "set its SERIAL_NO back to 'site:dam-a/logger-1'" in by_address["dam-a/logger-1"], by_address
    update = " ".join(by_address["dam-b/logger-9"].split())
    assert "would update by its refId 'site:dam-b/logger-9'" in update, update
    assert "its SERIAL_NO changed if it is dam-a/logger-1: see dam-a/logger-1" in update, update
    assert "remove the duplicate" not in update, update
