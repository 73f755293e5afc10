"""Secret references resolve from the environment; empty is as good as unset."""

from __future__ import annotations

import pytest

from iotplan.errors import IotplanError
from iotplan.secrets import SHORTEST_MASKED, lookup_secret, require_secret


def test_a_reference_resolves_from_the_environment() -> None:
    assert lookup_secret("${env:SITE_TOKEN}", {"SITE_TOKEN": "abcd"}) == "abcd"


@pytest.mark.parametrize("environ", [{}, {"SITE_TOKEN": ""}])
def test_unset_or_empty_is_refused(environ: dict[str, str]) -> None:
    assert lookup_secret("${env:SITE_TOKEN}", environ) is None
    with pytest.raises(IotplanError, match=r"SITE_TOKEN\} is not set \(or empty\)"):
        require_secret("${env:SITE_TOKEN}", environ)


@pytest.mark.parametrize("name", ["IOTPLAN_CLIENT_SECRET", "IOTPLAN_TOKEN", "iotplan_api_key"])
def test_iotplan_own_credentials_are_never_resolved_even_when_set(name: str) -> None:
    with pytest.raises(IotplanError, match="own credentials"):
        lookup_secret(f"${{env:{name}}}", {name: "the-client-secret"})


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("PastedTok99\n", "ends with a line break"),
        ("PastedTok99\r\n", "ends with a line break"),
        (" PastedTok99 ", "starts or ends with whitespace"),
        ("\tPastedTok99", "starts or ends with whitespace"),
        (" ", "starts or ends with whitespace"),
        ("Pasted\nTok99", "contains a control character"),
        ("Pasted\x1bTok99", "contains a control character"),
    ],
)
def test_a_value_with_a_line_break_padding_or_a_control_character_is_refused_by_name(
    value: str, said: str
) -> None:
    with pytest.raises(IotplanError) as refused:
        lookup_secret("${env:DAM_A_TOKEN}", {"DAM_A_TOKEN": value})
    assert str(refused.value).startswith(f"secret ${{env:DAM_A_TOKEN}} {said}: set the variable again")
    assert "PastedTok99" not in str(refused.value) and "Tok99" not in str(refused.value)


def test_a_space_inside_a_value_is_part_of_it() -> None:
    assert lookup_secret("${env:T}", {"T": "test auth"}) == "test auth"  # the reference's own example


@pytest.mark.parametrize("value", ["Q", "Qz", "Qz9"])
def test_a_value_too_short_to_be_masked_when_echoed_back_is_refused_by_name(value: str) -> None:
    with pytest.raises(IotplanError) as refused:
        lookup_secret("${env:DAM_A_TOKEN}", {"DAM_A_TOKEN": value})
    assert str(refused.value).startswith(
        f"secret ${{env:DAM_A_TOKEN}} is shorter than {SHORTEST_MASKED} characters, too short to be masked"
    )
    assert value not in str(refused.value).replace("DAM_A_TOKEN", "")


def test_a_reference_named_by_a_token_is_refused_without_quoting_it() -> None:
    token = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"
    with pytest.raises(IotplanError) as refused:
        lookup_secret(f"${{env:{token}}}", {token: "the-token-itself"})
    assert "where the variable's name goes" in str(refused.value)
    assert token not in str(refused.value) and token[-12:] not in str(refused.value)
