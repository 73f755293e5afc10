"""A saved plan applied from another checkout reads its relative manifest there: another file, and the
refusal says where it was read, not only that "the manifest changed" (fz34 finding 3)."""

from __future__ import annotations

import shutil

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


def test_the_refusal_names_the_folder_apply_read_the_manifest_in(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = str(workspace.path / "platform.db")
    plan = str(workspace.path / "plan.json")
    assert workspace.run("plan", QUICKSTART, "--sim-db", database, "--out", plan).exit_code == 0
    other = workspace.path / "other-checkout"
    shutil.copytree(workspace.path / "examples", other / "examples")
    (other / QUICKSTART).write_text(
        (other / QUICKSTART).read_text().replace("Crest datalogger", "Other logger")
    )
    monkeypatch.chdir(other)
    refused = workspace.run("apply", plan, "--sim-db", database, "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert (
        f"the manifest {QUICKSTART} changed since the plan was made: run iotplan plan again" in refused.stderr
    )
    assert f"(apply read {QUICKSTART} in {other}: a plan made in another checkout or folder" in refused.stderr
