"""`IOTPLAN_RATE_LIMIT=1/min iotplan plan` planned unpaced: the name was known (a GitLab example's
own variable) but never read, so it was neither used nor refused. The example names it RATE_LIMIT
now, and iotplan refuses it like any IOTPLAN_* name it does not read."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.errors import IotplanError


def test_iotplan_rate_limit_is_refused_not_silently_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IotplanError, match=r"^IOTPLAN_RATE_LIMIT is set, but iotplan reads no such variable"):
        choose_target(TargetOptions(), {"IOTPLAN_RATE_LIMIT": "1/min"})
