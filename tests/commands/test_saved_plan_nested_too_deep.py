"""A saved plan nesting deeper than iotplan writes is refused as such, whichever reader reads it: one
nested 5,000 levels ran the json module out of recursion, a traceback where a refusal belongs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iotplan.commands.apply import read_saved_plan
from iotplan.errors import IotplanError
from iotplan.render.json_plan import plan_to_json
from iotplan.render.strict_json import MAX_DEPTH
from tests.render import plans

NAME = '"Crest logger"'  # a creation's value, 4 levels down: the document, its changes, one, its after


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("layout", ["as iotplan writes it", "reformatted"])
def test_a_value_nested_5000_levels_deep_is_refused_and_one_within_the_bound_read(
    layout: str, tmp_path: Path
) -> None:
    text = plan_to_json(plans.creation())
    if layout == "reformatted":
        text = json.dumps(json.loads(text), separators=(",", ":"))
    path = tmp_path / "plan.json"
    for levels in (5000, MAX_DEPTH - 3):
        path.write_text(text.replace(NAME, nested(levels)), encoding="utf-8")
        with pytest.raises(IotplanError) as refused:
            read_saved_plan(str(path))
        assert str(refused.value) == (
            f"{path}: not a plan or drift report iotplan wrote: it nests deeper than {MAX_DEPTH} levels, "
            "twice as deep as a manifest may"
        )
    path.write_text(text.replace(NAME, nested(MAX_DEPTH - 4)), encoding="utf-8")
    [_, logger, _] = read_saved_plan(str(path)).changes  # type: ignore[union-attr]
    assert logger.after["name"] == json.loads(nested(MAX_DEPTH - 4))
