"""`iotplan apply p2.json`, the plan file mistyped, said "p2.json: cannot read the manifest": apply
takes a plan saved by `iotplan plan --out` too, told by its content, which a missing file has none of
(fz112). It names both now (fx393)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from iotplan.cli.main import cli


def test_apply_of_a_missing_file_says_it_takes_a_plan_file_or_a_manifest(tmp_path: Path) -> None:
    missing = str(tmp_path / "p2.json")

    result = CliRunner().invoke(cli, ["apply", missing, "--auto-approve"])

    assert result.exit_code == 1, result.output
    assert f"{missing}: cannot read the plan file or manifest: No such file or directory" in result.stderr
