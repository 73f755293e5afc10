"""`mask_known` with no secret held returns the text before any search, and `_may_hold` makes no
search of a secret's pieces apart while they are looked for with its starts: both say what the
searches they skip would have said (iotplan/secrets.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan import secrets

TOKEN = "eyJhbGciOiJIUzI1NiJ9.Zm9vYmFyYmF6cXV4.c2lnbmF0dXJlLXRoYXQtaXMtbG9uZw"  # hundreds of pieces: apart
HELD = {
    "nothing": [],
    "a short key": ["k3y-Alph"],
    "a key": ["k3y-Alpha-0042"],
    "a token": [TOKEN],
    "all": ["k3y-Alph", TOKEN],
}
TEXTS = st.lists(
    st.sampled_from([*"k3yAlph-042%20 :=", TOKEN[:12], TOKEN[20:36], "%6B", "key"]), max_size=12
).map("".join)


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    secrets.forget_all()
    yield
    secrets.forget_all()


@pytest.mark.parametrize("held", HELD)
@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=TEXTS)
def test_what_is_masked_and_what_may_hold_a_secret_are_what_every_search_says(held: str, text: str) -> None:
    secrets.forget_all()
    for value in HELD[held]:
        secrets.remember(value)
    assert secrets._may_hold(text) == _may_hold_by_every_search(text)
    assert secrets.mask_known(text) == _masked_by_every_search(text)


def _may_hold_by_every_search(text: str) -> bool:
    return secrets._looked_for.search(text) is not None or any(
        map(secrets._holds_a_piece, secrets._runs_read_apart.findall(text))
    )


def _masked_by_every_search(text: str) -> str:
    spans = secrets._spans_as_written(text) if secrets._known else []
    if "%" in text and secrets._known and re.search(r"%[0-9A-Fa-f]", text):
        encoded = (secrets._PERCENT_ENCODED, secrets._PERCENT_DECODINGS)
        spans += secrets._decoded_spans(text, *encoded, secrets._DECODED_LAYERS)
    return secrets._spans_masked(text, spans) if spans else text
