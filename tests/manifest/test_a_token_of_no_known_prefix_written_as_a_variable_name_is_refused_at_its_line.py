"""A token of no prefix iotplan knows, pasted where a secret reference's variable name goes
(`${env:sk_test_4eC39HqLyjWDarjtT1zdp7dc}`), is refused at its line and column, never echoed: a
variable's name is made of words, as a token of a known prefix (`ghp_`) is."""

from __future__ import annotations

import pytest

from tests.manifest.declared_credentials import refusal_of, with_auth_token

TOKENS = [
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",  # mixes lower and upper case with digits
    "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",  # 40 hex digits starting with a letter
    "AIzaSyB1c2D3e4F5g6H7i8J9k0LmNoPqRsTuVwX",
    "npm_1a2b3c4d5e6f7g8h9i0jklmnopqrstuvwxyz",  # one case, a run mixing letters and digits
    "xoxb_2213154624535_2189431357925_PbhIHRZPBaAaHnUWFkqwpx",  # a 16+ run of letters with no words in it
    "eyJhbGciOiJIUzI1NiJ9",
]


@pytest.mark.parametrize("token", TOKENS)
def test_a_token_of_no_known_prefix_written_as_a_variable_name_is_refused_at_its_line(token: str) -> None:
    problem, shown = refusal_of(with_auth_token(token))
    assert (problem.line, problem.column) == (7, 21), str(problem)
    assert "where the variable's name goes" in problem.message
    assert token not in shown and token[-12:] not in shown
