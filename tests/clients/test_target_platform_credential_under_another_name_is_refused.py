"""`ITWIN_API_KEY=... iotplan apply --auto-approve`, with no IOTPLAN_* variable nor --endpoint, applied
to the embedded demo platform and exited 0: a credential for the platform under a name of another tool's
or a CI secret's was read past. Where the run would go to the embedded demo, a variable whose name holds
one of the platform's names and a credential word is refused, naming it, never its value: the
platform's own word for its key (API CODE), a JWT, and its name written in two words
(SENSE_METRICS) as well."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clients.refused_target import refused_unshown


@pytest.mark.parametrize(
    "name",
    [
        "ITWIN_API_KEY",
        "SENSEMETRICS_TOKEN",
        "BENTLEY_IIOT_CLIENT_SECRET",
        "itwin-iot-password",
        "TF_VAR_itwin_api_key",
        "INPUT_ITWIN_API_KEY",
        "ITWINAPIKEY",
        "ITwinApiKey",
        "SENSEMETRICS_API_CODE",
        "ITWIN_IOT_API_CODE",
        "ITWIN_API_CODE",
        "IIOT_JWT",
        "SENSE_METRICS_API_KEY",
    ],
)
def test_a_platform_credential_under_another_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    said = refused_unshown(name, tmp_path, monkeypatch)
    assert f"{name} is set, but iotplan reads no credential under that name" in said.replace(
        f"'{name}'", name
    )
    assert "--sim-db .iotplan/sim.db if the embedded demo is meant" in said
