"""`IOTPALN_ENDPOINT=https://staging... IOTPLAN_API_KEY=...` planned on https://iiot.bentley.com, and
`IOT_PLAN_API_KEY=... iotplan apply` applied to the embedded demo platform: only IOTPLAN_* names
were looked at. A name close to one iotplan reads, whatever its prefix, is refused naming it (quoted,
with `env -u` to clear it, when it holds more than letters, digits and `_`: bash cannot unset it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.errors import IotplanError


@pytest.mark.parametrize(
    ("name", "meant", "shown", "cleared"),
    [
        ("IOTPALN_ENDPOINT", "IOTPLAN_ENDPOINT", "IOTPALN_ENDPOINT", "unset IOTPALN_ENDPOINT"),
        ("IOT_PLAN_API_KEY", "IOTPLAN_API_KEY", "IOT_PLAN_API_KEY", "unset IOT_PLAN_API_KEY"),
        ("IOTPLANAPI_KEY", "IOTPLAN_API_KEY", "IOTPLANAPI_KEY", "unset IOTPLANAPI_KEY"),
        (
            "iotplan-client-secret",
            "IOTPLAN_CLIENT_SECRET",
            "'iotplan-client-secret'",
            "env -u 'iotplan-client-secret' iotplan ...",
        ),
    ],
)
def test_a_name_close_to_one_read_under_another_prefix_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, meant: str, shown: str, cleared: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IotplanError) as raised:
        choose_target(TargetOptions(), {name: "staging-or-key", "IOTPLAN_TOKEN": "real-token-123"})
    said = str(raised.value)
    assert said.startswith(f"{shown} (did you mean {meant}?) is set, but iotplan reads no such variable, so ")
    assert said.endswith(f"(`{cleared}`)") and "staging-or-key" not in said
