"""One mistake repeated over a fleet (a bad key on every site) is hundreds of problems: plan shows
the first MANIFEST_PROBLEMS_SHOWN and says how many more, `validate` every one."""

from __future__ import annotations

from pathlib import Path

from iotplan.cli.main import MANIFEST_PROBLEMS_SHOWN
from tests.e2e.conftest import Workspace

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"


def _manifest_with_bad_keys(path: Path, bad: int) -> str:
    nodes = "".join(f"      - {{key: 'site {n}', kind: api, name: Site {n}}}\n" for n in range(bad))
    path.write_text(
        f"apiVersion: iotplan/v1\nstack: fleet\nprojects:\n  - id: {PROJECT}\n    nodes:\n{nodes}"
    )
    return str(path)


def test_plan_shows_the_first_problems_and_counts_the_rest(workspace: Workspace) -> None:
    bad = MANIFEST_PROBLEMS_SHOWN + 70
    manifest = _manifest_with_bad_keys(workspace.path / "fleet.yaml", bad)

    planned = workspace.run("plan", manifest)

    lines = planned.stderr.splitlines()
    assert planned.exit_code == 1
    assert sum("fleet.yaml:" in line for line in lines) == MANIFEST_PROBLEMS_SHOWN
    assert lines[-1] == "... and 70 more problems: `iotplan validate` lists every one."


def test_validate_lists_every_problem(workspace: Workspace) -> None:
    bad = MANIFEST_PROBLEMS_SHOWN + 70
    manifest = _manifest_with_bad_keys(workspace.path / "fleet.yaml", bad)

    validated = workspace.run("validate", manifest)

    assert validated.exit_code == 1
    assert sum("fleet.yaml:" in line for line in validated.output.splitlines()) == bad
