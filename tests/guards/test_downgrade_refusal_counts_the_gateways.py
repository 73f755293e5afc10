"""The --allow-downgrade refusal counts the gateways it would send back: of one it said "send
gateways back to an older application than they run"."""

from __future__ import annotations

import pytest

from iotplan.errors import IotplanError
from iotplan.plan.guards import Permissions, refuse_downgrades
from iotplan.plan.model import Change
from tests.plan.edgebuilder import setting_change
from tests.render.plans import plan


def downgrade(node: str) -> Change:
    return setting_change(node, "app_version", "7.17.0", "7.16.0")


def opening(*changes: Change) -> str:
    with pytest.raises(IotplanError) as raised:
        refuse_downgrades(plan(*changes), Permissions())
    return str(raised.value).splitlines()[0]


def test_one_gateway_is_counted_as_one() -> None:
    assert opening(downgrade("t1")) == (
        "this apply would send 1 gateway back to an older application than it runs:"
    )


def test_two_gateways_are_counted_as_two() -> None:
    assert opening(downgrade("t1"), downgrade("t2")) == (
        "this apply would send 2 gateways back to an older application than they run:"
    )
