"""A file argument given a URL holding a credential (a CI habit: `iotplan validate
https://x-access-token:...@host/site.yaml`) is named masked in place, as views mask text, wherever
a message names the file: a manifest, --sites, --vars or a saved plan that cannot be read, the
`Target:` line of --sim-db, and --out refusals. The path itself is used as given."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli

TOKEN = "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
URL = f"https://x-access-token:{TOKEN}@raw.example"
PASSWORD = "pa55w0rd"
USER_URL = f"https://user:{PASSWORD}@host"
MANIFEST = "apiVersion: iotplan/v1\nstack: s\nprojects: []\n"


def said(*args: str) -> str:
    done = CliRunner().invoke(cli, list(args))
    return done.output


@pytest.mark.parametrize(
    "args",
    [
        ("validate", f"{URL}/site.yaml"),
        ("validate", "site.yaml", "--sites", f"{USER_URL}/s.csv"),
        ("validate", "site.yaml", "--vars", f"{USER_URL}/v.yaml"),
        ("apply", f"{USER_URL}/plan.json", "--sim-db", "x.db"),
        ("show", f"{USER_URL}/plan.json"),
    ],
)
def test_an_unreadable_file_is_named_masked(args: tuple[str, ...], tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.yaml").write_text(MANIFEST)
    shown = said(*args)
    assert "(sensitive)@" in shown and TOKEN not in shown and PASSWORD not in shown, shown


def test_the_target_line_names_a_sim_db_masked(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.yaml").write_text(MANIFEST)
    shown = said("plan", "site.yaml", "--sim-db", f"{USER_URL}/x.db")
    assert "Target: embedded platform ((sensitive)@host/x.db)" in shown, shown
    assert os.path.exists(f"{USER_URL}/x.db"), "the path itself is used as given"


def test_an_out_named_twice_is_named_masked(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.yaml").write_text(MANIFEST)
    os.makedirs(f"{USER_URL}/d")
    for args in (
        ("--out", f"{USER_URL}/p.json", "--out", f"{USER_URL}/./p.json"),
        ("--out", f"{USER_URL}/d"),
    ):
        shown = said("plan", "site.yaml", "--sim-db", "x.db", *args)
        assert "(sensitive)@" in shown and PASSWORD not in shown, shown


def test_a_sim_db_that_cannot_be_opened_is_named_masked(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.yaml").write_text(MANIFEST)
    os.makedirs(USER_URL)
    Path(f"{USER_URL}/file").write_text("")
    shown = said("plan", "site.yaml", "--sim-db", f"{USER_URL}/file/x.db")
    assert "cannot be opened" in shown and "(sensitive)@host/file is a file" in shown, shown
    assert PASSWORD not in shown, shown
