"""A plan's `pinned_connections` (format 1.16): the connections pinned by `id:` among those it updates,
which a merge leaves out of the joined changes' trades, as one run does. Read back as written; one a
plan does not update, or one in a plan older than 1.16, is the file's edit: trusted, it would have a
merge pass a trade of names or locations one run refuses."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from iotplan.plan.address import Address
from iotplan.plan.model import Plan
from iotplan.render import plan_from_dict, plan_to_dict, plan_to_json
from tests.render.plans import SCENARIOS


def _pinning(*addresses: str) -> Plan:
    """The update scenario (dam-a's connection updated, dam-b's in sync), saying `addresses` are pinned."""
    return dataclasses.replace(SCENARIOS["update"](), pinned_connections=tuple(map(Address, addresses)))


def test_the_pinned_connections_a_plan_updates_read_back_as_written() -> None:
    saved = json.loads(plan_to_json(_pinning("dam-a")))
    assert saved["pinned_connections"] == ["dam-a"]
    assert plan_from_dict(saved) == _pinning("dam-a")


def test_a_pinned_connection_the_plan_does_not_update_is_refused_as_edited() -> None:
    with pytest.raises(
        ValueError, match=re.escape("its pinned_connections name dam-b, a connection it does not")
    ):
        plan_from_dict(plan_to_dict(_pinning("dam-b")))


def test_pinned_connections_in_a_plan_older_than_1_16_are_refused_as_edited() -> None:
    document = plan_to_dict(_pinning("dam-a")) | {"format_version": "1.15", "iotplan_version": "0.0.9"}
    with pytest.raises(
        ValueError, match=re.escape("but it holds pinned_connections, which plans hold since 1.16")
    ):
        plan_from_dict(document)


def test_a_pinned_connection_listed_twice_is_refused_as_edited() -> None:
    document = plan_to_dict(_pinning("dam-a")) | {"pinned_connections": ["dam-a", "dam-a"]}
    with pytest.raises(ValueError, match=re.escape("its pinned_connections name dam-a twice")):
        plan_from_dict(document)


def test_null_pinned_connections_in_a_1_16_plan_are_refused_as_edited() -> None:
    document = plan_to_dict(_pinning()) | {"pinned_connections": None}
    with pytest.raises(ValueError, match=re.escape("its pinned_connections are null")):
        plan_from_dict(document)
