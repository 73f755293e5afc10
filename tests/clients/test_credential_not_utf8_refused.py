"""A credential variable holding bytes that are not UTF-8 (`os.environ` reads byte 0xFF as `\\udcff`) is
refused before any request, naming the variable, never the value: no Authorization header nor token
form can carry it, and the run ended `Error: unexpected UnicodeEncodeError`."""

from __future__ import annotations

import pytest

from iotplan.clients.auth import credential_from_env
from iotplan.errors import IotplanError

CANARY = "CANARY-4e1d9f"


@pytest.mark.parametrize(
    "environ",
    [
        {"IOTPLAN_API_KEY": f"{CANARY}\udcff"},
        {"IOTPLAN_TOKEN": f"{CANARY}\udcff"},
        {"IOTPLAN_CLIENT_ID": f"{CANARY}\udcff", "IOTPLAN_CLIENT_SECRET": "client-secret-1234"},
        {"IOTPLAN_CLIENT_ID": "client-id", "IOTPLAN_CLIENT_SECRET": f"{CANARY}\udcff"},
    ],
)
def test_a_credential_of_bytes_not_utf8_is_refused_naming_its_variable(environ: dict[str, str]) -> None:
    name = next(name for name, value in environ.items() if CANARY in value)
    with pytest.raises(IotplanError, match=f"^{name} holds bytes that are not UTF-8") as caught:
        credential_from_env(environ)
    assert CANARY not in str(caught.value)
