"""A THREAD logger or sensor is never created beside an undeclared live one whose id only looks like
its own, differing in characters NFKC does not join (a U+2010 hyphen for `-`, a trailing U+2800
BRAILLE PATTERN BLANK, a Cyrillic letter): read alike, it may be the one meant, made by another
writer, and one created beside it is a second reading alike, its history in the other. Refused as
a REST entity is (plan/copies.py `_beside_a_look_alike`): the differing characters named, the live
id escaped, the escaped `id:` offered where the manifest can hold it. A THREAD registered beside a
node whose id only looks like its own (it posts under its ASCII id) says so."""

from __future__ import annotations

import pytest

from iotplan.live import LiveConnection, LiveEntity, LiveProject, LiveState
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, PlanOptions
from tests.plan.test_thread import SITE, desired
from tests.plan.test_thread_case import SITE as CASE_SITE
from tests.plan.test_thread_case import plan_over
from tests.plan.test_thread_id_differing_only_in_unicode_form_is_refused import (
    LOGGER,
    NODE,
    refusal,
    with_sensor,
)


@pytest.mark.parametrize(
    ("key", "shown", "differing"),
    [
        ("pz\u20101", "pz\\u20101", "U+2010 HYPHEN for '-' at character 3"),
        ("pz-1\u2800", "pz-1\\u2800", "U+2800 BRAILLE PATTERN BLANK added at character 5"),
        (
            "\u0440z\u20101",
            "\\u0440z\\u20101",
            "U+0440 CYRILLIC SMALL LETTER ER for 'p' at character 1 and U+2010 HYPHEN for '-' at character 3",
        ),
        ("pz-\u04cf", "pz-\\u04cf", "U+04CF CYRILLIC SMALL LETTER PALOCHKA for '1' at character 4"),
    ],
    ids=[
        "U+2010 hyphen",
        "trailing braille blank",
        "two of a short key's four, the rest of the id the same",
        "a letter drawn as the digit",
    ],
)
def test_a_sensor_beside_a_live_look_alike_on_another_channel_is_refused(
    key: str, shown: str, differing: str
) -> None:
    said = refusal(with_sensor(f"{LOGGER}/{key}/sensor"))
    assert (
        f'g/a/pz-1: not found as {LOGGER}/pz-1/sensor, but "{LOGGER}/{shown}/sensor" in the same place '
        f"reads as it: its key \"{shown}\" differs from 'pz-1' only by {differing}"
    ) in said, said
    assert f'adopt it with `id: "{LOGGER}/{shown}/sensor"`' in said, said
    assert "iotplan never creates a logger or sensor beside a live one whose id only looks like" in said, said


def test_a_logger_beside_a_live_look_alike_serial_is_refused_and_no_id_offered() -> None:
    """A serial a `serial:` cannot hold (ASCII letters, digits, '.', '_', '-'): nothing adopts it."""
    look_alike = f"{NODE}/vwlogger/X\u20101/device"
    connection = LiveConnection(LiveEntity(NODE, {}), "p-1")
    connection.devices.append(LiveEntity(look_alike, {"NAME": "made by hand"}, None, "VW_LOGGER"))
    said = refusal(connection)
    assert (
        f'g/a: not found as {NODE}/vwlogger/X-1/device, but "{NODE}/vwlogger/X\\u20101/device" in the same '
        "place reads as it: its serial \"X\\u20101\" differs from 'X-1' only by U+2010 HYPHEN for '-'"
    ) in said, said
    assert 'its serial "X\\u20101" is not one a `serial:` can hold' in said, said
    assert "adopt it with" not in said, said


def test_a_logger_beside_a_live_serial_differing_in_two_of_its_three_characters_is_refused() -> None:
    """A serial is a short part of a logger's id: weighed over the whole id, as a REST refId is, two
    characters of a three-character serial read alike leave the id mostly the same."""
    connection = LiveConnection(LiveEntity(NODE, {}), "p-1")
    connection.devices.append(
        LiveEntity(f"{NODE}/vwlogger/\u0425\u20101/device", {"NAME": "by hand"}, None, "VW_LOGGER")
    )
    said = refusal(connection)
    assert (
        "its serial \"\\u0425\\u20101\" differs from 'X-1' only by U+0425 CYRILLIC CAPITAL LETTER HA for 'X' "
        "at character 1 and U+2010 HYPHEN for '-' at character 2"
    ) in said, said


def test_a_sensor_of_another_key_is_created_as_before() -> None:
    plan_over(with_sensor(f"{LOGGER}/pz\u20109/sensor"))  # pz‐9 reads as no declared key: no refusal


@pytest.mark.parametrize(
    "key",
    ["\u0432\u043e\u0434\u0430", "\u03bd\u03b5\u03c1\u03cc", "\u05de\u05d9\u05dd1", "\u0451\u0436\u20101"],
    ids=["Russian", "Greek", "Hebrew", "two Cyrillic letters, a dash and the digit"],
)
def test_a_sensor_beside_another_writers_key_in_another_script_is_created_as_before(key: str) -> None:
    """Another team's water-level sensor `вода` (Russian for water) beside a declared pz-1 is a word
    of its own, not a stand-in: no letter reads as a `-` or a digit, and a run of letters where the
    key has none of its own characters left is weighed in the key alone, not the id around it."""
    plan_over(with_sensor(f"{LOGGER}/{key}/sensor"))  # no refusal, no `id:` offered to take it over


REGISTERED = SITE.replace(
    "        name: Tunnel THREAD\n",
    "        name: Tunnel THREAD\n        register: true\n        version: v4_6\n",
)


def test_a_thread_registered_beside_a_look_alike_node_names_it_escaped() -> None:
    project = LiveProject("p-1", exists=True)
    cyrillic = LiveConnection(LiveEntity("/fn/6C7D8\u0415/node", {"NAME": "by hand"}), "p-1")
    project.connections[cyrillic.node.id] = cyrillic
    plan = make_plan(desired(REGISTERED), LiveState("test", {"p-1": project}), PlanOptions())
    node = plan.changes[0]
    assert node.action is Action.CREATE, node
    assert (
        'node "/fn/6C7D8\\u0415/node" of this project reads as /fn/6C7D8E/node: its id differs from it only '
        "by U+0415 CYRILLIC CAPITAL LETTER IE for 'E' at character 10: no THREAD posts under it"
    ) in node.reason, node.reason


def test_a_kept_look_alike_beside_the_declared_sensor_is_shown_escaped_on_its_line() -> None:
    """The declared pz-1 live, and another writer's `pz‐1` (U+2010) beside it: kept, its line's
    address shows its key as it is, which reads as pz-1; its note shows the id escaped."""
    connection = with_sensor(f"{LOGGER}/pz-1/sensor")
    connection.sensors[LOGGER].append(
        LiveEntity(f"{LOGGER}/pz\u20101/sensor", {"NAME": "old", "MUX_INDEX": 7}, None, "VW_PIEZOMETER")
    )
    project = LiveProject("p-1", exists=True)
    project.connections = {NODE: connection}
    plan = make_plan(desired(CASE_SITE), LiveState("test", {"p-1": project}), PlanOptions())
    kept = next(change for change in plan.changes if change.live_id == f"{LOGGER}/pz\u20101/sensor")
    assert (
        f'; its id "{LOGGER}/pz\\u20101/sensor" only reads as {LOGGER}/pz-1/sensor, declared beside it: it '
        "differs from 'pz-1' only by U+2010 HYPHEN for '-' at character 3"
    ) in kept.reason, kept.reason
