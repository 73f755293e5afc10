"""A gateway may report its application version in more parts than the manifest's MAJOR.MINOR.PATCH
(a hotfix `7.17.0.1`). A part past the manifest's that is not 0 makes it newer: against `7.17.0` it
was planned an update with no flag, and apply sent the gateway back from its hotfix, exit 0. It is
now a downgrade needing --allow-downgrade; parts past the manifest's that are all 0 (`7.17.0.0`) are
the manifest's version, in sync, where each apply sent `POST /update` to the numbers installed. A
suffix (`-rc1`, `+build`) at the manifest's numbers is still not ordered."""

from __future__ import annotations

import pytest

from iotplan.plan.edge import downgrades
from iotplan.plan.model import Action, Cause
from tests.plan.test_edge_app_version_newer_in_fewer_parts_is_a_downgrade import planned


@pytest.mark.parametrize("reported", ["7.17.0.1", "v7.17.0.1", "7.17.0.0.2", "7.17.0.1-rc1", "7.18.0.0"])
def test_a_part_past_the_manifests_not_0_makes_it_newer(reported: str) -> None:
    change = planned("7.17.0", reported)
    assert downgrades(change), change
    assert change.reason == (
        f"downgrade: the gateway reports app version {reported}, newer than the manifest's 7.17.0"
    )


@pytest.mark.parametrize("reported", ["7.17.0.0", "v7.17.0.0", "7.17.0.0.0"])
def test_parts_past_the_manifests_all_0_are_in_sync(reported: str) -> None:
    change = planned("7.17.0", reported)
    assert (change.action, change.cause) == (Action.NOOP, Cause.IN_SYNC), change


@pytest.mark.parametrize("reported", ["7.16.9.9", "7.17.0.0-rc1", "7.17.0.0+build"])
def test_an_older_or_unordered_one_is_updated_without_the_flag(reported: str) -> None:
    change = planned("7.17.0", reported)
    assert change.action is Action.UPDATE and not downgrades(change), change
