"""`apply --format json` lists, per outcome, the replacements it removed and did not create again
(`removed_not_recreated`): a template change refused on a later call reported every change
`not_applied` and `applied: []`, "nothing happened" to a parser, while the entities removed by the
earlier calls (and their history) were gone; only the message's prose said so."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.apply.test_replacement_removals_split import DEVICES, NEW_TEMPLATE, RefusingOne, apply, templates
from tests.cli.test_entities_per_call import TWELVE_DEVICES
from tests.e2e.conftest import Workspace


def refused_on_call(workspace: Workspace, monkeypatch: pytest.MonkeyPatch, nth: int) -> Any:
    """The template change applied in calls of five, the `nth` integrate call refused with a 422."""
    assert apply(workspace, TWELVE_DEVICES).exit_code == 0
    RefusingOne(nth).install(monkeypatch)
    return apply(workspace, NEW_TEMPLATE, "--entities-per-call", "5", "--format", "json")


def test_a_removal_call_refused_lists_what_the_calls_before_it_removed(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed = refused_on_call(workspace, monkeypatch, nth=2)  # the second of three removal calls
    assert failed.exit_code == 1, failed.output
    [outcome] = json.loads(failed.stdout)["outcomes"]
    gone = [device for device in DEVICES if f"calls:{device}" not in templates(workspace)]
    assert gone and outcome["removed_not_recreated"] == gone
    assert set(gone) <= set(outcome["not_applied"])  # still not applied: a rerun creates them


def test_a_refused_re_creation_lists_every_device_removed(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed = refused_on_call(workspace, monkeypatch, nth=4)  # the first creating call, after three removing
    assert failed.exit_code == 1, failed.output
    [outcome] = json.loads(failed.stdout)["outcomes"]
    assert templates(workspace) == {}
    assert outcome["removed_not_recreated"] == DEVICES


def test_the_error_a_ci_log_shows_says_the_history_removed_not_nothing_lost(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed = refused_on_call(workspace, monkeypatch, nth=2)
    [outcome] = json.loads(failed.stdout)["outcomes"]
    removed = outcome["removed_not_recreated"]
    assert f"{len(removed)} replacements removed and not created again, their history gone: {removed[0]}" in (
        failed.stderr
    )
    assert "nothing applied is lost" not in failed.stderr
