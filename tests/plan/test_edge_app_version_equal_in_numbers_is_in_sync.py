"""An `app_version` equal in numbers to the version the gateway reports is in sync, as the downgrade
check compares them: `07.17.0` or `7.017.0` declared against a gateway reporting 7.17.0, or 7.17.0
against one reporting `7.17`, planned an update to the version already installed, and apply sent
`POST /update` (which may restart the gateway's application) on every run."""

from __future__ import annotations

import pytest

from iotplan.plan.model import Action, Cause
from tests.plan.test_edge_app_version_newer_in_fewer_parts_is_a_downgrade import planned


@pytest.mark.parametrize(
    ("wanted", "reported"),
    [
        ("7.17.0", "7.17"),
        ("7.17.0", "v7.17"),
        ("7.0.0", "7"),
        ("7.17.0", "7.17.00"),
        ("07.17.0", "7.17.0"),
        ("7.017.0", "7.17.0"),
    ],
)
def test_a_reported_version_equal_in_numbers_to_the_manifests_is_in_sync(wanted: str, reported: str) -> None:
    change = planned(wanted, reported)
    assert (change.action, change.cause) == (Action.NOOP, Cause.IN_SYNC), change


@pytest.mark.parametrize("reported", ["7.17.0-rc1", "7.17.0.1", "7.17.0+build", "7.17.1"])
def test_a_reported_version_the_numbers_do_not_make_equal_is_updated(reported: str) -> None:
    assert planned("7.17.0", reported).action is Action.UPDATE
