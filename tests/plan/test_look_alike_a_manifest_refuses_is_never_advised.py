"""A live look-alike of a declared entity (its refId the same but for a trailing blank or an
invisible mark): the refusal never advises a `ref_id:` a manifest refuses, and a connection, which
takes no `ref_id:`, is advised its `id:`."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import load, plan_for


def _refusal_with_live_ref_id(ref_id: str, look_alike: str) -> tuple[str, str]:
    """The plan's problem once the live entity of `ref_id` carries `look_alike` instead; its id."""
    live = applied(load())
    entity = find(live, ref_id)
    entity.props["SERIAL_NO"] = look_alike
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    return str(refused.value), entity.id


@pytest.mark.parametrize(
    "look_alike", ["site:dam-a/logger-1 ", "site:dam-a/logger-1\u00ad", "site:dam-a/logger\u200b-1"]
)
def test_a_device_whose_look_alike_a_manifest_refuses_is_advised_a_new_serial_in_the_web_app(
    look_alike: str,
) -> None:
    problem, device_id = _refusal_with_live_ref_id("site:dam-a/logger-1", look_alike)
    assert "Adopt it with `ref_id:" not in problem
    assert (
        f"A manifest may not hold its refId, so `ref_id:` cannot adopt it: give {device_id} another "
        "SERIAL_NO in the platform's web app and adopt it with that, or remove it there"
    ) in problem


@pytest.mark.parametrize("look_alike", ["site:dam-a ", "site:dam-a\u00ad", "site:dam\u200b-a"])
def test_a_connections_look_alike_is_advised_its_id(look_alike: str) -> None:
    problem, node_id = _refusal_with_live_ref_id("site:dam-a", look_alike)
    assert "`ref_id:" not in problem
    assert f"Adopt it with `id: {node_id}`" in problem
