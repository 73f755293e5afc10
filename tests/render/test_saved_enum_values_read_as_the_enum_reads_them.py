"""A saved plan's kind, action and cause are looked up by value before the Enum is called
(render/json_plan.py `_member`): each reads as the Enum itself reads it, and what it refuses is
refused with its own ValueError."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest

from iotplan.plan.model import Action, Cause, Kind
from iotplan.render.json_plan import _member

ODD: list[Any] = [None, 1, 0, True, 1.5, "", "CREATE", "create ", ["create"], {"a": 1}]


@pytest.mark.parametrize("enum", [Kind, Action, Cause])
def test_each_value_reads_as_the_enum_reads_it(enum: type[Enum]) -> None:
    for value in [*(member.value for member in enum), *enum, *ODD]:
        try:
            expected = enum(value)
        except ValueError as refused:
            with pytest.raises(ValueError) as got:
                _member(enum, value)
            assert str(got.value) == str(refused)
            continue
        assert _member(enum, value) is expected
