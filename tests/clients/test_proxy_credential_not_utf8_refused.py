"""A proxy variable whose user name or password holds bytes that are not UTF-8 (`os.environ` reads
byte 0xFF as `\\udcff`) is refused before any connection, naming the variable, never the value: no
Proxy-Authorization header can carry them, and the run ended `Error: unexpected UnicodeEncodeError`.
The password is masked all the same, as any credential read. Loopback only: port 19733."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from iotplan.secrets import MASKED, mask_known

NOTHING = 19733  # no server: the run must stop before it connects anywhere
MANIFEST = """\
apiVersion: iotplan/v1
stack: proxied
projects:
  - id: 0d9c2a4e-8f1b-4c55-9e11-3a7b6c2d1e00
    nodes:
      - {key: feed, kind: api, name: Feed}
"""
PASSWORD = "CANARY-pa\udcffss-7c1e"
USER = "CANARY-us\udcffer-5b2d"


@pytest.mark.parametrize(
    ("variable", "userinfo", "password"),
    [
        ("HTTPS_PROXY", f"proxyuser:{PASSWORD}", PASSWORD),
        ("http_proxy", f"{USER}:hunter2-pw", "hunter2-pw"),
        ("ALL_PROXY", USER, None),  # `user@` alone: no password to hold
    ],
)
def test_a_proxy_credential_of_bytes_not_utf8_is_refused_naming_its_variable(
    tmp_path: Path, variable: str, userinfo: str, password: str | None
) -> None:
    manifest = tmp_path / "m.yaml"
    manifest.write_text(MANIFEST)
    env = {"IOTPLAN_API_KEY": "abcd-1234-efgh-5678", variable: f"http://{userinfo}@127.0.0.1:{NOTHING}"}
    result = CliRunner().invoke(
        cli, ["plan", str(manifest), "--endpoint", f"http://127.0.0.1:{NOTHING}"], env=env
    )
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {variable}'s user name or password holds bytes that are not UTF-8"
    )
    assert "CANARY" not in result.output and "unexpected" not in result.output
    echoed = f"proxy echoed {password}"
    assert password is None or mask_known(echoed) == f"proxy echoed {MASKED}"
