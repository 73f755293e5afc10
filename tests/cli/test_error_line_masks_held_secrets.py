"""The error line is the last net for a held secret: a message quoting its value (a saved plan edited
so that an address carries the token, which the apply's stale-plan refusal names) shows it masked."""

from __future__ import annotations

import pytest

from iotplan.cli.main import _exit_for
from iotplan.errors import IotplanError
from iotplan.secrets import remember

TOKEN = "tok-secret-123"


def test_a_held_secret_in_an_error_is_masked(capsys: pytest.CaptureFixture[str]) -> None:
    remember(TOKEN)
    _exit_for(IotplanError(f"the platform changed since the plan was made (n1/d1/s9{TOKEN})"), False)
    said = capsys.readouterr().err
    assert TOKEN not in said
    assert said.startswith("Error: the platform changed since the plan was made (n1/d1/s9(sensitive)")
