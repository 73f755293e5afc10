"""A saved plan giving a key twice in one object is refused, naming the key: JSON readers keep one of
the two but not the same one, so its reviewer could read one value where iotplan read the other
(the last, silently)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iotplan.commands.apply import read_saved_plan
from iotplan.errors import IotplanError
from iotplan.render.json_plan import plan_to_json
from tests.render import plans

REVIEWED, READ = '"name":"Crest logger"', '"name":"Crest logger","name":"Spillway logger"'


@pytest.mark.parametrize("layout", ["as iotplan writes it", "reformatted"])
def test_a_name_given_twice_in_a_creation_s_after_is_refused_by_name(layout: str, tmp_path: Path) -> None:
    text = plan_to_json(plans.creation())
    if layout == "reformatted":
        text = json.dumps(json.loads(text), separators=(",", ":"))
    assert REVIEWED in text
    path = tmp_path / "plan.json"
    path.write_text(text.replace(REVIEWED, READ), encoding="utf-8")
    with pytest.raises(IotplanError) as refused:
        read_saved_plan(str(path))
    assert str(refused.value).startswith(
        f'{path}: not a plan or drift report iotplan wrote: the key "name" is given twice in one object'
    )
