"""`import --out site.yaml` over a hand-edited manifest (its `moved:` block, its comments) replaced it
without a word, even with a result that does not validate (exit 1): the user's file was gone. An
import that does not validate leaves an existing file as it was, writing nothing; one that replaces a
file says so on stderr."""

from __future__ import annotations

from iotplan.manifest.text import NAME_MAX_LENGTH
from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

HAND_EDITED = "# my site, by hand\nmoved:\n  - {from: dam-a/old, to: dam-a/new}\n"


def test_an_import_that_does_not_validate_leaves_an_existing_file_as_it_was(workspace: Workspace) -> None:
    node = {"changeState": "new", "refId": "legacy:feed", "props": {"NAME": "x" * (NAME_MAX_LENGTH + 1)}}
    workspace.integrate({"integration": node})
    (workspace.path / "site.yaml").write_text(HAND_EDITED)
    result = workspace.run("import", "--project", PROJECT, "--stack", "legacy", "--out", "site.yaml")
    assert result.exit_code == 1
    assert (workspace.path / "site.yaml").read_text() == HAND_EDITED
    said = " ".join(result.stderr.split())
    assert "site.yaml was left as it was" in said and "the limit is" in said
    assert "site.yaml:" not in said  # its lines are the import's, not the file's
    assert [path.name for path in workspace.path.glob("site*")] == ["site.yaml"]


def test_an_import_that_does_not_validate_is_still_written_to_a_new_file(workspace: Workspace) -> None:
    node = {"changeState": "new", "refId": "legacy:feed", "props": {"NAME": "x" * (NAME_MAX_LENGTH + 1)}}
    workspace.integrate({"integration": node})
    result = workspace.run("import", "--project", PROJECT, "--stack", "legacy", "--out", "new.yaml")
    assert result.exit_code == 1
    assert "does not validate" in (workspace.path / "new.yaml").read_text()


def test_an_import_that_replaces_a_file_says_so(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    (workspace.path / "site.yaml").write_text(HAND_EDITED)
    result = workspace.run("import", "--project", PROJECT, "--out", "site.yaml")
    assert result.exit_code == 0, result.output
    assert "Replaced site.yaml: " in result.stderr and "Wrote" not in result.stderr
    assert "moved:" not in (workspace.path / "site.yaml").read_text()
    again = workspace.run("import", "--project", PROJECT, "--out", "fresh.yaml")
    assert "Wrote fresh.yaml: " in again.stderr
