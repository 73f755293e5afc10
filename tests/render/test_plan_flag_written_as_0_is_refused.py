"""A change's true-or-false read by truth took `0` for false: `"cuts_off": 0` in an edited file read
as a change that cuts nothing off. Only true or false is read."""

from __future__ import annotations

import json

import pytest

from iotplan.render.json_plan import plan_from_dict, plan_to_json
from tests.render import plans


@pytest.mark.parametrize("flag", ["cuts_off", "touches_data_model", "observations_unknown"])
def test_plan_flag_written_as_0_is_refused(flag: str) -> None:
    document = json.loads(plan_to_json(plans.update()))
    document["changes"][0][flag] = 0
    with pytest.raises(ValueError, match=f"a change's {flag} is a number, where a plan holds true or false"):
        plan_from_dict(document)
