"""Two manifests of one stack that list no project in common: each plan reads only its own projects,
so neither removes what the other declares (as two that share a project do); what does happen is said."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_manifest_commands import run

QUICKSTART = Path("examples/quickstart/site.yaml")
OTHER_PROJECT = "aaaaaaaa-0000-4000-8000-000000000001"


def test_one_stack_split_by_project_is_warned_that_a_move_duplicates(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(QUICKSTART.read_text().replace("6ee68656-ce20-452c-a4e6-b6b3a3b55537", OTHER_PROJECT))
    result = run("validate", str(QUICKSTART), str(other))
    assert result.exit_code == 0
    said = " ".join(result.stderr.split())
    assert f"{QUICKSTART} and {other} both say stack 'quickstart' for different projects" in said
    assert "so neither removes or sees what the other declares" in said
    assert "is duplicated, not moved" in said
    assert "applying one removes" not in said


def test_a_project_listed_in_another_case_is_one_project_in_common(tmp_path: Path) -> None:
    """The platform reads an id in either case as one project: listed so, the files clash there."""
    upper = tmp_path / "upper.yaml"
    upper.write_text(QUICKSTART.read_text().replace("6ee68656-ce20", "6EE68656-CE20"))
    result = run("validate", str(QUICKSTART), str(upper))
    assert "applying one removes what only the other declares in project" in " ".join(result.stderr.split())
