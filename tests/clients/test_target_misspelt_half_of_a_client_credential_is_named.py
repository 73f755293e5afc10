"""`IOTPLAN_CLIENT_ID=a IOTPLAN_CLIENT_SECRT=s` said "IOTPLAN_CLIENT_ID needs IOTPLAN_CLIENT_SECRET", the
half misspelt never named: the credential's error came before the refusal of the variables iotplan
does not read. They are refused first, with the credential's error as what would have happened."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.errors import IotplanError


@pytest.mark.parametrize(
    ("environ", "said"),
    [
        (
            {"IOTPLAN_CLIENT_ID": "a", "IOTPLAN_CLIENT_SECRT": "s"},
            "IOTPLAN_CLIENT_SECRT (did you mean IOTPLAN_CLIENT_SECRET?) is set, but iotplan reads no such "
            "variable, so the run would stop (IOTPLAN_CLIENT_ID needs IOTPLAN_CLIENT_SECRET): ",
        ),
        (
            {"IOTPLAN_CLIENTID": "a", "IOTPLAN_CLIENT_SECRET": "s"},
            "IOTPLAN_CLIENTID (did you mean IOTPLAN_CLIENT_ID?) is set, but iotplan reads no such variable, "
            "so the run would stop (IOTPLAN_CLIENT_SECRET set without IOTPLAN_CLIENT_ID: ",
        ),
    ],
    ids=["secret misspelt", "client id misspelt"],
)
def test_a_misspelt_half_of_a_client_credential_is_named(
    environ: dict[str, str], said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IotplanError) as raised:
        choose_target(TargetOptions(), environ)
    assert str(raised.value).startswith(said)
