"""A first cut refused a variable iotplan does not read only where its value looked like an address,
and missed the endpoint meant in a quoted URL (`docker run --env-file` keeps the quotes), a Service's
name or a compose host with `_`, while refusing a version, a file name or an e-mail address as one.
No value tells: the name alone is refused, whatever it holds, its value never said."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.errors import IotplanError


@pytest.mark.parametrize(
    "value",
    [
        '"https://staging.example.invalid"',
        "'https://staging.example.invalid'",
        "iotplan-staging",
        "staging_iotplan.internal",
        "staging.example.invalid:8443",
        "10.20.0.7",
        "1.4.2",
        "site.yaml",
        "ops@example.invalid",
        "tcp://10.0.0.5:443",
    ],
)
@pytest.mark.parametrize(
    "credential", [{"IOTPLAN_API_KEY": "real-key-123"}, {}], ids=["platform", "embedded"]
)
def test_an_unread_variable_is_refused_whatever_its_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, credential: dict[str, str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IotplanError) as raised:
        choose_target(TargetOptions(), {"IOTPLAN_HOST": value, **credential})
    assert str(raised.value).startswith("IOTPLAN_HOST is set, but iotplan reads no such variable, so ")
    assert value not in str(raised.value)
