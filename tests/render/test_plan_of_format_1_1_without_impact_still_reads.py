"""Format 1.1 lists `impact`, but the builds that first wrote 1.1 wrote none (it came later in
1.1's life): a 1.1 plan without one still reads, its changes' impact said again as every plan's is."""

from __future__ import annotations

import json

from iotplan.plan.impact import impact_of
from iotplan.render.json_plan import plan_from_dict, plan_to_json
from tests.render import plans


def test_plan_of_format_1_1_without_impact_still_reads() -> None:
    document = json.loads(plan_to_json(plans.destruction()))
    document["format_version"] = "1.1"
    for newer in ("target_rpc_endpoint", "read_at", "catalog_notes", "impact"):
        document.pop(newer, None)
    for change in document["changes"]:
        change.pop("holding", None)
    read = plan_from_dict(document)
    assert impact_of(read).observations_destroyed > 0
