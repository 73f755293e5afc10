"""Secret references resolve from the environment; empty is as good as unset."""

from __future__ import annotations

import pytest

from iotplan.errors import IotplanError
from iotplan.secrets import lookup_secret, require_secret


def test_a_reference_resolves_from_the_environment() -> None:
    assert lookup_secret("${env:SITE_TOKEN}", {"SITE_TOKEN": "abc"}) == "abc"


@pytest.mark.parametrize("environ", [{}, {"SITE_TOKEN": ""}])
def test_unset_or_empty_is_refused(environ: dict[str, str]) -> None:
    assert lookup_secret("${env:SITE_TOKEN}", environ) is None
    with pytest.raises(IotplanError, match=r"SITE_TOKEN\} is not set \(or empty\)"):
        require_secret("${env:SITE_TOKEN}", environ)


@pytest.mark.parametrize("name", ["IOTPLAN_CLIENT_SECRET", "IOTPLAN_TOKEN", "iotplan_api_key"])
def test_iotplan_own_credentials_are_never_resolved_even_when_set(name: str) -> None:
    with pytest.raises(IotplanError, match="own credentials"):
        lookup_secret(f"${{env:{name}}}", {name: "the-client-secret"})
