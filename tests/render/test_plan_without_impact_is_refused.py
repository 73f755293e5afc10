"""A saved plan's `impact` is said again from its changes, but one deleted from the file was not
weighed at all (a count left out was taken for a plan of an older format): a CI gate reading
`jq .impact` then read null. A plan of this format holds it: one without is refused as edited."""

from __future__ import annotations

import json

import pytest

from iotplan.render.json_plan import plan_from_dict, plan_to_json
from tests.render import plans


def test_plan_without_impact_is_refused() -> None:
    document = json.loads(plan_to_json(plans.destruction()))
    del document["impact"]
    with pytest.raises(ValueError, match=r"it holds no impact, which plans of format 1\.[0-9]+ hold"):
        plan_from_dict(document)
