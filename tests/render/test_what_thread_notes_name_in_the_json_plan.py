"""What a THREAD logger's port-sharing note names (`loggers_sharing_port`) and what a new THREAD
logger's or sensor's box and history notes name (`histories_elsewhere`), plan format 1.13: written
where a note names one, read back and written again as it was, refused in a plan older than 1.13."""

from __future__ import annotations

import json
import re

import pytest

from iotplan.plan.address import Address
from iotplan.plan.model import Action
from iotplan.render.json_plan import plan_from_dict, plan_from_lines, plan_to_json
from tests.render import plans

HOLDER = "/fn/4A1B2C/node/vwlogger/032433/device"
NOTED = plans.plan(
    plans.change(
        "tt/lg-a",
        Action.CREATE,
        "not on the platform; port 1 is also tt/lg-b's, ...; logger VW_LOGGER serial '032433' is also ...",
        live_id="/fn/5D6E7F/node/vwlogger/032433/device",
        loggers_sharing_port=(Address("tt/lg-b"),),
        histories_elsewhere=(HOLDER,),
    ),
    plans.change("tt/lg-b", Action.CREATE, "not on the platform", live_id="/fn/5D6E7F/node/vw/1/device"),
)


def test_what_thread_notes_name_is_written_where_one_names_any_and_read_back() -> None:
    text = plan_to_json(NOTED)
    noted, plain = json.loads(text)["changes"]
    assert (noted["loggers_sharing_port"], noted["histories_elsewhere"]) == (["tt/lg-b"], [HOLDER])
    assert "loggers_sharing_port" not in plain and "histories_elsewhere" not in plain
    assert plan_from_dict(json.loads(text)) == NOTED
    assert plan_from_lines(iter(text.encode().splitlines(keepends=True))) == NOTED
    assert plan_to_json(plan_from_dict(json.loads(text))) == text


@pytest.mark.parametrize("key", ["loggers_sharing_port", "histories_elsewhere"])
def test_one_in_a_plan_relabelled_1_12_is_refused_as_edited(key: str) -> None:
    document = json.loads(plan_to_json(NOTED)) | {"format_version": "1.12"}
    other = "histories_elsewhere" if key == "loggers_sharing_port" else "loggers_sharing_port"
    del document["changes"][0][other]
    with pytest.raises(
        ValueError, match=re.escape(f"holds {key}, which plans hold since 1.13: the plan file")
    ):
        plan_from_dict(document)
