"""A shard reading the device list in pages compares the list read again on the copies of its refIds
under any connection, a sibling shard's too (live/read.py `_read_project` hands ShardPart the refIds
the manifest gives, folded). A copy of this shard's `st:a/d1` in another case under a sibling's
connection, moved back across a page's end by that sibling's removal, was read on neither page: the
plan went on without the copy that fences the declared refId, unless the second read stops it."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import PlatformError
from tests.commands.test_paged_lists_read_again import (
    PAGE,
    applied,
    connection,
    hand_device,
    integrate,
    listed,
    pages_of_100,  # noqa: F401 (an autouse fixture)
    removed_before_page_one,
    site,
)
from tests.commands.test_shard_apply_paged_siblings import (
    GAINED,
    OURS,
    SIBLING,
    SIBLINGS_FLEET,
    SIBLINGS_LATER,
    devices,
    node_id,
    shard_plan,
)

COPY = f"st:{OURS.upper()}/d1"  # folds as st:a/d1, which this shard's manifest gives


def test_a_copy_under_a_siblings_connection_hidden_by_its_removal_stops_this_shard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "sim.db"
    demo = len(listed(db, "devices"))  # the emulator's demo devices, listed first
    sibling = connection(SIBLING, "s0")
    fleet = connection(SIBLINGS_FLEET, *devices(PAGE - demo - 2))
    applied(db, site(sibling, fleet, connection(OURS, "d1")))
    update = {"nodeId": node_id(db, SIBLINGS_FLEET), "changeState": "update"}
    integrate(db, update | {"devices": [hand_device(COPY, "d1 copy")]})  # made after d1, in the web app
    later = connection(SIBLINGS_LATER, *devices(10))
    applied(db, site(sibling, fleet, connection(OURS, "d1"), later))
    order = [device["props"]["SERIAL_NO"] for device in listed(db, "devices")]
    assert order.index(COPY) == PAGE  # first on page 1
    removed_before_page_one(monkeypatch, "device", node_id(db, SIBLING))
    with pytest.raises(PlatformError, match=GAINED) as stopped:
        shard_plan(db, site(connection(OURS, "d1", "d2"), sibling, fleet, later))
    assert "of the entities this shard reads: 0 entities read then and gone now, 1 there now" in str(
        stopped.value
    )
