"""A secret variable holding bytes that are not UTF-8 (`os.environ` hands them over as lone surrogates,
`\\udcff`) is refused naming the variable, never the value, and its value is masked all the same: it
crashed with a UnicodeEncodeError, and a refused value was never held."""

from __future__ import annotations

import pytest

from iotplan.errors import IotplanError
from iotplan.secrets import MASKED, forget_all, lookup_secret, mask_known

VALUE = "abcd\udcffefghijklmnop"


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


def test_a_secret_of_bytes_not_utf8_is_refused_naming_the_variable_and_masked() -> None:
    with pytest.raises(IotplanError, match=r"\$\{env:FEED_TOKEN\} holds bytes that are not UTF-8") as refused:
        lookup_secret("${env:FEED_TOKEN}", {"FEED_TOKEN": VALUE})
    assert "abcd" not in str(refused.value)
    assert mask_known(f"token {VALUE} unknown") == f"token {MASKED} unknown"
