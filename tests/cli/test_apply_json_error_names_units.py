"""`apply --format json`: the error on stderr after an ordinary failure names the units that did not
finish and how each ended; it said only to look in the JSON report's `outcomes` on stdout, which a CI
log showing stderr alone does not hold (only the "fresh read shows no changes" error named them)."""

from __future__ import annotations

import json

import pytest

from tests.apply.test_removed_not_recreated_json import refused_on_call
from tests.e2e.conftest import Workspace


def test_an_ordinary_failure_names_the_failed_connection_on_stderr(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed = refused_on_call(workspace, monkeypatch, nth=2)
    assert failed.exit_code == 1, failed.output
    [outcome] = json.loads(failed.stdout)["outcomes"]
    assert outcome["status"] == "failed"
    assert (
        f"Error: apply did not finish: {outcome['connection']} failed; deal with the errors" in failed.stderr
    )
