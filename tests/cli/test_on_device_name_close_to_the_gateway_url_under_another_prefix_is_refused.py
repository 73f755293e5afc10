"""`IOTPALN_GATEWAY_URL=http://thread-7 iotplan plan --on-device` read the THREAD at
http://localhost. A name close to the one --on-device reads, whatever its prefix, is refused
naming the one meant, before any request."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.cli.requests_refused import requests_sent
from tests.conftest import ROOT

SITE = str(ROOT / "examples" / "thread" / "site.yaml")


def test_a_name_close_to_the_gateway_url_under_another_prefix_is_refused_on_device(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    sent = requests_sent(monkeypatch)
    result = CliRunner().invoke(
        cli, ["plan", SITE, "--on-device"], env={"IOTPALN_GATEWAY_URL": "http://127.0.0.1:9"}
    )
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines() == [
        "Error: IOTPALN_GATEWAY_URL (did you mean IOTPLAN_GATEWAY_URL?) is set, but iotplan reads no such "
        "variable, so with no gateway URL given the run would go to the THREAD at http://localhost: rename "
        "it, or unset it if it is not meant for iotplan, "
        "or name it without the IOTPLAN_ prefix (`unset IOTPALN_GATEWAY_URL`)"
    ]
    assert sent == []
