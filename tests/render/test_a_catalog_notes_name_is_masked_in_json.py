"""A name the catalog no longer lists was written in the JSON of a plan (`plan --format json`,
`--out`, `show`) and of drift's report as it is, while the note's own message quoted it masked:
a metric named with a `user:pw@host` or as a credential's label showed in clear. Now its `name`
is masked by the rule views show every value by, as its message is."""

from __future__ import annotations

import dataclasses
import json

import pytest

from iotplan.plan.address import Address
from iotplan.plan.catalog import CatalogNote
from iotplan.plan.model import Kind
from iotplan.render.drift_json import render_drift_json
from iotplan.render.json_plan import plan_to_json
from tests.render.drifts import report
from tests.render.plans import in_sync, plan

ADDRESS = Address("dam-a/logger-1/pz-1")


@pytest.mark.parametrize(
    ("name", "shown"),
    [("sa:Tr0ub4dor3@db.example", "(sensitive)@db.example"), ("Password: Tr0ub4dor3", "(sensitive)")],
)
def test_a_catalog_notes_name_is_masked_in_plan_and_drift_json(name: str, shown: str) -> None:
    note = CatalogNote(Kind.SENSOR, ("metrics", 0, "metric"), name, 1, ADDRESS)
    noted = dataclasses.replace(plan(in_sync(str(ADDRESS))), catalog_notes=(note,))
    drift = report(("sites/dams.yaml", noted))
    drift.catalog_notes["sites/dams.yaml"] = (note,)
    for text in (plan_to_json(noted), render_drift_json(drift)):
        [written] = json.loads(text)["catalog_notes"]
        assert written["name"] == shown
        assert "Tr0ub4dor3" not in text
