"""A URL query's value or a scheme's token holding a blank beyond ASCII (a no-break, an ideographic, a
line separator's space a copy put there) is masked whole, as a label's value is: ended at the blank,
its tail was shown (`?token=(sensitive)\\u00a0def`, `Bearer (sensitive)\\u00a0uvwxyz123456`). Any
blank still parts a scheme's word from its token (`Bearer\\u00a0eyJ...`)."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact

BLANKS = ["\u00a0", "\u3000", "\u2028", "\u0085", "\u202f"]


@pytest.mark.parametrize("blank", BLANKS)
@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("GET /x?token=abc{b}def&y=1", "GET /x?token=(sensitive)&y=1"),
        ("https://h/x?api_key=abc{b}def", "https://h/x?api_key=(sensitive)"),
        ("https://h/x?access_token=abc{b}def#y", "https://h/x?access_token=(sensitive)#y"),
        ("https://h/x?password=Sup3r{b}Secret&y=1", "https://h/x?password=(sensitive)&y=1"),
    ],
)
def test_a_query_value_holding_such_a_blank_is_masked_whole(blank: str, said: str, shown: str) -> None:
    assert redact(said.format(b=blank)) == shown


@pytest.mark.parametrize("blank", BLANKS)
@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("Bearer abcdefghijklmnopqrst{b}uvwxyz123456", "Bearer (sensitive)"),
        ("Basic dXNlcjpw{b}YXNzd29yZA==", "Basic (sensitive)"),
        ("Bearer abcdefghij{b}klmnop123 was refused", "Bearer (sensitive) was refused"),
    ],
)
def test_a_schemes_token_holding_such_a_blank_is_masked_whole(blank: str, said: str, shown: str) -> None:
    assert redact(said.format(b=blank)) == shown


@pytest.mark.parametrize("blank", BLANKS)
def test_such_a_blank_after_the_scheme_still_parts_it_from_its_token(blank: str) -> None:
    said = f"Bearer{blank}eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln refused"
    assert redact(said) == f"Bearer{blank}(sensitive) refused"
