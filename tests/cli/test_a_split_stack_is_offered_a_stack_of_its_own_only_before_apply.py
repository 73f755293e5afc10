"""Two manifests of one stack that list one project (a live network split in two files) were told
"Merge them into one manifest, or give each a stack of its own." For entities already applied the second
way cannot be followed: an entity cannot move between stacks, so plan refuses the new stack's file and
the other file then plans the removal of what it dropped, with its history (fz107). validate reads no
platform, so the warning says when a stack of its own applies: only to a network not yet applied."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

QUICKSTART = (ROOT / "examples" / "quickstart" / "site.yaml").read_text()


def test_the_shared_stack_warning_keeps_a_live_network_in_one_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("dam-a.yaml").write_text(QUICKSTART)
    Path("dam-b.yaml").write_text(QUICKSTART.replace("key: dam-a", "key: dam-b"))
    result = CliRunner().invoke(cli, ["validate", "dam-a.yaml", "dam-b.yaml"])
    assert result.exit_code == 0
    [warning] = result.stderr.splitlines()
    assert warning.startswith("Warning: dam-a.yaml and dam-b.yaml both say stack 'quickstart'")
    assert "or give each a stack of its own" not in warning
    assert warning.endswith(
        "Merge them into one manifest; give each a stack of its own only where its network is not applied "
        "yet (an entity cannot move between stacks, so a network already applied stays in one manifest)."
    )
