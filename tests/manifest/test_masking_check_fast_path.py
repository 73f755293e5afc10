"""Each masking check of a text field passes text holding no '@', '=' nor ':', no token's prefix
nor a scheme's word without asking masking (manifest/text.py): it must answer what the full check
answers, for any text, in the field's words.

Property-based (hypothesis, a fixed derandomized set of examples), from pieces of what masking
reads (URLs, user info, parameters named like a credential, what it writes) and from any text.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan.manifest import text
from iotplan.secrets import (
    MASKED,
    SHORTEST_BARE_TOKEN,
    holds_a_bare_token,
    holds_masked_credential,
    masking_may_read,
    may_hold_a_bare_token,
    may_name_a_credential,
    url_masking_reads,
    without_url_credentials,
)

Check = Callable[[str], str]


def _full(
    consequence: str, masked_cure: str = "", only_named: str = "", *, identifier: bool = False
) -> Check:
    return lambda value: text._unchanged_by_masking(
        value, consequence, masked_cure, only_named, identifier=identifier
    )


# Each check with the full check it stands for, in the words that field's refusals use.
CHECKS: dict[str, tuple[Check, Check]] = {
    "text": (
        text._text_unchanged_by_masking,
        _full(text._NOT_IN_TEXT, text._MASKED_TEXT_CURE, text._ONLY_NAMED_LIKE_ONE),
    ),
    "ref": (
        text._ref_unchanged_by_masking,
        # an identifier may be a refId (`token:h.example`, of stack `token`), as the check reads it
        _full(text._NOT_IN_AN_IDENTIFIER, f", {text._NOT_IN_AN_IDENTIFIER}", identifier=True),
    ),
    "url": (
        text._url_unchanged_by_masking,
        _full(text._NOT_IN_A_MANIFEST, text._MASKED_TEXT_CURE, text._ONLY_NAMED_LIKE_ONE),
    ),
}

PIECES = (
    "https://",
    "ssh://git",
    "u:PW1",
    "@",
    "=",
    "%40",
    "h.example",
    "/path",
    ";jsessionid",
    "?",
    "&",
    "#",
    "token",
    "api_key",
    "access_token",
    "sig",
    MASKED,
    " ",
    "'",
    "x",
    ":",
    "Password",
    "Bearer ",
    "baſic ",
    "dXNlcjpwdzE",
    "k8977",
    # a token's prefixes and body: a key or name as long as the shortest token or longer
    "eyJ",
    "ghp_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "sk_live_",
    "AKIA",
    "ASIA",
    "A1B2C3D4E5F6G7H8",
    ".",
    "BASIC ",
    "apiKey",
)
TEXTS = st.one_of(st.lists(st.sampled_from(PIECES), max_size=8).map("".join), st.text(max_size=40))


def answer(check: Check, value: str) -> str:
    try:
        return f"passed {check(value)!r}"
    except ValueError as error:
        return f"refused: {error}"


@pytest.mark.parametrize("field", CHECKS)
@settings(max_examples=500, derandomize=True, deadline=None)
@given(TEXTS)
def test_the_check_answers_as_the_full_check(field: str, value: str) -> None:
    fast, full = CHECKS[field]
    assert answer(fast, value) == answer(full, value)


@settings(max_examples=500, derandomize=True, deadline=None)
@given(TEXTS.map(lambda value: value.replace("@", "").replace("=", "")))
def test_masking_changes_no_text_without_an_at_sign_or_equals_sign(value: str) -> None:
    """What the fast path rests on, in masking's own terms (secrets.py)."""
    assert without_url_credentials(value) == value
    assert not holds_masked_credential(value)


@pytest.mark.parametrize(
    "value",
    [
        "https://u:PW1@h.example",
        "https://h.example/?token=TK2",
        f"https://{MASKED}@h.example",
        f"?key={MASKED}",
        "Password: PW1",
        "Bearer k8977f3a9c2b1d4e6",  # a bearer token is 16 characters at least
        "basıc dXNlcjpwdzE",
    ],
)
@pytest.mark.parametrize("field", CHECKS)
def test_text_masking_reads_is_still_refused(field: str, value: str) -> None:
    fast, full = CHECKS[field]
    assert answer(fast, value).startswith("refused: ")
    assert answer(fast, value) == answer(full, value)


@settings(max_examples=1000, derandomize=True, deadline=None)
@given(TEXTS)
def test_masking_may_read_is_the_three_tests_it_stands_for(value: str) -> None:
    """secrets.py masking_may_read, one call for the checks above, asks what the three did."""
    assert masking_may_read(value) == (
        url_masking_reads(value) or may_hold_a_bare_token(value) or may_name_a_credential(value)
    )


@settings(max_examples=500, derandomize=True, deadline=None)
@given(TEXTS)
def test_an_identifier_asked_again_is_answered_again(value: str) -> None:
    """A Ref's check remembers (a bounded cache) only whether masking may read a value: asked twice,
    a refused identifier is refused twice, in the same words, and a passed one passed."""
    fast, full = CHECKS["ref"]
    assert answer(fast, value) == answer(fast, value) == answer(full, value)


@settings(max_examples=500, derandomize=True, deadline=None)
@given(TEXTS)
def test_a_segment_is_refused_exactly_when_it_holds_a_bare_token(value: str) -> None:
    """A key, stack or serial shorter than any token passes without the search: no other passes."""
    try:
        text.segment_holds_no_bare_token(value)
    except ValueError:
        assert holds_a_bare_token(value)
    else:
        assert not holds_a_bare_token(value)


@pytest.mark.parametrize("token", ["xoxb-1234567890", "eyJhbGciOiJIUzI1.eyJzdWIi.", "AKIAIOSFODNN7EXAMPLE"])
def test_the_shortest_tokens_are_still_refused_as_segments(token: str) -> None:
    assert len(token) >= SHORTEST_BARE_TOKEN
    with pytest.raises(ValueError, match="a credential known by its shape"):
        text.segment_holds_no_bare_token(token)
