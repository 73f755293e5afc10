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
