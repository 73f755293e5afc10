"""A manifest's text fields and masked live text: plans compare a live name, notes, url or custom
metric masked (plan/props.py), so a manifest text that compares equal to a live text masked must
be that very text. Otherwise the plan says "unchanged" and an update writes "(sensitive)" over the
platform's password."""

from __future__ import annotations

import itertools

import pytest
from pydantic import TypeAdapter, ValidationError

from iotplan.manifest.text import Name, Notes, Url
from iotplan.secrets import without_url_credentials

# Pieces of live text another tool may write: URLs with user info or an `@` in their query, and
# what ends a URL or hides where one starts (a quote, a space, `<`, no scheme, a word before it).
PIECES = (
    "https://u:PW1@h.example",
    "https://feed.example.com/it's",
    "feed.example.com/x",
    "?next=",
    " b",
    "<",
    ">",
    "?token=TK2",
    "&api_key=K3",
    "ops@example.com",
    "ssh://git@github.com",
    "x",
)
LIVE_TEXTS = ["".join(pieces) for pieces in itertools.product(PIECES, repeat=3)]
FIELD_TYPES = {"url": Url, "name": Name, "notes": Notes}


@pytest.mark.parametrize("field", FIELD_TYPES)
def test_no_manifest_text_compares_equal_to_a_live_text_it_is_not(field: str) -> None:
    adapter = TypeAdapter(FIELD_TYPES[field])
    accepted = []
    for live in LIVE_TEXTS:
        shown = without_url_credentials(live)
        if shown == live:
            continue
        try:
            adapter.validate_python(shown)
        except ValidationError:
            continue
        accepted.append(shown)
    assert accepted == []
