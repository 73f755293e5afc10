"""`env 'IOTPLAN-GATEWAY-URL=http://thread-7' iotplan plan --on-device` read the THREAD at
http://localhost: a name of the prefix written with `-` (or one edit from it beside a misspelling,
IOTPALN_GATEWAY_ULR) was read past. It is refused before any request."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.cli.requests_refused import requests_sent
from tests.conftest import ROOT

SITE = str(ROOT / "examples" / "thread" / "site.yaml")


@pytest.mark.parametrize(
    ("name", "shown"),
    [("IOTPLAN-GATEWAY-URL", "'IOTPLAN-GATEWAY-URL'"), ("IOTPALN_GATEWAY_ULR", "IOTPALN_GATEWAY_ULR")],
)
def test_a_gateway_url_under_the_prefix_written_otherwise_is_refused_on_device(
    name: str, shown: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    sent = requests_sent(monkeypatch)
    result = CliRunner().invoke(cli, ["plan", SITE, "--on-device"], env={name: "http://127.0.0.1:9"})
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {shown} (did you mean IOTPLAN_GATEWAY_URL?) is set")
    assert "the THREAD at http://localhost" in result.stderr
    assert sent == []
