"""A name or notes of a credential's label and its value written without a blank was refused for
`Token:Ring`, but accepted, and shown in clear on a plan's `+` side, for `Api_Key:Ring`,
`Private_Key:Ring` and `Bearer:hunter2`: a key's label took only a value shaped apart (digits or
signs) and a bearer's only a token's length. Written as a program writes a key (`api_key=`,
`Api_Key:`), a key's label takes a word alone, as `pass=` does; a bearer's glued to its value
takes letters with digits, as a token's does. Refused in a manifest, hidden in views."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.render.secrets import SENSITIVE, unless_hidden
from tests.manifest.test_a_credential_label_and_its_value_alone_is_refused import parsed

GLUED = ["Api_Key:Ring", "Private_Key:Ring", "api_key=Ring", "ApiKey:Ring", "Bearer:hunter2"]


@pytest.mark.parametrize("field", ("name", "notes"))
@pytest.mark.parametrize("value", ["Token:Ring", *GLUED])
def test_it_is_refused_as_token_ring_is(field: str, value: str) -> None:
    with pytest.raises(ManifestError) as refused:
        parsed(field, value)
    assert "holds a credential named" in str(refused.value) or "a credential after" in str(refused.value)
    assert value.split(":")[-1].split("=")[-1] not in str(refused.value)


@pytest.mark.parametrize("value", ["Token:Ring", *GLUED])
def test_views_hide_it_live(value: str) -> None:
    assert unless_hidden(value, field="name") == SENSITIVE


@pytest.mark.parametrize(
    "value", ["Bearer: elastomeric", "Bearer:elastomeric", "Logger key:LG-42", "API key: Ring"]
)
def test_a_bridges_bearer_and_a_loggers_key_are_still_accepted(value: str) -> None:
    assert parsed("name", value) == value
