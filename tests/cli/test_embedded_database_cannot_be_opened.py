"""An embedded platform's database that cannot be opened is one line naming it, what is wrong and the
way out, never "unexpected OperationalError" (fz34 finding 4)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

WAY_OUT = "Name another database file with --sim-db FILE, or a platform with --endpoint"


def a_folder_in_its_place(path: Path) -> None:
    (path / ".iotplan" / "sim.db").mkdir(parents=True)


def iotplan_a_file(path: Path) -> None:
    (path / ".iotplan").write_text("")


def iotplan_a_broken_link(path: Path) -> None:
    os.symlink(path / "gone" / "dir", path / ".iotplan")


@pytest.mark.parametrize(
    ("made", "wrong"),
    [
        (a_folder_in_its_place, "it is a folder, not a file"),
        (iotplan_a_file, ".iotplan is a file, not a folder"),
        (iotplan_a_broken_link, "is a link to"),
    ],
)
def test_the_refusal_names_the_database_and_the_way_out(
    workspace: Workspace, made: object, wrong: str
) -> None:
    assert callable(made)
    made(workspace.path)
    done = workspace.run("plan", QUICKSTART)
    assert done.exit_code == 1, done.output
    said = done.stderr.strip()
    assert said.startswith("Error: .iotplan/sim.db: the embedded platform's database cannot be opened: "), (
        said
    )
    assert wrong in said and said.endswith(WAY_OUT) and "unexpected" not in said


def test_a_private_folder_is_not_made_private_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a read-only checkout a chmod fails even when it would change nothing."""
    assert workspace.run("plan", QUICKSTART).exit_code == 0
    assert (workspace.path / ".iotplan").stat().st_mode & 0o777 == 0o700
    chmod = Path.chmod

    def read_only_folder(path: Path, mode: int, **kwargs: bool) -> None:
        if path.name == ".iotplan":
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        chmod(path, mode, **kwargs)

    monkeypatch.setattr(Path, "chmod", read_only_folder)
    done = workspace.run("plan", QUICKSTART)
    assert done.exit_code == 0, done.output
