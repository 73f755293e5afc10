"""A saved plan whose `format_version` was deleted is a damaged plan, refused as one: read as a
manifest, it failed on a missing `apiVersion`, or an unknown field `changes`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iotplan.commands.apply import read_saved_plan
from iotplan.errors import IotplanError
from iotplan.plan.model import Action
from iotplan.render.json_plan import plan_to_dict, plan_to_json
from tests.render.plans import change, plan


def without_format_version(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if '"format_version"' not in line)


def saved() -> Any:
    return plan(change("dam-a", Action.CREATE, "not on the platform"))


@pytest.mark.parametrize(
    "text",
    [
        without_format_version(plan_to_json(saved())),
        json.dumps({k: v for k, v in plan_to_dict(saved()).items() if k != "format_version"}, sort_keys=True),
    ],
    ids=["as iotplan writes it", "jq -S"],
)
def test_a_plan_without_its_format_version_is_refused_as_a_damaged_plan(text: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IotplanError, match=r"plan\.json: not a plan this iotplan reads: .*format_version"):
        read_saved_plan(str(path))


def test_a_large_plan_without_its_format_version_is_told_a_damaged_plan_too(tmp_path: Path) -> None:
    """Past the first 64 KiB, the keys that decide are read from the whole file."""
    many = plan(*(change(f"dam-{n}", Action.CREATE, "not on the platform") for n in range(600)))
    path = tmp_path / "plan.json"
    path.write_text(without_format_version(plan_to_json(many)), encoding="utf-8")
    assert path.stat().st_size > 64 * 1024
    with pytest.raises(IotplanError, match=r"plan\.json: not a plan this iotplan reads"):
        read_saved_plan(str(path))
