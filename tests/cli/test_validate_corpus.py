"""Every bad manifest in tests/cases/manifest/bad fails with exactly the problems in its .expected file.

To add a case: write `name.yaml`, run `iotplan validate tests/cases/manifest/bad/name.yaml
2> tests/cases/manifest/bad/name.expected`, and read the message as a user would before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import CASES, ROOT

BAD = sorted((CASES / "manifest" / "bad").glob("*.yaml"))


def test_the_corpus_is_large_enough() -> None:
    assert len(BAD) >= 25


@pytest.mark.parametrize("case", BAD, ids=lambda path: path.stem)
def test_bad_manifest_reports_its_exact_problems(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    relative = str(case.relative_to(ROOT))
    result = CliRunner().invoke(cli, ["validate", relative])
    expected = case.with_suffix(".expected").read_text()
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == expected
    assert all(line.startswith(f"{relative}:") for line in expected.splitlines())
