"""plan/guards.py: what must hold before the first write, each guard at its boundary."""

from __future__ import annotations

import pytest

from iotplan.errors import IotplanError
from iotplan.plan.guards import (
    LISTED,
    Permissions,
    refuse_data_loss,
    refuse_data_model_changes,
    refuse_disconnects,
    refuse_unsafe,
    refuse_unset_secrets,
)
from iotplan.plan.model import Action, Change
from tests.plan.edgebuilder import setting_change
from tests.render.plans import change, plan

TOKEN = "${env:DAM_A_TOKEN}"
NOTHING_SET = lambda reference: None  # noqa: E731
EVERYTHING_SET = lambda reference: "a-token"  # noqa: E731


def removal(address: str, observations: int = 0, unknown: bool = False, action: Action = Action.REMOVE):
    return change(
        address, action, "not in the manifest", observations=observations, observations_unknown=unknown
    )


def refusal(guard, *changes: Change, **permissions: bool) -> str:
    with pytest.raises(IotplanError) as raised:
        guard(plan(*changes), Permissions(**permissions))
    return str(raised.value)


# --- data loss -------------------------------------------------------------------------------
def test_a_removal_that_destroys_one_observation_is_refused_and_names_its_address() -> None:
    assert refusal(refuse_data_loss, removal("dam-a/logger-1/pz-1", observations=1)) == (
        "this apply would destroy 1 observation, which cannot be recovered:\n"
        "  dam-a/logger-1/pz-1: 1 observation\n"
        "Re-run with --allow-destroy if that is intended."
    )


def test_a_replacement_that_destroys_one_observation_is_refused_too() -> None:
    message = refusal(refuse_data_loss, removal("dam-a/logger-1", observations=1, action=Action.REPLACE))
    assert "  dam-a/logger-1: 1 observation\n" in message


def test_a_removal_of_what_holds_no_observation_goes_through() -> None:
    refuse_data_loss(plan(removal("dam-a/logger-1/pz-1", observations=0)), Permissions())


def test_a_removal_whose_count_was_not_reported_is_refused_as_at_least_what_was_counted() -> None:
    message = refusal(
        refuse_data_loss,
        removal("dam-a", observations=1200, unknown=True),
        removal("dam-b/logger-2/tilt-1", observations=34),
    )
    assert message == (
        "this apply would destroy at least 1,234 observations, which cannot be recovered:\n"
        "  dam-a: at least 1,200 observations (no count the platform gave can be relied on for the rest)\n"
        "  dam-b/logger-2/tilt-1: 34 observations\n"
        "Re-run with --allow-destroy if that is intended."
    )


def test_a_removal_with_no_count_at_all_is_refused_though_nothing_was_counted() -> None:
    message = refusal(refuse_data_loss, removal("dam-a/logger-1", unknown=True))
    assert message.startswith("this apply would destroy an unknown number of observations")
    assert (
        "  dam-a/logger-1: an unknown number of observations (no count the platform gave can be relied on)"
        in message
    )


def test_updates_and_creations_never_count_as_data_loss() -> None:
    kept = [
        change(address, action, "differs", observations=5, observations_unknown=True)
        for address, action in (("dam-a", Action.UPDATE), ("dam-b", Action.CREATE), ("dam-c", Action.NOOP))
    ]
    refuse_data_loss(plan(*kept), Permissions())


def test_allow_destroy_lets_a_removal_with_history_through() -> None:
    refuse_data_loss(plan(removal("dam-a", observations=10, unknown=True)), Permissions(allow_destroy=True))


def test_the_other_permissions_do_not_allow_destroying_history() -> None:
    refusal(refuse_data_loss, removal("dam-a", 10), allow_disconnect=True, allow_data_model_change=True)


def test_a_long_refusal_names_connections_then_devices_then_sensors() -> None:
    """In plan order, the removal of a connection (last in a plan) was in "and 196 more"."""
    sensors = [removal(f"c60/d{n}/s9", observations=1) for n in range(LISTED + 3)]
    message = refusal(refuse_data_loss, *sensors, removal("c61/d0", 30), removal("c50", observations=271_281))
    lines = message.splitlines()
    assert lines[1:4] == [
        "  c50: 271,281 observations",
        "  c61/d0: 30 observations",
        "  c60/d0/s9: 1 observation",
    ]
    assert lines[-2] == "  and 5 more"


def test_a_long_refusal_names_twenty_addresses_and_counts_the_rest() -> None:
    many = [removal(f"dam-{n:02}", observations=1) for n in range(LISTED + 3)]
    message = refusal(refuse_data_loss, *many)
    lines = message.splitlines()
    assert lines[1:21] == [f"  dam-{n:02}: 1 observation" for n in range(20)]
    assert lines[21] == "  and 3 more"
    assert "23 observations" in lines[0]


def test_exactly_twenty_addresses_are_all_named_with_no_remainder_line() -> None:
    message = refusal(refuse_data_loss, *[removal(f"dam-{n:02}", observations=1) for n in range(LISTED)])
    assert "more" not in message and "dam-19: 1 observation" in message


def test_twenty_one_addresses_say_one_more() -> None:
    message = refusal(refuse_data_loss, *[removal(f"dam-{n:02}", observations=1) for n in range(LISTED + 1)])
    assert message.splitlines()[21] == "  and 1 more" and "dam-20" not in message


def test_only_what_destroys_data_is_listed() -> None:
    message = refusal(refuse_data_loss, removal("dam-a", observations=0), removal("dam-b", observations=2))
    assert "dam-a" not in message and "  dam-b: 2 observations" in message


# --- data-model changes ------------------------------------------------------------------------
def metrics_update(address: str, observations: int = 0, unknown: bool = False, touches: bool = True):
    return change(
        address,
        Action.UPDATE,
        "differs",
        touches_data_model=touches,
        observations=observations,
        observations_unknown=unknown,
    )


def test_new_units_on_a_sensor_with_history_are_refused_and_name_it() -> None:
    assert refusal(refuse_data_model_changes, metrics_update("dam-a/logger-1/pz-1", 7)) == (
        "this apply would change the metrics or units of sensors that hold observations, which changes how "
        "their history reads:\n  dam-a/logger-1/pz-1: 7 observations\n"
        "Re-run with --allow-data-model-change if that is intended."
    )


def test_new_units_on_a_sensor_whose_count_is_unknown_are_refused() -> None:
    message = refusal(refuse_data_model_changes, metrics_update("dam-a/logger-1/pz-1", unknown=True))
    assert "pz-1: an unknown number of observations (no count the platform gave can be relied on)" in message
    assert "of sensors that hold or may hold observations" in message  # never said to hold them


def test_new_units_on_a_sensor_without_history_go_through() -> None:
    refuse_data_model_changes(plan(metrics_update("dam-a/logger-1/pz-1", 0)), Permissions())


def test_a_rename_of_a_sensor_with_history_is_not_a_data_model_change() -> None:
    refuse_data_model_changes(plan(metrics_update("dam-a/logger-1/pz-1", 7, touches=False)), Permissions())


def test_allow_data_model_change_lets_new_units_through() -> None:
    permissions = Permissions(allow_data_model_change=True)
    refuse_data_model_changes(plan(metrics_update("dam-a/logger-1/pz-1", 7)), permissions)


def test_the_other_permissions_do_not_allow_a_data_model_change() -> None:
    refusal(refuse_data_model_changes, metrics_update("pz", 7), allow_destroy=True, allow_disconnect=True)


def test_a_data_model_refusal_lists_twenty_and_counts_the_rest() -> None:
    message = refusal(refuse_data_model_changes, *[metrics_update(f"d/l/s{n:02}", 1) for n in range(22)])
    assert message.splitlines()[-2] == "  and 2 more"


# --- disconnecting settings --------------------------------------------------------------------
def cutting(address_setting: str = "cloud_connection", action: Action = Action.UPDATE, cuts_off: bool = True):
    return setting_change("thread-north", address_setting, "mqtt", "https", action=action, cuts_off=cuts_off)


def test_a_setting_that_can_cut_a_gateway_off_is_refused_and_named() -> None:
    assert refusal(refuse_disconnects, cutting()) == (
        "this apply would write gateway settings that can cut a gateway off from the platform:\n"
        "  thread-north/edge/cloud_connection\n"
        "Re-run with --allow-disconnect if that is intended."
    )


def test_a_cutting_setting_that_is_already_in_place_is_not_refused() -> None:
    refuse_disconnects(plan(cutting(action=Action.NOOP)), Permissions())


def test_an_ordinary_setting_is_never_refused() -> None:
    refuse_disconnects(plan(cutting("port1.baud_rate", cuts_off=False)), Permissions())


def test_allow_disconnect_lets_a_cutting_setting_through() -> None:
    refuse_disconnects(plan(cutting()), Permissions(allow_disconnect=True))


def test_the_other_permissions_do_not_allow_a_disconnect() -> None:
    refusal(refuse_disconnects, cutting(), allow_destroy=True, allow_data_model_change=True)


def test_a_disconnect_refusal_lists_twenty_and_counts_the_rest() -> None:
    message = refusal(refuse_disconnects, *[cutting(f"s{n:02}") for n in range(21)])
    assert message.splitlines()[-2] == "  and 1 more"


# --- unset secrets -----------------------------------------------------------------------------
def carrying(address: str, action: Action, token: object = TOKEN, after: bool = True) -> Change:
    return change(address, action, "differs", after={"name": "Dam", "auth_token": token} if after else None)


def secret_refusal(*changes: Change, lookup=NOTHING_SET) -> str:
    with pytest.raises(IotplanError) as raised:
        refuse_unset_secrets(plan(*changes), lookup)
    return str(raised.value)


# A connection that exists may leave a token nobody knows unmanaged; one to create would have none.
LEFT_UNMANAGED = (
    "\nOr, where nobody knows the token of a connection that exists already, delete its `auth_token:` line: "
    "iotplan then leaves the token as the platform holds it, unmanaged (but where updates replace props, "
    "check-platform A2, the next update of the connection drops it)."
)


@pytest.mark.parametrize(("action", "way_out"), [(Action.CREATE, ""), (Action.UPDATE, LEFT_UNMANAGED)])
def test_a_write_carrying_an_unset_secret_is_refused_in_one_line_naming_it(
    action: Action, way_out: str
) -> None:
    assert secret_refusal(carrying("dam-a", action)) == (
        f"dam-a: auth_token {TOKEN} is not set (or empty) in the environment\n"
        "Export DAM_A_TOKEN (or set the CI secret) and re-run." + way_out
    )


def test_several_unset_secrets_are_listed_under_one_heading() -> None:
    message = secret_refusal(carrying("dam-a", Action.CREATE), carrying("dam-b", Action.UPDATE, "${env:B}"))
    assert message == (
        "secrets this plan needs are not set:\n"
        f"  dam-a: auth_token {TOKEN} is not set (or empty) in the environment\n"
        "  dam-b: auth_token ${env:B} is not set (or empty) in the environment\n"
        "Export DAM_A_TOKEN, B (or set the CI secrets) and re-run." + LEFT_UNMANAGED
    )


def test_a_secret_that_is_set_goes_through() -> None:
    refuse_unset_secrets(
        plan(carrying("dam-a", Action.CREATE), carrying("dam-b", Action.UPDATE)), EVERYTHING_SET
    )


def test_the_lookup_is_asked_for_the_reference_the_manifest_gives() -> None:
    asked: list[str] = []

    def lookup(reference: str) -> str | None:
        asked.append(reference)
        return "set" if reference == TOKEN else None

    refuse_unset_secrets(plan(carrying("dam-a", Action.UPDATE)), lookup)
    assert asked == [TOKEN]


@pytest.mark.parametrize("action", [Action.REMOVE, Action.NOOP, Action.UNMANAGED, Action.REPLACE])
def test_a_change_that_writes_no_secret_needs_none_set(action: Action) -> None:
    refuse_unset_secrets(plan(carrying("dam-a", action)), NOTHING_SET)


def test_a_change_with_nothing_after_it_needs_no_secret() -> None:
    refuse_unset_secrets(plan(carrying("dam-a", Action.UPDATE, after=False)), NOTHING_SET)


def test_a_change_without_a_token_needs_no_secret() -> None:
    refuse_unset_secrets(plan(carrying("dam-a", Action.CREATE, token=None)), NOTHING_SET)


def test_an_empty_reference_is_still_looked_up() -> None:
    assert secret_refusal(carrying("dam-a", Action.CREATE, token="")).startswith(
        "dam-a: auth_token  is not set"
    )


def test_only_the_unset_secrets_are_named() -> None:
    lookup = lambda reference: "set" if reference == TOKEN else None  # noqa: E731
    message = secret_refusal(
        carrying("dam-a", Action.CREATE), carrying("dam-b", Action.CREATE, "${env:B}"), lookup=lookup
    )
    assert message == (
        "dam-b: auth_token ${env:B} is not set (or empty) in the environment\n"
        "Export B (or set the CI secret) and re-run."
    )


def test_a_long_list_of_unset_secrets_names_twenty_and_counts_the_rest() -> None:
    message = secret_refusal(*[carrying(f"dam-{n:02}", Action.CREATE) for n in range(LISTED + 2)])
    assert message.splitlines()[-2:] == [
        "  and 2 more",
        "Export DAM_A_TOKEN (or set the CI secret) and re-run.",  # each variable once
    ]


# --- all of them, before the first write --------------------------------------------------------
def test_refuse_unsafe_checks_data_loss_first() -> None:
    with pytest.raises(IotplanError, match="--allow-destroy"):
        refuse_unsafe(
            plan(removal("dam-a", 3), metrics_update("dam-b/l/s", 3), cutting()), Permissions(), NOTHING_SET
        )


def test_refuse_unsafe_checks_data_model_changes() -> None:
    with pytest.raises(IotplanError, match="--allow-data-model-change"):
        refuse_unsafe(
            plan(metrics_update("dam-b/l/s", 3), cutting()), Permissions(allow_destroy=True), NOTHING_SET
        )


def test_refuse_unsafe_checks_disconnects() -> None:
    with pytest.raises(IotplanError, match="--allow-disconnect"):
        refuse_unsafe(plan(cutting(), carrying("dam-a", Action.CREATE)), Permissions(), NOTHING_SET)


def test_refuse_unsafe_checks_secrets_with_the_lookup_it_is_given() -> None:
    with pytest.raises(IotplanError, match="is not set"):
        refuse_unsafe(plan(carrying("dam-a", Action.CREATE)), Permissions(), NOTHING_SET)
    refuse_unsafe(plan(carrying("dam-a", Action.CREATE)), Permissions(), EVERYTHING_SET)


def test_with_every_permission_and_every_secret_set_a_risky_plan_goes_through() -> None:
    everything = Permissions(allow_destroy=True, allow_disconnect=True, allow_data_model_change=True)
    risky = plan(
        removal("dam-a", 3), metrics_update("dam-b/l/s", 3), cutting(), carrying("dam-c", Action.CREATE)
    )
    refuse_unsafe(risky, everything, EVERYTHING_SET)


def test_nothing_is_allowed_by_default() -> None:
    assert Permissions() == Permissions(
        allow_destroy=False, allow_disconnect=False, allow_data_model_change=False
    )
