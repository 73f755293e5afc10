"""--target and --exclude: hard fences over addresses, and the plans they refuse."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from iotplan.errors import PlanError, SelectionError
from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause, Change
from iotplan.plan.select import OUTSIDE, counts_may_decide, select_changes
from tests.plan.edgebuilder import setting_change
from tests.render.plans import change

CHANGES = (
    change("dam-a", Action.NOOP, "in sync"),
    change("dam-a/logger-1", Action.UPDATE, "differs"),
    change("dam-a/logger-1/pz-1", Action.UPDATE, "differs"),
    change("dam-a/logger-1/pz-2", Action.CREATE, "not on the platform"),
    change("dam-a/logger-2", Action.NOOP, "in sync"),
    change("dam-a/logger-2/tilt-1", Action.REMOVE, "not in the manifest"),
    change("dam-ab", Action.CREATE, "not on the platform"),
    change("dam-ab/logger-1", Action.CREATE, "created with dam-ab"),
    change("dam-b", Action.NOOP, "in sync"),
    setting_change("dam-b", "port1.baud_rate", 9600, 19200),
    setting_change("dam-b", "cloud_connection", True, True, Action.NOOP),
)


def selected(
    targets: Sequence[str] = (), excludes: Sequence[str] = (), changes: Sequence[Change] = CHANGES
) -> list[str]:
    return [c.address for c in select_changes(changes, targets, excludes)]


def refusal(
    targets: Sequence[str] = (), excludes: Sequence[str] = (), changes: Sequence[Change] = CHANGES
) -> str:
    with pytest.raises(PlanError) as raised:
        select_changes(changes, targets, excludes)
    return str(raised.value)


def test_without_target_or_exclude_the_whole_plan_stays_in_order() -> None:
    assert select_changes(CHANGES, [], []) == list(CHANGES)


# --- --target --------------------------------------------------------------------------------
def test_targeting_a_device_brings_its_sensors_and_its_connection_but_no_sibling() -> None:
    assert selected(["dam-a/logger-1"]) == [
        "dam-a",
        "dam-a/logger-1",
        "dam-a/logger-1/pz-1",
        "dam-a/logger-1/pz-2",
    ]


def test_an_ancestors_update_outside_the_selection_is_held_back_not_written() -> None:
    [connection, device, sensor] = select_changes(CHANGES, ["dam-a/logger-1/pz-1"], [])
    assert (connection.address, connection.action) == ("dam-a", Action.NOOP)
    assert (device.address, device.action, device.cause, device.reason) == (
        "dam-a/logger-1",
        Action.NOOP,
        Cause.IN_SYNC,
        OUTSIDE,
    )
    assert device.fields == () and device.live_id == CHANGES[1].live_id  # kept for its ids
    assert (sensor.address, sensor.action) == ("dam-a/logger-1/pz-1", Action.UPDATE)


def test_an_ancestor_a_target_needs_created_is_created_with_it() -> None:
    assert [(c.address, c.action) for c in select_changes(CHANGES, ["dam-ab/logger-1"], [])] == [
        ("dam-ab", Action.CREATE),
        ("dam-ab/logger-1", Action.CREATE),
    ]


def test_a_target_never_takes_in_a_connection_whose_name_only_starts_the_same() -> None:
    assert selected(["dam-a"]) == [c.address for c in CHANGES if c.connection == "dam-a"]


def test_a_target_is_a_glob() -> None:
    assert selected(["dam-*/logger-1/pz-?"]) == [
        "dam-a",
        "dam-a/logger-1",
        "dam-a/logger-1/pz-1",
        "dam-a/logger-1/pz-2",
    ]


def test_targeting_a_thread_node_brings_its_gateway_settings() -> None:
    assert selected(["dam-b"]) == ["dam-b", "dam-b/edge/port1.baud_rate", "dam-b/edge/cloud_connection"]


def test_one_gateway_setting_can_be_targeted_alone() -> None:
    assert selected(["dam-b/edge/port1.*"]) == ["dam-b", "dam-b/edge/port1.baud_rate"]


def test_a_port_is_targeted_and_fenced_by_its_path_as_an_ancestor_would_be() -> None:
    assert selected(["dam-b/edge/port1"]) == ["dam-b", "dam-b/edge/port1.baud_rate"]
    assert selected(excludes=["dam-b/edge/port1"]) == [c.address for c in CHANGES if "port1" not in c.address]
    assert "matches no address" in refusal(["dam-b/edge/port2"])  # a port with no setting changed


def test_targeting_a_gateway_brings_every_one_of_its_settings() -> None:
    assert selected(["dam-b/edge"]) == ["dam-b", "dam-b/edge/port1.baud_rate", "dam-b/edge/cloud_connection"]


# --- --exclude -------------------------------------------------------------------------------
def test_excluding_a_device_excludes_its_sensors() -> None:
    assert selected(excludes=["dam-a/logger-1"]) == [
        c.address for c in CHANGES if not c.address.startswith("dam-a/logger-1")
    ]


def test_excluding_a_sensor_keeps_its_device() -> None:
    kept = selected(excludes=["dam-a/logger-1/pz-1"])
    assert "dam-a/logger-1" in kept and "dam-a/logger-1/pz-2" in kept and "dam-a/logger-1/pz-1" not in kept


def test_excluding_a_gateway_excludes_every_one_of_its_settings() -> None:
    assert selected(excludes=["dam-b/edge"]) == [c.address for c in CHANGES if "/edge" not in c.address]


def test_an_exclude_wins_over_a_target() -> None:
    assert selected(["dam-a/logger-1"], ["dam-a/logger-1/pz-2"]) == [
        "dam-a",
        "dam-a/logger-1",
        "dam-a/logger-1/pz-1",
    ]


def test_excluding_a_connection_excludes_it_even_when_a_child_is_targeted() -> None:
    assert selected(["dam-a*"], ["dam-a"]) == ["dam-ab", "dam-ab/logger-1"]


@pytest.mark.parametrize(
    ("targets", "excludes"), [(["dam-a"], ["dam-a"]), (["dam-a/logger-1", "dam-b"], ["dam-a", "dam-b"])]
)
def test_a_selection_the_exclusions_empty_is_an_error_not_an_empty_plan(
    targets: list[str], excludes: list[str]
) -> None:
    named = ", ".join([*(f"--target {t!r}" for t in targets), *(f"--exclude {e!r}" for e in excludes)])
    assert refusal(targets, excludes) == (
        f"{named} select nothing: --exclude fences off everything --target picks, and an empty selection "
        'would read as "no changes"; narrow the exclusion, or target something it leaves'
    )


def test_excluding_everything_without_a_target_is_a_partial_plan_with_nothing_in_it() -> None:
    assert selected(excludes=["dam-*"]) == []


# --- a pattern that matches nothing ----------------------------------------------------------
@pytest.mark.parametrize(
    ("targets", "excludes", "named"),
    [
        # near no address: a typo one edit off an address is offered that address instead
        (["weir-9"], [], "--target 'weir-9'"),
        ([], ["tunnel/*"], "--exclude 'tunnel/*'"),
        (["DAM-A"], ["dam-a", "nope"], "--target 'DAM-A', --exclude 'nope'"),  # globs are case-sensitive
    ],
)
def test_a_pattern_that_matches_nothing_is_an_error_not_an_empty_plan(
    targets: list[str], excludes: list[str], named: str
) -> None:
    assert (
        refusal(targets, excludes) == f"{named} matches no address in this plan (addresses read like 'dam-a')"
    )


# --- selections that cannot be applied on their own ------------------------------------------
REPLACED = (
    change("dam-a", Action.NOOP, "in sync"),
    change("dam-a/logger-1", Action.REPLACE, "the template changes"),
    change("dam-a/logger-1/pz-1", Action.CREATE, "created with dam-a/logger-1"),
    change("dam-a/logger-1/pz-2", Action.CREATE, "created with dam-a/logger-1"),
    change("dam-a/logger-2", Action.UPDATE, "differs"),
)


def test_targeting_a_replaced_device_re_creates_all_of_it() -> None:
    assert selected(["dam-a/logger-1"], changes=REPLACED) == [
        "dam-a",
        "dam-a/logger-1",
        "dam-a/logger-1/pz-1",
        "dam-a/logger-1/pz-2",
    ]


def test_targeting_a_sensor_under_a_replaced_device_is_refused_naming_the_device_to_target() -> None:
    assert refusal(["dam-a/logger-1/pz-1"], changes=REPLACED) == (
        "the selection cannot be applied on its own:\n"
        "  dam-a/logger-1/pz-1: needs its parent dam-a/logger-1 to be replaced, which --target leaves out; "
        "target dam-a/logger-1 instead"
    )


@pytest.mark.parametrize("targets", [[], ["dam-a/logger-1"]])
def test_excluding_a_sensor_of_a_replaced_device_refuses_the_plan_rather_than_destroy_it(
    targets: list[str],
) -> None:
    assert refusal(targets, ["dam-a/logger-1/pz-2"], changes=REPLACED) == (
        "the selection cannot be applied on its own:\n"
        "  dam-a/logger-1: its replace would destroy dam-a/logger-1/pz-2, which --exclude leaves alone; "
        "exclude it too, or narrow the exclusion"
    )


REMOVED_CONNECTION = change(
    "dam-c",
    Action.REMOVE,
    "not in the manifest",
    collateral=(Address("dam-c/logger-1"), Address("dam-c/logger-1/pz-1")),
)


def test_excluding_what_a_removal_takes_with_it_refuses_the_plan() -> None:
    message = refusal(excludes=["*/logger-1"], changes=(*CHANGES, REMOVED_CONNECTION))
    assert message == (
        "the selection cannot be applied on its own:\n"
        "  dam-c: its remove would destroy dam-c/logger-1, dam-c/logger-1/pz-1, which --exclude leaves "
        "alone; exclude it too, or narrow the exclusion"
    )


def test_excluding_a_device_a_removal_takes_with_it_names_the_removal() -> None:
    message = refusal(excludes=["dam-c/logger-1"], changes=(*CHANGES, REMOVED_CONNECTION))
    assert message.startswith(
        "the selection cannot be applied on its own:\n  dam-c: its remove would destroy"
    )


def test_excluding_the_replaced_device_itself_leaves_it_and_its_sensors_alone() -> None:
    assert selected(excludes=["dam-a/logger-1"], changes=REPLACED) == ["dam-a", "dam-a/logger-2"]


# A THREAD: port 1's power turned off cuts off the logger on port 1, port 2's link that on port 2.
CUTTING_OFF = (
    *CHANGES,
    change("t1", Action.NOOP, "in sync"),
    change("t1/vw", Action.NOOP, "in sync"),
    change("t1/ipi", Action.NOOP, "in sync"),
    setting_change("t1", "port1.power", "12V", "off", loggers_cut_off=(Address("t1/vw"),)),
    setting_change("t1", "port2.comm_type", "RS232", "RS485", loggers_cut_off=(Address("t1/ipi"),)),
)
PORT1_CUTS_OFF_VW = (
    "  t1/edge/port1.power: its update would cut off the readings of t1/vw, which --exclude leaves alone; "
    "exclude it too (--exclude 't1/edge/port1.power'), or narrow the exclusion"
)
PORT2_CUTS_OFF_IPI = (
    "  t1/edge/port2.comm_type: its update would cut off the readings of t1/ipi, which --exclude leaves "
    "alone; exclude it too (--exclude 't1/edge/port2.comm_type'), or narrow the exclusion"
)


@pytest.mark.parametrize(
    ("targets", "excludes"), [([], ["t1/vw"]), ([], ["t1/v*"]), (["t1/edge"], ["t1/vw"])]
)
def test_a_port_setting_cutting_off_an_excluded_logger_refuses_the_plan(
    targets: list[str], excludes: list[str]
) -> None:
    assert refusal(targets, excludes, changes=CUTTING_OFF) == (
        f"the selection cannot be applied on its own:\n{PORT1_CUTS_OFF_VW}"
    )


def test_a_glob_excluding_several_loggers_names_each_port_setting_cutting_one_off() -> None:
    assert refusal(excludes=["t1/[vi]*"], changes=CUTTING_OFF) == (
        f"the selection cannot be applied on its own:\n{PORT1_CUTS_OFF_VW}\n{PORT2_CUTS_OFF_IPI}"
    )


def test_the_port_setting_excluded_too_as_the_refusal_says_leaves_both_alone() -> None:
    kept = selected(excludes=["t1/vw", "t1/edge/port1.power"], changes=CUTTING_OFF)
    assert "t1/edge/port2.comm_type" in kept
    assert not {"t1/vw", "t1/edge/port1.power"} & set(kept)


def test_excluding_the_thread_connection_fences_off_its_port_settings_with_its_loggers() -> None:
    assert selected(excludes=["t1"], changes=CUTTING_OFF) == [c.address for c in CHANGES]


def test_a_logger_only_left_out_of_the_targets_does_not_hold_back_the_port_setting() -> None:
    """--target fences what is changed, not what is left alone: the setting's line names the logger
    it cuts off, as a targeted removal's names what it takes with it."""
    assert selected(["t1/edge"], changes=CUTTING_OFF) == [
        "t1",
        "t1/edge/port1.power",
        "t1/edge/port2.comm_type",
    ]


# t1/vw moved by the manifest: the platform records it on port 3, the manifest declares port 1, so port
# 1's link change notes it (the note reads the declared port, right once the move is made with it).
MOVED_TO_PORT_1 = (
    *CHANGES,
    change("t1", Action.NOOP, "in sync"),
    change("t1/vw", Action.UPDATE, "differs", before={"port": 3}, after={"port": 1}),
    setting_change("t1", "port1.comm_type", "RS485", "RS232", loggers_cut_off=(Address("t1/vw"),)),
)


def test_a_port_setting_on_the_port_an_excluded_loggers_move_declares_is_refused_saying_why() -> None:
    """Left alone, the logger stays where the platform records it, port 3; its cable may already be
    on port 1, which the user may have recorded ahead of the move: iotplan cannot know, so it stops."""
    assert refusal(excludes=["t1/vw"], changes=MOVED_TO_PORT_1) == (
        "the selection cannot be applied on its own:\n"
        "  t1/edge/port1.comm_type: its update may cut off the readings of t1/vw, which --exclude leaves "
        "alone: its move to port 1 is excluded, the platform records it on port 3, and its cable may be "
        "on either; exclude it too (--exclude 't1/edge/port1.comm_type'), or narrow the exclusion"
    )


def test_a_port_setting_on_the_port_an_excluded_logger_is_recorded_on_is_refused() -> None:
    """The manifest moves t1/vw off port 1, so port 1's power turned off notes no logger; fenced off,
    the move is not made, and the platform records the logger on port 1 still."""
    changes = (
        *CHANGES,
        change("t1", Action.NOOP, "in sync"),
        change("t1/vw", Action.UPDATE, "differs", before={"port": 1}, after={"port": 3}),
        setting_change("t1", "port1.power", "12V", "off"),
    )
    assert refusal(excludes=["t1/vw"], changes=changes) == (
        "the selection cannot be applied on its own:\n"
        "  t1/edge/port1.power: its update may cut off the readings of t1/vw, which --exclude leaves "
        "alone: its move to port 3 is excluded, the platform records it on port 1, and its cable may be "
        "on either; exclude it too (--exclude 't1/edge/port1.power'), or narrow the exclusion"
    )


def test_a_loggers_move_made_with_the_port_setting_is_no_refusal() -> None:
    assert "t1/edge/port1.comm_type" in selected(excludes=["dam-a"], changes=MOVED_TO_PORT_1)


def test_a_port_setting_cutting_off_neither_port_of_an_excluded_loggers_move_is_selected() -> None:
    changes = (
        *MOVED_TO_PORT_1[:-1],
        setting_change("t1", "port2.comm_type", "RS485", "RS232"),  # neither port 1 nor 3
        setting_change("t1", "port3.baud_rate", 9600, 19200),  # on port 3, cutting nothing off
    )
    assert selected(excludes=["t1/vw"], changes=changes)[-2:] == [
        "t1/edge/port2.comm_type",
        "t1/edge/port3.baud_rate",
    ]


# A kept logger (undeclared, never touched) on port 2, whose link the manifest changes.
KEPT_ON_PORT_2 = (
    *CHANGES,
    change("t1", Action.NOOP, "in sync"),
    change(
        "t1/#032434.vwlogger",
        Action.UNMANAGED,
        "not removable",
        cause=Cause.NOT_REMOVABLE,
        before={"port": 2},
    ),
    setting_change(
        "t1", "port2.comm_type", "RS232", "RS485", loggers_cut_off=(Address("t1/#032434.vwlogger"),)
    ),
)


def test_a_port_setting_cutting_off_an_excluded_kept_logger_is_refused() -> None:
    assert refusal(excludes=["t1/#*"], changes=KEPT_ON_PORT_2) == (
        "the selection cannot be applied on its own:\n"
        "  t1/edge/port2.comm_type: its update would cut off the readings of t1/#032434.vwlogger, which "
        "--exclude leaves alone; exclude it too (--exclude 't1/edge/port2.comm_type'), or narrow the "
        "exclusion"
    )


def test_a_refusal_over_a_typo_is_one_no_observation_count_could_change() -> None:
    with pytest.raises(SelectionError):
        select_changes(CHANGES, ["dam-z*"], [])


def test_a_refusal_where_live_copies_were_told_apart_lets_the_caller_read_counts_first() -> None:
    """Which copy of a connection is kept rests on counts (an uncounted one may hold data), and the
    kept copy decides what the selection can pick: such a refusal is a plain PlanError, on which
    `commands/plan.py` reads the counts and plans again."""
    copies = (*CHANGES, change("dam-a#C0FFEE", Action.REMOVE, "a duplicate", cause=Cause.DUPLICATE))
    with pytest.raises(PlanError) as refused, counts_may_decide(copies):
        select_changes(copies, ["dam-z*"], [])
    assert not isinstance(refused.value, SelectionError) and "matches no address" in str(refused.value)
    with pytest.raises(SelectionError), counts_may_decide(CHANGES):
        select_changes(CHANGES, ["dam-z*"], [])


@pytest.mark.parametrize("target", ["dam-c/logger-1", "dam-c/*", "*/logger-1"])
def test_targeting_what_a_removal_takes_with_it_is_refused_naming_the_removal(target: str) -> None:
    assert refusal([target], changes=(*CHANGES, REMOVED_CONNECTION)) == (
        "the selection cannot be applied on its own:\n"
        "  dam-c/logger-1: goes only with the remove of dam-c, which --target leaves out; "
        "target dam-c instead, or exclude it"
    )


def test_a_target_among_what_a_removal_takes_is_named_before_an_exclusion_it_meets() -> None:
    # The exclusion matters only to a removal the selection makes: the target is the problem.
    message = refusal(["dam-c/logger-1/pz-1"], ["dam-c/logger-1"], changes=(*CHANGES, REMOVED_CONNECTION))
    assert "dam-c/logger-1/pz-1: goes only with the remove of dam-c, which --target leaves out" in message
    assert "--exclude" not in message


def test_targeting_a_removal_takes_what_goes_with_it() -> None:
    assert selected(["dam-c", "dam-c/logger-1"], changes=(*CHANGES, REMOVED_CONNECTION)) == ["dam-c"]
