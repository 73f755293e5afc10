"""A text holding a secret under two layers of encoding (HTML-escaped, then percent-encoded) is decoded
whole once a layer, and each decoding searched once: searched again to map its spans back (and with
`+` read as a space, where the text holds none), each layer doubled the cost of those under it, and
a log of 111,100 lines each holding the key cost 106 s of CPU. Counted, not timed."""

from __future__ import annotations

import html
import urllib.parse

import pytest

from iotplan import secrets
from iotplan.secrets import MASKED, forget_all, mask_known, remember

KEY = "kX9q&PzW2mN4rT8vB"
ENCODED = urllib.parse.quote(html.escape(KEY), safe="")  # kX9q%26amp%3BPzW2mN4rT8vB


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


@pytest.mark.parametrize(
    "text",
    [
        f"row 7: Salt and pepper key={ENCODED} refused",
        f"key={ENCODED}",  # one run: read whole, not as its run again
    ],
)
def test_each_decoding_of_a_text_is_searched_once(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    remember(KEY)
    searched: list[str] = []
    held_spans = secrets._held_spans

    def counted(read: str, layers: int) -> list[tuple[int, int]]:
        searched.append(read)
        return held_spans(read, layers)

    monkeypatch.setattr(secrets, "_held_spans", counted)
    assert mask_known(text) == text.replace(ENCODED, MASKED)
    percent_decoded = urllib.parse.unquote(text)
    assert searched.count(percent_decoded) == 1
    assert searched.count(html.unescape(percent_decoded)) == 1
