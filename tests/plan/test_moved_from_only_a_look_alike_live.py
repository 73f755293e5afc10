"""`moved: [{from: old, to: c3}]` with neither `st:old` nor `st:c3` live, but `st:OLD` (or another
look-alike of `st:old`): to a platform whose collation joins them it is the connection to rename. The
plan created c3 beside it, a second network where one renamed was meant; it is refused, naming the
look-alike and the `moved` entry that renames it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, Workspace
from tests.plan.test_connection_look_alikes_beyond_case_are_copies import connection
from tests.plan.test_moved_from_look_alikes_are_copies import MANIFEST, TWINS, platform  # noqa: F401


@pytest.mark.parametrize("twin", TWINS)
def test_only_a_look_alike_of_the_refid_renamed_from_is_live_the_creation_is_refused(
    platform: Workspace,  # noqa: F811
    twin: str,
) -> None:
    seed = {
        "projects": [{"id": PROJECT, "name": "P1"}],
        "api_keys": [{"key": "demo-key", "projects": "*"}],
        "networks": [{"project": PROJECT, "connections": [connection(twin, 9)]}],
    }
    platform.api("POST", "/_sim/reset", json=seed)
    refused = platform.run("plan", MANIFEST)
    assert refused.exit_code == 1, refused.output
    assert "c3: not found by its refId" in refused.output and "moved" in refused.output


def test_once_renamed_a_look_alike_of_the_old_refid_is_never_advised_against_the_renamed_one(
    platform: Workspace,  # noqa: F811
) -> None:
    """`st:c3` (renamed from `st:old`) and `st:OLD` live: the copy's advice said to remove "one of the
    two", c3 and its history among them."""
    seed = {
        "projects": [{"id": PROJECT, "name": "P1"}],
        "api_keys": [{"key": "demo-key", "projects": "*"}],
        "networks": [{"project": PROJECT, "connections": [connection("st:c3", 9), connection("st:OLD", 5)]}],
    }
    platform.api("POST", "/_sim/reset", json=seed)
    planned = platform.run("plan", MANIFEST)
    assert "one of the two" not in planned.output
    assert "if it is not the connection renamed to c3, remove it in the platform's web app" in planned.output
