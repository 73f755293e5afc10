"""An --out never names the embedded platform's database the command opens, nor a journal beside it:
written over, the whole platform would be gone (fz6 finding 1). Refused before anything is read."""

from __future__ import annotations

import os

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

DEFAULT_DB = ".iotplan/sim.db"


def made(workspace: Workspace, database: str) -> bytes:
    """The embedded platform in `database`, made by a first plan, as its bytes."""
    done = workspace.run("plan", QUICKSTART, "--sim-db", database)
    assert done.exit_code == 0, done.output
    return (workspace.path / database).read_bytes()


def refused_as_the_database(done_output: str, exit_code: int) -> bool:
    return exit_code == 1 and "would overwrite the embedded platform's database" in done_output


@pytest.mark.parametrize(
    "command",
    [
        ["plan", QUICKSTART, "--out"],
        ["drift", QUICKSTART, "--out"],
        ["import", "--project", PROJECT, "--stack", "site", "--out"],
    ],
)
@pytest.mark.parametrize("spelling", ["x.db", "./x.db", "json=x.db", "sub/../x.db"])
def test_an_out_naming_the_sim_db_is_refused_and_the_platform_kept(
    workspace: Workspace, command: list[str], spelling: str
) -> None:
    (workspace.path / "sub").mkdir()
    before = made(workspace, "x.db")
    if command[0] == "import":
        spelling = spelling.replace("json=", "yaml=")
    done = workspace.run(*command, spelling, "--sim-db", "x.db")
    assert refused_as_the_database(done.stderr, done.exit_code), done.output
    assert (workspace.path / "x.db").read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [
        ["plan", QUICKSTART, "--out", DEFAULT_DB],
        ["drift", QUICKSTART, "--out", f"json={DEFAULT_DB}"],
        ["import", "--project", PROJECT, "--stack", "site", "--out", DEFAULT_DB],
    ],
)
def test_the_default_database_is_refused_without_sim_db(workspace: Workspace, command: list[str]) -> None:
    assert workspace.run("plan", QUICKSTART).exit_code == 0  # makes .iotplan/sim.db
    before = (workspace.path / DEFAULT_DB).read_bytes()
    done = workspace.run(*command)
    assert refused_as_the_database(done.stderr, done.exit_code), done.output
    assert (workspace.path / DEFAULT_DB).read_bytes() == before


def test_a_database_yet_to_be_made_is_refused_before_it_is_made(workspace: Workspace) -> None:
    done = workspace.run("plan", QUICKSTART, "--sim-db", "new.db", "--out", "new.db")
    assert refused_as_the_database(done.stderr, done.exit_code), done.output
    assert not (workspace.path / "new.db").exists()


def test_a_link_to_the_database_and_a_link_as_the_database_are_refused(workspace: Workspace) -> None:
    before = made(workspace, "x.db")
    os.symlink("x.db", workspace.path / "link.db")
    for target, out in (("x.db", "link.db"), ("link.db", "x.db")):
        done = workspace.run("plan", QUICKSTART, "--sim-db", target, "--out", out)
        assert refused_as_the_database(done.stderr, done.exit_code), done.output
    assert (workspace.path / "x.db").read_bytes() == before


@pytest.mark.parametrize(
    ("database", "journal"),
    [
        ("x.db", "x.db-wal"),
        ("x.db", "x.db-shm"),
        ("x.db", "x.db-journal"),
        ("link.db", "link.db-wal"),  # SQLite names it after the path opened, or the file linked to
        ("link.db", "x.db-wal"),
    ],
)
def test_a_journal_beside_the_database_is_refused(workspace: Workspace, database: str, journal: str) -> None:
    made(workspace, "x.db")
    os.symlink("x.db", workspace.path / "link.db")
    done = workspace.run("drift", QUICKSTART, "--sim-db", database, "--out", f"json={journal}")
    said = "is a journal SQLite reads with the embedded platform's database"
    assert done.exit_code == 1 and said in done.stderr, done.output
