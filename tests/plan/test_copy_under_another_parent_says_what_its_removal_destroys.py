"""A web-app copy of a declared sensor under another parent, the declared one live where the manifest
puts it: the plan's `*` line said "remove one of the two in the platform's web app" without saying
what that removal destroys. It says how many observations the copy holds, after the step that keeps
them."""

from __future__ import annotations

from iotplan.plan.model import Action
from tests.plan.livebuilder import applied, find
from tests.plan.test_copy_of_a_declared_entity import _changes, _web_app_device_holding
from tests.plan.test_diff import load


def test_the_removal_advised_names_the_observations_it_destroys() -> None:
    live = applied(load())
    _web_app_device_holding(live, find(live, "site:dam-a/logger-1/air"))  # the copy holds 40
    copy = _changes(live)["dam-a/#834BB3/air"]
    assert copy.action is Action.DUPLICATE
    kept, _, removed = copy.reason.partition("remove it there")
    assert "give it a SERIAL_NO that does not start with 'site:' in the platform's web app" in kept, (
        copy.reason
    )
    assert removed.startswith(", destroying 40 observations"), copy.reason
