"""A shard's read through the lists may ask the connection list again for two reasons: whether a
sensor whose device is listed nowhere lies under a connection a sibling shard made since
(`_without_siblings_new_sensors`), and whether a declared refId's copy under a connection the first
list did not give was made meanwhile (`_refuse_made_while_read`). Both compare the list as it is
after the device and sensor lists were read: one read answers both, where each read it again (a
request a page of connections more, per project)."""

from __future__ import annotations

from typing import Any

from tests.guards.test_read import PROJECT, device, read
from tests.live.test_a_shard_read_beside_siblings_under_drifts_shared_connection_list import SharedFirstList
from tests.live.test_read import declared
from tests.live.test_shard_read import SITES, fleet
from tests.live.test_shard_read_beside_siblings_creating import MINE, NEW_THEIRS, a_siblings_site, scope

NEVER_LISTED = "/api/0000EE/node"  # where this credential lists no connection
COPIED = next(f"site:{key}/logger" for key in SITES if MINE.holds(key))


def read_beside_a_sibling_and_a_copy() -> tuple[SharedFirstList, Any]:
    platform = SharedFirstList(fleet())
    made, _, pz = a_siblings_site("/api/0000C1/node", NEW_THEIRS)
    platform.made.append(made)
    platform.sensors.append(pz)  # a sibling's new sensor, its device listed nowhere
    platform.devices.append(device(NEVER_LISTED, "0E0E0E", COPIED))  # a copy of this shard's refId
    live = read(platform, scope(devices=len(SITES), sensors=len(SITES)), known=[declared(COPIED)])
    return platform, live.projects[PROJECT]


def test_the_connection_list_is_read_again_once_for_both_questions() -> None:
    platform, project = read_beside_a_sibling_and_a_copy()
    assert [each.ref_id for each in project.elsewhere[NEVER_LISTED].devices] == [COPIED]  # both asked
    assert platform.count()["list_nodes"] == 2  # was 3: the first list, then each question's again
