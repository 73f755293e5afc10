"""What tells a page's items apart (clients/paging.py `_identities`), read for a whole page at once
where every item is a reader's record with a text id, is each item's `_identity` all the same:
whatever the items are (JSON objects, records, texts), with ids of any kind or none.

Property-based (hypothesis, a fixed derandomized set of examples)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan.clients import paging
from iotplan.live.model import LiveEntity

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True)
IDS = st.one_of(st.sampled_from(["s1", "s2", ""]), st.none(), st.integers(0, 2))


class _Text(str):
    """Text of a subclass: `_identity` takes it for an id, as it takes any `str`."""


class _Answer(dict[str, Any]):
    """A JSON object with an `id` attribute besides: `_identity` reads the object's own id."""

    id = "attribute"


ITEMS = st.one_of(
    IDS.map(lambda found: {"id": found}),
    IDS.map(lambda found: SimpleNamespace(id=found)),
    IDS.map(lambda found: LiveEntity(found, {})),  # type: ignore[arg-type]
    st.just(SimpleNamespace()),
    st.sampled_from(["s1", 3, None]),
    st.just(SimpleNamespace(id=_Text("s1"))),
    IDS.map(lambda found: _Answer(id=found)),
)


@SETTINGS
@given(batch=st.lists(ITEMS, max_size=5))
def test_a_page_s_identities_are_each_item_s(batch: list[Any]) -> None:
    assert paging._identities(batch) == [paging._identity(item) for item in batch]


def test_records_with_text_ids_are_told_apart_by_them_without_a_call_an_item(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The property above holds trivially if every page went item by item: a reader's page must not."""
    monkeypatch.setattr(paging, "_identity", None)
    assert paging._identities([LiveEntity("s1", {}), LiveEntity("s2", {})]) == ["s1", "s2"]
