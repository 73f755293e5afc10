"""The fast path of the last lock before a write (secrets.py `refuse_masked_props`: `_may_hold_masked`,
one dump) never lets through what the lock's walk refuses: whenever it says no text can hold
"(sensitive)", the walk of every value (`_holds_masked`) finds none either.

Property-based (hypothesis, a fixed derandomized set of examples), with the texts the lock looks for
(`=(sensitive)`, `(sensitive)@`) among the values, in keys, and around quotes, backslashes and
controls, which JSON escapes.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan.errors import IotplanError
from iotplan.secrets import _holds_masked, _may_hold_masked, refuse_masked_props

TEXTS = st.text(max_size=8) | st.sampled_from(
    ["=(sensitive)", "(sensitive)@h", 'a"=(sensitive)', "\\=(sensitive)\n", "x\x00(sensitive)@", "\ud800"]
)
SCALARS = st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats() | TEXTS
VALUES = st.recursive(
    SCALARS,
    lambda held: (
        st.lists(held, max_size=3)
        | st.tuples(held, held)
        | st.dictionaries(TEXTS, held, max_size=3)
        | st.dictionaries(st.integers(), held, max_size=2)
    ),
    max_leaves=8,
)


def _walked(props: dict[str, Any]) -> bool:
    """What the lock's walk finds, the fast path apart."""
    return any(_holds_masked(value) for value in props.values())


def _refused(props: dict[str, Any]) -> bool:
    try:
        refuse_masked_props("c/d", props)
    except IotplanError:
        return True
    return False


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.dictionaries(TEXTS, VALUES, max_size=4))
def test_props_let_through_by_the_fast_path_are_never_refused(props: dict[str, Any]) -> None:
    assert _may_hold_masked(props) or not _walked(props)


@pytest.mark.parametrize(
    "props",
    [
        {"URL": "https://feed.example/x?next=https://(sensitive)@h.example"},
        {"NAME": "PZ ?token=(sensitive)"},
        {"UNKNOWN_METRICS": {"0": "level https://(sensitive)@m.example"}},
        {"LIST": [("a", ["b", "k=(sensitive)"])]},
    ],
)
def test_props_the_lock_refuses_are_asked_the_slow_way(props: dict[str, Any]) -> None:
    assert _may_hold_masked(props) and _walked(props) and _refused(props)
