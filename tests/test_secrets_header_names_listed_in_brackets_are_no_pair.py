"""Two header names a message lists in a bracket (`missing headers: ['x-api-key', 'x-request-id']`) are no
credential header's pair: the second names a header, so it is no value, and is kept. Before, it was masked
(`['x-api-key', '(sensitive)']`). A real pair's value is still masked."""

from __future__ import annotations

import pytest

from tests.secrets_readers import READERS, as_json_debug_line

ALL = [*READERS, as_json_debug_line]


@pytest.mark.parametrize("read", ALL)
@pytest.mark.parametrize(
    "said",
    [
        "missing headers: ['x-api-key', 'x-request-id']",
        "missing headers: ('cookie', 'x-request-id')",
        'required: ["Authorization", "X-Correlation-Id"]',
        "one of ('x-api-key', 'authorization')",
        "allowed: ['cookie', 'content-type']",
    ],
)
def test_header_names_listed_in_a_bracket_are_kept(read, said: str) -> None:
    shown = read(said)  # a debug line escapes the double quotes: each name read, and nothing masked
    assert "(sensitive)" not in shown and said.split()[-1].strip("'\"[]()") in shown, shown


@pytest.mark.parametrize("read", ALL)
@pytest.mark.parametrize(
    "said",
    [
        "[('x-api-key', 'k8f14e45fceeaTAIL9')]",
        "[('x-api-key', 'correct-horse-battery')]",
        "[('cookie', 'sid=8f14e45fceea')]",
        "[('x-api-key', 'x8f14e45fceea-request')]",
    ],
)
def test_a_pairs_value_shaped_otherwise_is_still_masked(read, said: str) -> None:
    value = said.split("', '")[1].split("'")[0]
    assert value not in read(said), read(said)
