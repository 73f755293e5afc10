"""The refusal a target chosen from the environment alone meets, for the tests of what it says."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.errors import IotplanError


def refused(environ: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """What choosing the target from `environ`, in `tmp_path`, is refused with."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IotplanError) as raised:
        choose_target(TargetOptions(), environ)
    return str(raised.value)
