"""A saved plan nesting past the json module's recursion in its first keys, those that tell a plan
from a manifest, is refused as a plan nested too deep: telling which it was raised RecursionError."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.commands.apply import read_saved_plan
from iotplan.errors import IotplanError
from iotplan.render.json_plan import plan_to_json
from tests.render import plans


def test_a_plan_whose_target_nests_5000_levels_is_refused_as_nested_too_deep(tmp_path: Path) -> None:
    text = plan_to_json(plans.creation())
    target = '"target": "embedded platform (.iotplan/sim.db)"'
    assert target in text
    path = tmp_path / "plan.json"
    path.write_text(text.replace(target, '"target": ' + "[" * 5000 + "]" * 5000), encoding="utf-8")
    with pytest.raises(IotplanError, match=r"plan\.json: not a plan or drift report iotplan wrote: it nests"):
        read_saved_plan(str(path))
