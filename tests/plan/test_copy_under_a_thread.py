"""A device or sensor carrying a declared device's refId under a THREAD node is a copy of it, as under
any other connection (README, Copies): one run reports it so, never removes it, and writes nothing by
that refId while it stands, as a shard that reads it from the project's lists refuses to."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError, UnreadProjectError
from iotplan.live import LiveConnection, LiveEntity, LiveState
from iotplan.plan.model import Action, Change
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, load, plan_for

THREAD = "/fn/6C7D8E/node"
WITH_A_THREAD = MANIFEST + f"      - key: tunnel\n        kind: thread\n        id: {THREAD}\n"
RENAMED = "name: Logger\n", "name: Logger renamed\n"


def _thread(live: LiveState) -> LiveConnection:
    return next(iter(live.projects.values())).connections[THREAD]


def _copy_of_the_logger(live: LiveState, thread: LiveConnection) -> LiveEntity:
    """A device under `thread` carrying the refId of dam-a/logger-1, as integrate made it there."""
    props = {**find(live, "site:dam-a/logger-1").props, "INTEGRATION_ID": "IMPORT_DEVICE_SDE"}
    device = LiveEntity("/api/6C7D8E/node/dynamic/4991ED/device", props, thread.node.id)
    thread.devices.append(device)
    return device


def _changes(text: str, live: LiveState) -> dict[str, Change]:
    return {change.address: change for change in plan_for(load(text), live).changes}


def test_a_device_under_a_declared_thread_carrying_a_declared_ref_id_is_a_copy_of_it() -> None:
    live = applied(load(WITH_A_THREAD))
    _copy_of_the_logger(live, _thread(live))
    copy = _changes(WITH_A_THREAD, live)["tunnel/#4991ED"]
    assert copy.action is Action.DUPLICATE
    assert copy.reason.startswith(
        "a copy of dam-a/logger-1 (refId 'site:dam-a/logger-1') under THREAD tunnel"
    )


def test_no_write_goes_to_the_ref_id_a_device_under_a_declared_thread_carries() -> None:
    live = applied(load(WITH_A_THREAD))
    _copy_of_the_logger(live, _thread(live))
    with pytest.raises(
        NoSafePlanError, match="dam-a/logger-1: would update by its refId 'site:dam-a/logger-1', which"
    ):
        plan_for(load(WITH_A_THREAD.replace(*RENAMED)), live)


def test_a_plan_writing_by_a_ref_id_asks_for_an_undeclared_thread_to_be_read_first() -> None:
    """One run reads every API connection of its project, but not a THREAD the manifest leaves out."""
    live = applied(load(WITH_A_THREAD))
    project = next(iter(live.projects.values()))
    project.unread[THREAD] = project.connections.pop(THREAD).node
    with pytest.raises(UnreadProjectError) as unread:
        plan_for(load(MANIFEST.replace(*RENAMED)), live)
    assert unread.value.ref_ids == {project.id: frozenset({"site:dam-a/logger-1"})}


def test_no_write_goes_to_the_ref_id_the_lists_found_under_an_undeclared_thread() -> None:
    live = applied(load(WITH_A_THREAD))
    project = next(iter(live.projects.values()))
    thread = project.elsewhere[THREAD] = project.connections.pop(THREAD)
    _copy_of_the_logger(live, thread)
    with pytest.raises(
        NoSafePlanError, match="dam-a/logger-1: would update by its refId 'site:dam-a/logger-1', which"
    ):
        plan_for(load(MANIFEST.replace(*RENAMED)), live)
