"""`IOTPLAN_API_URL=https://staging... iotplan apply` with the credential not yet set went to the
embedded demo platform and exited 0, having written nowhere real. With no endpoint nor credential,
a variable iotplan does not read is refused, saying the run would go to the embedded demo platform,
before its database is made."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.errors import IotplanError


def test_an_unread_variable_with_no_credential_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IotplanError) as raised:
        choose_target(TargetOptions(), {"IOTPLAN_API_URL": "https://staging.example.invalid"})
    assert str(raised.value) == (
        "IOTPLAN_API_URL is set, but iotplan reads no such variable, so with no endpoint nor credential "
        "given the run would go to the embedded demo platform: rename it, or unset it if it is not meant for "
        "iotplan, or name it without the IOTPLAN_ prefix (`unset IOTPLAN_API_URL`)"
    )
    assert not (tmp_path / ".iotplan").exists()
