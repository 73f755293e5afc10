"""A saved plan whose creation's line was copied beside it (`summary.add` raised to match) was read,
`show` saying 9 to add, and applied as the 8 its addresses hold, exit 0: an apply holds a plan's
writes by address. A plan writes an address once; one writing it twice is refused as edited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iotplan.commands.apply import read_saved_plan
from iotplan.errors import IotplanError
from iotplan.render.json_plan import plan_to_json
from tests.render import plans


def test_saved_plan_writing_an_address_twice_is_refused(tmp_path: Path) -> None:
    document = json.loads(plan_to_json(plans.creation()))
    document["changes"].insert(3, document["changes"][2])
    document["summary"]["add"] += 1
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(IotplanError) as refused:
        read_saved_plan(str(path))
    assert str(refused.value) == (
        f"{path}: changes 3 and 4 both write dam-a/logger-1/pz-1, where a plan writes an address once: the "
        "plan file was edited"
    )
