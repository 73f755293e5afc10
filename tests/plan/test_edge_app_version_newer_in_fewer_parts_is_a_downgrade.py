"""A gateway may report its application version in fewer than three parts (`7.18`, `8`, `v7.18`:
the client reads them as versions, clients/edge.py VERSION_FORM, and the emulator's
`POST /update?version=7.18` leaves it reporting `7.18`). The missing parts count as 0 (7.18 is
7.18.0), so one newer than the manifest's is a downgrade. What the comparison cannot order (a
suffix at the manifest's numbers) is still no downgrade; a fourth part is told in
test_edge_app_version_with_more_parts_than_the_manifests.py."""

from __future__ import annotations

import pytest

from iotplan.plan.edge import EdgeContext, downgrades, edge_changes
from iotplan.plan.model import Action, Change
from tests.plan.test_edge import CONTEXT, gateway


def planned(wanted: str, reported: str, context: EdgeContext = CONTEXT) -> Change:
    [change], problems = edge_changes(context, {"app_version": wanted}, gateway({"app_version": reported}))
    assert problems == []
    return change


@pytest.mark.parametrize("reported", ["7.18", "v7.18", "8", "v8", "7.17.1", "7.18-rc1", "7.18.0.1"])
def test_a_reported_version_newer_than_the_manifests_is_a_downgrade(reported: str) -> None:
    change = planned("7.17.0", reported, CONTEXT)
    assert downgrades(change), change
    assert change.reason == (
        f"downgrade: the gateway reports app version {reported}, newer than the manifest's 7.17.0"
    )


@pytest.mark.parametrize("reported", ["7.16", "7", "v7.16.9", "7.17.0-rc1", "7.17.0+build"])
def test_a_reported_version_not_newer_or_not_ordered_is_no_downgrade(reported: str) -> None:
    change = planned("7.17.0", reported)
    assert change.action is Action.UPDATE and not downgrades(change), change
