"""`is_thread_connection` asks `Change.on_thread` inline, the live id first: it answers as the
property would, for every live id and kind a change can have."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from iotplan.apply.thread import is_thread_connection
from iotplan.plan.model import Action, Change, Kind
from tests.render.plans import change

LIVE_IDS = [None, "", "/fn/B00000/node", "/fn/", "/api/7B6ED5/node", "fn/B00000/node", "/FN/B00000/node"]
KINDS = [Kind.NODE, Kind.DEVICE, Kind.SENSOR, Kind.EDGE]


def _change(live_id: str | None, kind: Kind) -> Change:
    return dataclasses.replace(change("c1", Action.CREATE, "not on the platform"), live_id=live_id, kind=kind)


EACH = [_change(live_id, kind) for live_id, kind in itertools.product(LIVE_IDS, KINDS)]


@pytest.mark.parametrize("one", EACH, ids=lambda c: f"{c.kind}:{c.live_id!r}")
def test_one_change_answers_as_the_property(one: Change) -> None:
    assert is_thread_connection([one]) is one.on_thread


@pytest.mark.parametrize("pair", list(itertools.combinations(EACH, 2)))
def test_any_change_answers_as_the_property(pair: tuple[Change, Change]) -> None:
    assert is_thread_connection(list(pair)) is any(each.on_thread for each in pair)


def test_no_change_is_no_thread_connection() -> None:
    assert is_thread_connection([]) is False
