"""--out is the one spelling for output files (--output its old alias), and a file named after a
format is refused before anything is read or written: `plan --out json` used to save a file `json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

COMMANDS = {
    "plan": ["plan", QUICKSTART],
    "drift": ["drift", QUICKSTART],
    "import": ["import", "--project", PROJECT],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("spelling", ["--out", "--output"])
@pytest.mark.parametrize("name", ["json", "md", "markdown", "text", "yaml", "html"])
def test_a_file_named_after_a_format_is_refused_with_a_hint_and_nothing_is_written(
    workspace: Workspace, command: str, spelling: str, name: str
) -> None:
    done = workspace.run(*COMMANDS[command], spelling, name)
    assert done.exit_code == 1 and f"'{name}' is a format's name" in done.stderr
    assert "did you mean --" in done.stderr and "Traceback" not in done.stderr
    assert not (workspace.path / name).exists() and not (workspace.path / ".iotplan").exists()


@pytest.mark.parametrize(
    ("command", "name", "hint"),
    [
        ("plan", "json", "did you mean --out plan.json?"),
        ("plan", "md", "did you mean --out markdown=plan.md?"),
        ("drift", "json", "did you mean --format json --out drift.json, or --out json=drift.json?"),
        ("import", "yaml", "did you mean --out site.yaml?"),
    ],
)
def test_the_hint_names_what_was_meant(workspace: Workspace, command: str, name: str, hint: str) -> None:
    assert hint in workspace.run(*COMMANDS[command], "--out", name).stderr


@pytest.mark.parametrize("spelling", ["--out", "--output"])
def test_import_writes_the_manifest_with_either_spelling(workspace: Workspace, spelling: str) -> None:
    done = workspace.run("import", "--project", PROJECT, spelling, "site.yaml")
    assert done.exit_code == 0, done.output
    assert "apiVersion: iotplan/v1" in (workspace.path / "site.yaml").read_text()


def test_one_plan_saves_the_plan_for_apply_and_its_views_for_review(workspace: Workspace) -> None:
    done = workspace.run(
        "plan", QUICKSTART, "--out", "plan.json", "--output", "markdown=plan.md", "--out", "text=plan.txt"
    )
    assert done.exit_code == 0, done.output
    saved = json.loads((workspace.path / "plan.json").read_text())
    markdown = (workspace.path / "plan.md").read_text()
    assert saved["summary"]["add"] > 0 and markdown.startswith("### iotplan plan")
    assert (workspace.path / "plan.txt").read_text() == done.stdout  # the text view, uncoloured
    shown = workspace.run("show", "plan.json", "--format", "markdown")
    assert shown.stdout == markdown  # the same plan, one read


def test_one_file_named_twice_is_refused(workspace: Workspace) -> None:
    done = workspace.run("plan", QUICKSTART, "--out", "p.json", "--out", "markdown=p.json")
    assert done.exit_code == 1 and "more than once" in done.stderr
    assert not Path(workspace.path / "p.json").exists()
