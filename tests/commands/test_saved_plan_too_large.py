"""A file larger than iotplan reads of a saved plan or drift report is refused by its size, saying the
bound, before it is read: read whole, a 2 GB file took its size many times over in memory first."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.commands import show
from iotplan.commands.show import read_saved
from iotplan.errors import IotplanError
from iotplan.render.json_plan import plan_to_json
from tests.render import plans


def test_a_plan_one_byte_over_the_bound_is_refused_saying_the_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(plan_to_json(plans.creation()), encoding="utf-8")
    size = path.stat().st_size
    monkeypatch.setattr(show, "MAX_SAVED_BYTES", size)
    assert read_saved(str(path)).changes  # at the bound: read
    monkeypatch.setattr(show, "MAX_SAVED_BYTES", size - 1)
    with pytest.raises(IotplanError) as refused:
        read_saved(str(path))
    assert str(refused.value).startswith(
        f"{path}: {size:,} bytes, more than the {size - 1:,} iotplan reads of a plan or drift report"
    )
