"""The manifest the tests of a secret resolved into a field that is no secret prop plan: node site-01, its
notes `feed key <key> rotated May` beside an auth_token `${env:TOKEN_01}` gives, and a plan of it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from iotplan.cli.main import cli

NOTES_BESIDE_A_TOKEN = """\
apiVersion: iotplan/v1
stack: multi-site
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - key: site-01
        kind: api
        notes: 'feed key {key} rotated May'
        auth_token: ${{env:TOKEN_01}}
        name: "Aoraki dam - datalogger feed"
        devices: []
"""


def notes_naming(key: str) -> str:
    """The manifest, its notes naming `key`."""
    return NOTES_BESIDE_A_TOKEN.format(key=key)


def planned(manifest: Path, database: Path, token: str, *more: str) -> tuple[int, str]:
    """`plan` of `manifest` with TOKEN_01 set to `token`: its exit code and output."""
    result = CliRunner().invoke(
        cli, ["plan", str(manifest), "--sim-db", str(database), *more], env={"TOKEN_01": token}
    )
    return result.exit_code, result.output
