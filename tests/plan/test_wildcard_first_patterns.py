"""--target and --exclude patterns that begin with a wildcard (`*/d1`, `*/*/s3`, `c?/d1`) select what
trying each pattern on each address selects, and an address is tried only against those that could
match it: the work is counted, never timed.

Property-based (hypothesis, a fixed derandomized set of examples): the index must never change what
matches, which pattern is named as matching nothing, nor the order of the messages."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iotplan.plan.select
from iotplan.errors import IotplanError
from iotplan.plan.address import Address
from iotplan.plan.model import Action, Change
from iotplan.plan.select import _Patterns, select_changes
from tests.plan.test_plan_work_grows_with_the_plan import Counter
from tests.render.plans import change

SIZE = 300
# Few letters, so patterns and addresses share text often; every character fnmatch reads specially.
GLOBS = st.text(alphabet="ab1/*?[]!-", max_size=8)
KEYS = st.text(alphabet="ab1[]!-*?", min_size=1, max_size=3)
ADDRESSES = st.lists(KEYS, min_size=1, max_size=3).map("/".join)
SETTINGS = settings(max_examples=300, deadline=None, derandomize=True)


class _EveryGlob:
    """The matching the index stands for: every pattern tried on every address."""

    def __init__(self, globs: Iterable[str]) -> None:
        self._globs = list(dict.fromkeys(globs))

    def matching(self, address: str) -> Iterator[str]:
        return (glob for glob in self._globs if fnmatchcase(address, glob))

    def match(self, address: str) -> bool:
        return next(self.matching(address), None) is not None


@SETTINGS
@given(globs=st.lists(GLOBS, max_size=6), addresses=st.lists(ADDRESSES, min_size=1, max_size=6))
def test_the_index_finds_the_patterns_each_address_matches(globs: list[str], addresses: list[str]) -> None:
    indexed, every = _Patterns(globs), _EveryGlob(globs)
    for address in addresses:
        assert sorted(indexed.matching(address)) == sorted(every.matching(address)), address
        assert indexed.match(address) == every.match(address), address


def _plan(addresses: list[str], actions: list[Action]) -> list[Change]:
    """A change for each address and its ancestors; a removal or replacement takes those beneath it."""
    every = dict.fromkeys(each for address in addresses for each in Address(address).self_and_ancestors())
    ordered = sorted(every, key=lambda address: address.count("/"))
    return [
        change(
            address,
            action,
            "drawn",
            collateral=tuple(a for a in ordered if a.is_within(address) and a != address)
            if action.destroys
            else (),
        )
        for address, action in zip(ordered, actions * len(ordered), strict=False)
    ]


def _outcome(changes: list[Change], targets: list[str], excludes: list[str]) -> object:
    try:
        return [(each.address, each.action) for each in select_changes(changes, targets, excludes)]
    except IotplanError as refused:
        return type(refused), str(refused)


@SETTINGS
@given(
    addresses=st.lists(ADDRESSES, min_size=1, max_size=6),
    actions=st.lists(
        st.sampled_from([Action.CREATE, Action.UPDATE, Action.REPLACE, Action.REMOVE]), min_size=1
    ),
    targets=st.lists(GLOBS, max_size=3),
    excludes=st.lists(GLOBS, max_size=3),
)
def test_a_selection_is_what_trying_every_pattern_selects(
    addresses: list[str], actions: list[Action], targets: list[str], excludes: list[str]
) -> None:
    changes = _plan(addresses, actions)
    indexed = _outcome(changes, targets, excludes)
    with mock.patch.object(iotplan.plan.select, "_patterns", _EveryGlob):
        assert indexed == _outcome(changes, targets, excludes)


def test_patterns_beginning_with_a_wildcard_are_tried_only_where_their_end_could_match(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    changes = [change(f"c{site}/d{site}/s1", Action.CREATE, "not on the platform") for site in range(SIZE)]
    targets = [f"*/d{site}" for site in range(SIZE)]
    excludes = [f"c*/d{site}/s1" for site in range(0, SIZE, 2)]
    tried = Counter()
    monkeypatch.setattr(iotplan.plan.select, "fnmatchcase", tried.counting(fnmatchcase))
    with pytest.raises(IotplanError, match=r"^--exclude '\*/\*/s9' matches no address"):
        select_changes(changes, targets, [*excludes, "*/*/s9"])
    selected = select_changes(changes, targets, excludes)
    assert [each.address for each in selected] == [f"c{site}/d{site}/s1" for site in range(1, SIZE, 2)]
    assert tried.count <= 20 * len(changes), tried.count
