"""holds_a_bare_token skips the search where no token's part is in the text: the skip must never
change the answer, whatever shapes _BARE_TOKEN learns later."""

from hypothesis import given
from hypothesis import strategies as st

from iotplan.secrets import _BARE_TOKEN, holds_a_bare_token

TOKENS = [
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "github_pat_" + "a" * 30,
    "glpat-" + "b" * 20,
    "xoxb-" + "c" * 10,
    "sk_live_" + "D" * 16,
    "AKIA" + "E" * 16,
    "ASIA" + "F" * 16,
]
# Pieces of tokens and of platform ids, so that random texts come near both.
PIECES = st.sampled_from(
    [
        *TOKENS,
        "/api/3BBA1C/node",
        "/dynamic/",
        "9CB355",
        "quickstart:dam-a",
        " ",
        "x",
        "_",
        "-",
        ".",
        "eyJ",
        "AKIA",
    ]
)


@given(st.lists(PIECES, max_size=6).map("".join))
def test_the_skip_answers_as_the_search(text: str) -> None:
    assert holds_a_bare_token(text) == (_BARE_TOKEN.search(text) is not None)


def test_each_shape_is_told() -> None:
    assert all(holds_a_bare_token(f"id {token} end") for token in TOKENS)


def test_a_platform_id_is_not_a_token() -> None:
    assert not holds_a_bare_token("/api/3BBA1C/node/dynamic/9CB355/device/CB5296/sensor")
