"""An --out is checked as the write resolves it: through `link/..`, with `link` a link to a folder, the
file written is beside the folder linked to, not in the current one (fz34 findings 1 and 2)."""

from __future__ import annotations

import json
import os

import yaml

from tests.e2e.conftest import QUICKSTART, Workspace


def linked_folder(workspace: Workspace) -> str:
    """`l`, a link to elsewhere/inner: `l/../NAME` is elsewhere/NAME."""
    (workspace.path / "elsewhere" / "inner").mkdir(parents=True)
    os.symlink(workspace.path / "elsewhere" / "inner", workspace.path / "l")
    return "l"


def json_manifest(workspace: Workspace, relative: str) -> str:
    """The quickstart as a JSON manifest at `relative`, as its text."""
    text = json.dumps(yaml.safe_load((workspace.path / QUICKSTART).read_text()))
    (workspace.path / relative).write_text(text)
    return text


def test_the_manifest_through_a_linked_folder_is_refused_and_kept(workspace: Workspace) -> None:
    link = linked_folder(workspace)
    before = json_manifest(workspace, "elsewhere/site.json")
    done = workspace.run("plan", "elsewhere/site.json", "--out", f"{link}/../site.json")
    assert done.exit_code == 1 and "is a file this command reads" in done.stderr, done.output
    assert (workspace.path / "elsewhere" / "site.json").read_text() == before


def test_the_database_through_a_linked_folder_is_refused_and_kept(workspace: Workspace) -> None:
    link = linked_folder(workspace)
    assert workspace.run("plan", QUICKSTART, "--sim-db", "elsewhere/x.db").exit_code == 0
    before = (workspace.path / "elsewhere" / "x.db").read_bytes()
    done = workspace.run("plan", QUICKSTART, "--sim-db", "elsewhere/x.db", "--out", f"json={link}/../x.db")
    assert done.exit_code == 1 and "would overwrite the embedded platform's database" in done.stderr, (
        done.output
    )
    assert (workspace.path / "elsewhere" / "x.db").read_bytes() == before


def test_a_file_of_the_same_name_here_is_not_the_one_written(workspace: Workspace) -> None:
    """`l/../site.json` is elsewhere/site.json: the manifest read here is another file, left as it was."""
    link = linked_folder(workspace)
    before = json_manifest(workspace, "site.json")
    done = workspace.run("plan", "site.json", "--out", f"{link}/../site.json")
    assert done.exit_code == 0, done.output
    assert (workspace.path / "site.json").read_text() == before
    assert json.loads((workspace.path / "elsewhere" / "site.json").read_text())["format_version"]


def test_two_outs_one_file_by_a_link_are_refused(workspace: Workspace) -> None:
    os.symlink("plan.json", workspace.path / "alias.md")
    done = workspace.run("plan", QUICKSTART, "--out", "plan.json", "--out", "markdown=alias.md")
    assert done.exit_code == 1 and "--out names plan.json more than once" in done.stderr, done.output
    assert not (workspace.path / "plan.json").exists()


def test_one_name_in_two_folders_is_two_files(workspace: Workspace) -> None:
    link = linked_folder(workspace)
    done = workspace.run("plan", QUICKSTART, "--out", "plan.json", "--out", f"{link}/../plan.json")
    assert done.exit_code == 0, done.output
    here, there = (
        (workspace.path / "plan.json").read_text(),
        (workspace.path / "elsewhere" / "plan.json").read_text(),
    )
    assert here == there and json.loads(here)["format_version"]
