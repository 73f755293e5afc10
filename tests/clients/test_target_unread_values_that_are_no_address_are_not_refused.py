"""Beside a credential and no endpoint, an unread variable is refused only for holding an address:
a file name, a version, a word, a Docker link's path or a non-HTTP service URL is no target meant,
so the run goes on and the target line names the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import PLATFORM_URL, TargetOptions, choose_target


@pytest.mark.parametrize(
    "value", ["site.yaml", "1.4.2", "C.UTF-8", "staging", "thread-7", "/srv/iotplan", "tcp://10.0.0.5:443"]
)
def test_a_value_that_is_no_address_is_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.chdir(tmp_path)
    choice = choose_target(TargetOptions(), {"IOTPLAN_MANIFEST": value, "IOTPLAN_API_KEY": "real-key-123"})
    assert choice.url == PLATFORM_URL and choice.unread == ("IOTPLAN_MANIFEST",)
