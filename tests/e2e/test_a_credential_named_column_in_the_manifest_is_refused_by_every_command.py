"""A `password` column of --sites printed into a template's notes was shown by `plan` 50 times, saved
in `--out`, shown by `drift` and would have been written to the platform. Every command that renders
the template refuses it alike, before any request, printing and writing nothing of it."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import Workspace

TEMPLATE = "examples/multi-site/site.yaml.j2"
SITES = "examples/multi-site/sites.csv"
SECRET = "Sup3rS3cret!"


@pytest.mark.parametrize(
    "command",
    [
        ("plan", "--out", "plan.json"),
        ("apply", "--auto-approve"),
        ("drift",),
        ("validate",),
        ("render",),
    ],
)
def test_a_credential_named_column_in_the_manifest_is_refused_by_every_command(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    rows = (workspace.path / SITES).read_text().splitlines()
    cells = [f"{rows[0]},password", *(f"{row},{SECRET}{index}" for index, row in enumerate(rows[1:]))]
    (workspace.path / SITES).write_text("\n".join(cells) + "\n")
    workspace.edit(
        TEMPLATE, '- datalogger feed"\n', '- datalogger feed"\n        notes: "{{ site.password }}"\n'
    )
    sent = requests_sent(monkeypatch)
    result = workspace.run(command[0], TEMPLATE, "--sites", SITES, *command[1:])
    assert result.exit_code == 1, result.output
    assert SECRET not in result.output
    assert (
        f"site.yaml.j2:28:17: column 'password' of --sites {SITES} is named as a credential" in result.stderr
    )
    assert sent == [] and not (workspace.path / "plan.json").exists()
