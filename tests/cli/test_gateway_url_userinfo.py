"""A --gateway-url (or IOTPLAN_GATEWAY_URL) with a user name or password is refused in one line,
before any request, without showing the password: iotplan would not send it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

SITE = str(ROOT / "examples" / "thread" / "site.yaml")
WITH_PASSWORD = "http://admin:s3cret@127.0.0.1:9"  # discard port: nothing is asked anyway


@pytest.mark.parametrize(
    ("flags", "environ", "named"),
    [
        (["--gateway-url", WITH_PASSWORD], {}, "--gateway-url"),
        ([], {"IOTPLAN_GATEWAY_URL": WITH_PASSWORD}, "IOTPLAN_GATEWAY_URL"),
    ],
    ids=["flag", "environment"],
)
def test_a_gateway_url_with_a_password_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flags: list[str], environ: dict[str, str], named: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["plan", SITE, "--on-device", *flags], env=environ)
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines() == [
        f"Error: {named} holds a user name or password (before its '@'), which iotplan never sends to a "
        "THREAD: give the THREAD's host name or IP only, with optional scheme and port"
    ]
    assert "s3cret" not in result.output
