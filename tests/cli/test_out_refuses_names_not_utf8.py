"""A file name whose bytes are not UTF-8 (`$'bad\\xe9.yaml'`), read or written, is refused before
anything is read: a saved plan names its manifest, and a plan comment its saved plan, in UTF-8, and
writing one failed with an unexpected UnicodeEncodeError once the whole platform was read."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

NOT_UTF8 = os.fsdecode(b"bad\xe9.yaml")  # the surrogate-escaped str Python gives for the bytes


def refused_as_not_utf8(output: str, exit_code: int, shown: str) -> bool:
    return exit_code != 0 and f"{shown}: the file name is not UTF-8" in output


@pytest.mark.parametrize("command", [["plan", NOT_UTF8, "--out", "x.json"], ["drift", NOT_UTF8]])
def test_a_manifest_named_in_bytes_that_are_not_utf8_is_refused_before_reading(
    workspace: Workspace, command: list[str]
) -> None:
    shutil.copy(workspace.path / QUICKSTART, workspace.path / NOT_UTF8)
    done = workspace.run(*command, "--sim-db", "x.db")
    assert refused_as_not_utf8(done.stderr, done.exit_code, r"bad\xe9.yaml"), done.output
    assert not (workspace.path / "x.json").exists() and not (workspace.path / "x.db").exists()


def test_an_out_named_in_bytes_that_are_not_utf8_is_refused_before_reading(workspace: Workspace) -> None:
    done = workspace.run("plan", QUICKSTART, "--out", os.fsdecode(b"x\xe9.json"), "--sim-db", "x.db")
    assert refused_as_not_utf8(done.stderr, done.exit_code, r"x\xe9.json"), done.output
    assert os.listdir(workspace.path) == ["examples"]
