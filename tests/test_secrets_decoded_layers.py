"""A held secret under more than one layer of encoding (HTML-escaped then percent-encoded, escaped
twice) or as Go's encoding/json writes it (`\\u0026`) is masked; and masking what a decoded run
holds replaces only the secret's span, leaving the rest as the platform wrote it."""

from __future__ import annotations

import html
import json
import urllib.parse

import pytest

from iotplan.secrets import MASKED, forget_all, mask_known, remember

VALUE = 'Zq7&Lm<9>Px"Kv3w'
KEY = "kX9qPzW2mN4rT8vB"


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


def _as_go_writes_json(value: str) -> str:
    return json.dumps(value)[1:-1].replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@pytest.mark.parametrize(
    "echoed",
    [
        urllib.parse.quote(html.escape(VALUE), safe=""),
        html.escape(html.escape(VALUE)),
        urllib.parse.quote(urllib.parse.quote(VALUE, safe=""), safe=""),
        _as_go_writes_json(VALUE),
    ],
    ids=["html-then-percent", "html-twice", "percent-twice", "go-json"],
)
def test_a_secret_under_two_layers_or_as_go_writes_json_is_masked(echoed: str) -> None:
    remember(VALUE)
    assert (
        mask_known(f"GET https://x.example/?m={echoed} failed") == f"GET https://x.example/?m={MASKED} failed"
    )


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"?site=3&region=eu&sect=2&not=1&s={KEY}", f"?site=3&region=eu&sect=2&not=1&s={MASKED}"),
        (f"<td>{html.escape(VALUE)}</td>", f"<td>{MASKED}</td>"),
        (f"<p>&nbsp;{html.escape(VALUE)}&nbsp;</p>", f"<p>&nbsp;{MASKED}&nbsp;</p>"),
        (f'<a href="/x?a=1&amp;b=2">{html.escape(VALUE)}</a>', f'<a href="/x?a=1&amp;b=2">{MASKED}</a>'),
        (f"x=%0a%e2%82%ac&y={urllib.parse.quote(VALUE)}+z", f"x=%0a%e2%82%ac&y={MASKED}+z"),
    ],
)
def test_only_the_secret_is_replaced_in_a_decoded_run(text: str, masked: str) -> None:
    remember(VALUE)
    remember(KEY)
    assert mask_known(text) == masked


def test_a_secret_after_a_legacy_reference_leaves_the_reference_as_written() -> None:
    remember(KEY)
    assert mask_known(f"a&amp{KEY}") == f"a&amp{MASKED}"


def test_a_text_holding_every_mark_of_a_span_is_hidden_whole() -> None:
    remember(KEY)
    assert mask_known(f"\x00\ufdd0\ufdd1\ufdd2 {KEY}") == MASKED
