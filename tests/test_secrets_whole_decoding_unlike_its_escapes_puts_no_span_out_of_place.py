"""A text's spans found in it decoded whole (html.unescape in one call) are mapped back through the places
of its escapes decoded one by one: were the two decodings ever unlike (none known: each decodes a
reference alike), the spans of the one whose places they are would be searched, not put out of place
(a secret's last characters shown, a word beside it hidden)."""

from __future__ import annotations

import html

import pytest

from iotplan import secrets
from iotplan.secrets import MASKED, forget_all, mask_known, remember

KEY = "kX9q&PzW2mN4rT8vB"


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


def test_spans_of_a_whole_decoding_unlike_its_escapes_are_not_put_out_of_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember(KEY)
    ((escape, decoded, whole),) = secrets._HTML_DECODINGS
    unlike = (escape, decoded, lambda text: "~~~~" + whole(text))  # every place 4 characters on
    monkeypatch.setattr(secrets, "_HTML_DECODINGS", (unlike,))
    text = f"Tom &amp; Jerry {html.escape(KEY)} &amp; friends"
    assert mask_known(text) == f"Tom &amp; Jerry {MASKED} &amp; friends"
