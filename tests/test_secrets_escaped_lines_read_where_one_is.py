"""A long text holding escapes is decoded whole a layer at a time, each distinct text searched once
and a text decoded again only while a decoding changes it, and, holding a secret decoded, read run by
run only in the part (of a few lines) that holds it: 111,100 lines of `&amp;` with one token in one
line cost 24 s, not 1.4. Counted, not timed."""

from __future__ import annotations

import html
import urllib.parse

import pytest

from iotplan import secrets
from iotplan.secrets import MASKED, forget_all, mask_known, remember

KEY = "kX9qPzW2mN4rT8vB"
AMPERSAND_KEY = "kX9q&PzW2mN4rT8vB"
LINES = [f"row {i}: Salt &amp; pepper, Q&amp;A at site-{i}%20ok" for i in range(2000)]


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


def _counted(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    read: list[str] = []
    function = getattr(secrets, name)

    def counted(text: str, *rest: object) -> object:
        read.append(text)
        return function(text, *rest)

    monkeypatch.setattr(secrets, name, counted)
    return read


def test_a_text_holding_no_secret_is_searched_once_for_each_distinct_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember(KEY)
    searched = _counted(monkeypatch, "_may_hold")
    text = "\n".join(LINES)
    assert mask_known(text) == text
    # At most: as written, percent-decoded, HTML-decoded, and both (either way first: one text). `Q&A`
    # decoded is `Q&A` again: no layer more.
    assert len(searched) <= 4


def test_a_long_text_holding_one_secret_is_read_run_by_run_only_near_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remember(AMPERSAND_KEY)
    runs = _counted(monkeypatch, "_run_spans")
    line = "x=" + urllib.parse.quote(html.escape(AMPERSAND_KEY), safe="")  # kX9q%26amp%3BPzW2...
    text = "\n".join([*LINES, line, *LINES])
    assert mask_known(text) == "\n".join([*LINES, f"x={MASKED}", *LINES])
    assert 0 < len(runs) < 5000  # of the 8,000 lines, those of one part of 4,096 characters; 96,000 before
