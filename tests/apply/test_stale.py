"""A saved plan is applied only while the manifest and the live entities it touches are as they were."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable

import pytest

from iotplan.apply.stale import check_not_stale, check_tokens_unchanged, with_token_digests
from iotplan.commands.apply import as_reviewed
from iotplan.errors import StalePlanError
from iotplan.live.model import GatewayStatus, LiveEntity, LiveGateway
from iotplan.plan.address import Address
from iotplan.plan.edge import EdgeContext, edge_changes
from iotplan.plan.model import Action, Change, FieldChange, ManifestSource, Plan
from iotplan.plan.thread import port_sharing_notes
from iotplan.secrets import SECRET_DIGEST
from tests.plan.test_thread import SITE, desired, live_as_declared, planned
from tests.plan.test_thread_shared_port import SECOND_LOGGER
from tests.render import plans
from tests.render.plans import change, in_sync

# Whose change it was, which a saved plan applied again cannot tell (its own earlier apply's?).
BY_WHOM = (
    "by another writer or by an earlier apply of this plan, which may have been cut short or may have "
    "applied it already (iotplan cannot tell which)"
)


def with_changes(*changes: Change) -> Plan:
    return dataclasses.replace(plans.update(), changes=changes)


def stale_message(saved: Plan, fresh: Plan) -> str:
    with pytest.raises(StalePlanError) as raised:
        check_not_stale(saved, fresh)
    return str(raised.value)


def test_a_plan_applied_against_the_same_world_is_not_stale() -> None:
    check_not_stale(plans.update(), plans.update())
    check_not_stale(plans.destruction(), plans.destruction())


def read_here(files: str) -> str:
    """Relative paths are read in the current folder, which the refusal names."""
    return (
        f" (apply read {files} in {os.getcwd()}: a plan made in another checkout or folder is applied from "
        "there, where its files are)"
    )


def made_from(source: ManifestSource) -> Plan:
    return dataclasses.replace(plans.update(), manifest=source)


def test_a_saved_plan_goes_stale_when_its_manifest_changed() -> None:
    saved = made_from(ManifestSource("sites/dams.yaml", "sha256:4f2a9c"))
    fresh = made_from(ManifestSource("sites/dams.yaml", "sha256:000000"))
    assert stale_message(saved, fresh) == (
        "the manifest sites/dams.yaml changed since the plan was made: run iotplan plan again"
        f"{read_here('sites/dams.yaml')}"
    )


def test_a_rendered_manifest_is_named_with_every_file_it_is_rendered_from() -> None:
    """Its digest is of the rendered text: a changed sites.csv is not blamed on the template."""
    saved = made_from(ManifestSource("site.yaml.j2", "sha256:4f2a9c", "vars.yaml", "sites.csv"))
    fresh = made_from(ManifestSource("site.yaml.j2", "sha256:000000", "vars.yaml", "sites.csv"))
    assert stale_message(saved, fresh) == (
        "the rendered manifest (site.yaml.j2 with vars.yaml and sites.csv) changed since the plan was made: "
        f"run iotplan plan again{read_here('site.yaml.j2, vars.yaml and sites.csv')}"
    )


def changed_on_the_platform(update: Change) -> Change:
    """An update as planned again once its entity was changed in the web app: its fingerprint, and a
    value the plan shows of it (`before`), read otherwise."""
    before = {**(update.before or {}), "notes": "set in the web app"}
    return dataclasses.replace(update, fingerprint=f"{update.fingerprint}-changed", before=before)


def test_a_saved_plan_goes_stale_when_an_entity_it_updates_changed() -> None:
    saved = plans.update()
    touched = [changed_on_the_platform(c) if c.address == "dam-a/logger-1" else c for c in saved.changes]
    assert stale_message(saved, with_changes(*touched)) == (
        f"the platform changed since the plan was made (dam-a/logger-1), {BY_WHOM}: run iotplan plan again"
    )


def test_a_saved_plan_goes_stale_when_an_update_would_now_change_other_fields() -> None:
    saved = plans.update()
    widened = [
        dataclasses.replace(c, fields=(*c.fields, FieldChange("notes", "x", None)))
        if c.address == "dam-a"
        else c
        for c in saved.changes
    ]
    assert "(dam-a)" in stale_message(saved, with_changes(*widened))


def test_a_saved_plan_goes_stale_when_a_planned_write_is_no_longer_needed() -> None:
    saved = plans.update()
    fixed = [in_sync(c.address) if c.address == "dam-a/logger-1/pz-1" else c for c in saved.changes]
    assert "(dam-a/logger-1/pz-1)" in stale_message(saved, with_changes(*fixed))


def test_a_saved_plan_goes_stale_when_an_entity_it_removes_is_already_gone() -> None:
    saved = plans.destruction()
    gone = [c for c in saved.changes if c.address != "dam-a/logger-9"]
    assert "(dam-a/logger-9)" in stale_message(saved, dataclasses.replace(saved, changes=tuple(gone)))


def test_a_write_the_saved_plan_did_not_hold_would_be_unreviewed_so_the_plan_is_stale() -> None:
    saved = plans.update()
    extra = change("dam-b/logger-3", Action.CREATE, "not on the platform")
    assert stale_message(saved, with_changes(*saved.changes, extra)).startswith(
        "the plan holds no write for dam-b/logger-3: either the platform changed there since the plan "
        "was made, or the plan file was edited or cut"
    )


def test_entities_the_plan_leaves_alone_may_change_without_making_it_stale() -> None:
    saved = plans.update()
    quiet = [
        dataclasses.replace(c, fingerprint="fp-other", live_id="moved") if c.action is Action.NOOP else c
        for c in saved.changes
    ]
    check_not_stale(saved, with_changes(*quiet))


def test_an_unmanaged_entity_appearing_does_not_make_a_plan_stale() -> None:
    saved = plans.update()
    stranger = change("dam-b/spare", Action.UNMANAGED, "not managed by stack dams", ref_id=None)
    check_not_stale(saved, with_changes(*saved.changes, stranger))


def test_a_long_list_of_changed_entities_names_ten_and_counts_the_rest() -> None:
    saved = with_changes(
        *(change(f"site-{n:02}", Action.UPDATE, "differs", fingerprint="a") for n in range(12))
    )
    fresh = with_changes(*map(changed_on_the_platform, saved.changes))
    named = ", ".join(f"site-{n:02}" for n in range(10))
    assert stale_message(saved, fresh) == (
        f"the platform changed since the plan was made ({named} and 2 more), {BY_WHOM}: "
        "run iotplan plan again"
    )


def stale_cases() -> dict[str, tuple[Plan, Plan]]:
    """(saved, fresh): the cases above, and an in-sync entity of the saved plan changed since."""
    saved = plans.update()
    removal = with_changes(*plans.destruction().changes, in_sync("dam-c"))
    edited = [dataclasses.replace(c, fingerprint="fp-edited") for c in saved.changes]
    fixed = [in_sync(c.address) if c.action is not Action.NOOP else c for c in saved.changes]
    drifted = [
        change(c.address, Action.UPDATE, "differs", fingerprint="fp") if c.action is Action.NOOP else c
        for c in saved.changes
    ]
    return {
        "unchanged": (saved, saved),
        "touched": (saved, with_changes(*edited)),
        "no longer needed": (saved, with_changes(*fixed)),
        "already gone": (removal, with_changes(*removal.changes[1:])),
        "in sync then, not now": (saved, with_changes(*drifted)),
        "every live id changed, nothing to write did": (
            saved,
            with_changes(*(dataclasses.replace(c, live_id="moved") for c in saved.changes)),
        ),
    }


@pytest.mark.parametrize("case", list(stale_cases()))
def test_a_saved_plan_as_an_apply_holds_it_goes_stale_exactly_when_the_whole_would(case: str) -> None:
    saved, fresh = stale_cases()[case]
    assert any(c.action is Action.NOOP for c in saved.changes), "the case must have in-sync entities"
    kept = as_reviewed(saved)
    assert kept.changes == saved.writes
    assert _outcome(kept, fresh) == _outcome(saved, fresh)


def _outcome(saved: Plan, fresh: Plan) -> str:
    try:
        check_not_stale(saved, fresh)
    except StalePlanError as error:
        return str(error)
    return "applies"


def test_a_token_that_alone_differs_is_named_as_a_token_not_as_the_platform() -> None:
    saved = plans.update()
    token = FieldChange("auth_token", "(sensitive)", "${env:DAM_A_TOKEN}", sensitive=True)
    rotated = [
        dataclasses.replace(c, action=Action.UPDATE, fields=(token,)) if c.address == "dam-b" else c
        for c in saved.changes
    ]
    assert stale_message(saved, with_changes(*rotated)) == (
        "a token differs from when the plan was made (dam-b): its ${env:...} variable or the "
        "platform's token changed: run iotplan plan again"
    )


def test_a_token_beside_another_field_is_not_told_as_a_token_s_change() -> None:
    saved = plans.update()
    token = FieldChange("auth_token", "(sensitive)", "${env:DAM_A_TOKEN}", sensitive=True)
    both = [
        dataclasses.replace(c, action=Action.UPDATE, fields=(token, FieldChange("notes", "x", None)))
        if c.address == "dam-b"
        else c
        for c in saved.changes
    ]
    message = stale_message(saved, with_changes(*both))
    assert message.startswith("the plan holds no write for dam-b: either the platform changed there since")
    assert "a token differs" not in message


def test_a_token_beside_a_reviewed_change_is_named_as_a_token_not_as_an_edited_file() -> None:
    """The reviewed write (a rename) stands as it was; the token the fresh one adds is all that moved."""
    saved = plans.update()
    token = FieldChange("auth_token", "(sensitive)", "${env:DAM_A_TOKEN}", sensitive=True)
    rotated = [
        dataclasses.replace(c, fields=(*c.fields, token)) if c.address == "dam-a/logger-1" else c
        for c in saved.changes
    ]
    assert stale_message(saved, with_changes(*rotated)) == (
        "a token differs from when the plan was made (dam-a/logger-1): its ${env:...} variable or the "
        "platform's token changed: run iotplan plan again"
    )


def test_a_token_beside_a_reviewed_change_that_differs_too_is_not_told_as_a_token_s_change() -> None:
    saved = plans.update()
    token = FieldChange("auth_token", "(sensitive)", "${env:DAM_A_TOKEN}", sensitive=True)
    renamed = FieldChange("name", "Crest loger", "Crest logger 2")
    both = [
        dataclasses.replace(c, fields=(renamed, token)) if c.address == "dam-a/logger-1" else c
        for c in saved.changes
    ]
    assert "a token differs" not in stale_message(saved, with_changes(*both))


def connection_removal(observations: int, *collateral: str) -> Plan:
    """dam-a goes with what stands in it, as `plan --destroy --prune-unmanaged` would remove it."""
    removal = change(
        "dam-a",
        Action.REMOVE,
        "not in the manifest; owned by stack dams",
        live_id="conn-a",
        observations=observations,
        fingerprint="fp-dam-a",
        collateral=tuple(Address(each) for each in collateral),
    )
    return with_changes(removal)


def test_a_removal_that_would_now_take_an_entity_not_reviewed_is_stale() -> None:
    saved = connection_removal(100, "dam-a/logger-1", "dam-a/logger-1/pz-1")
    # Another stack adopted the connection and put a device in it; dam-a's own props did not change.
    fresh = connection_removal(100, "dam-a/logger-1", "dam-a/gauge", "dam-a/logger-1/pz-1", "dam-a/gauge/g-1")
    assert stale_message(saved, fresh) == (
        "the platform changed since the plan was made: remove dam-a: 2 entities not reviewed would go "
        "with it (dam-a/gauge, dam-a/gauge/g-1): run iotplan plan again"
    )


def test_a_removal_that_would_now_destroy_observations_where_none_were_reviewed_is_stale() -> None:
    saved = connection_removal(0, "dam-a/logger-1")
    assert stale_message(saved, connection_removal(250_000, "dam-a/logger-1")) == (
        "the platform changed since the plan was made: remove dam-a: it would destroy 250,000 "
        "observations, none when reviewed: run iotplan plan again"
    )


def test_a_removal_reviewed_with_an_unknown_count_takes_whatever_is_counted_now() -> None:
    """Reviewed as "an unknown number, treated as holding data" and allowed so with --allow-destroy:
    a count read now is no change. It was told "none when reviewed", and every apply refused."""
    unknown = dataclasses.replace(
        connection_removal(0, "dam-a/logger-1").changes[0], observations_unknown=True
    )
    check_not_stale(with_changes(unknown), connection_removal(50, "dam-a/logger-1"))


def test_a_removal_whose_reviewed_count_is_below_zero_counts_as_reviewed_holding_none() -> None:
    """No plan iotplan writes says -1 (its reader refuses one): a Plan built otherwise is not trusted."""
    saved = connection_removal(-1, "dam-a/logger-1")
    assert "it would destroy 50 observations, none when reviewed" in stale_message(
        saved, connection_removal(50, "dam-a/logger-1")
    )


def test_a_removal_whose_other_sensor_started_holding_data_is_stale() -> None:
    taken = ("dam-a/logger-1", "dam-a/logger-1/pz-1", "dam-a/logger-1/pz-2")
    saved = with_changes(
        dataclasses.replace(connection_removal(10, *taken).changes[0], holding=(Address(taken[1]),))
    )
    holding = (Address(taken[1]), Address(taken[2]))
    fresh = with_changes(dataclasses.replace(connection_removal(17, *taken).changes[0], holding=holding))
    assert stale_message(saved, fresh) == (
        "the platform changed since the plan was made: remove dam-a: data on 1 sensor that held none "
        "when reviewed (dam-a/logger-1/pz-2): run iotplan plan again"
    )


def test_a_removal_saved_before_holding_was_recorded_is_not_called_stale_for_its_data() -> None:
    taken = ("dam-a/logger-1", "dam-a/logger-1/pz-1")
    saved = with_changes(dataclasses.replace(connection_removal(10, *taken).changes[0], holding=None))
    fresh = with_changes(
        dataclasses.replace(connection_removal(10, *taken).changes[0], holding=(Address(taken[1]),))
    )
    check_not_stale(saved, fresh)


def saved_before_holding_was_recorded(observations: int, *collateral: str) -> Plan:
    return with_changes(
        dataclasses.replace(connection_removal(observations, *collateral).changes[0], holding=None)
    )


def test_a_removal_saved_before_holding_was_recorded_is_stale_when_its_data_grew() -> None:
    """A sensor that held none may have started since: which ones held the 5 reviewed is not known."""
    taken = ("dam-a/weather", "dam-a/weather/air-temp", "dam-a/weather/battery")
    holding = (Address(taken[1]), Address(taken[2]))
    fresh = with_changes(dataclasses.replace(connection_removal(9, *taken).changes[0], holding=holding))
    assert stale_message(saved_before_holding_was_recorded(5, *taken), fresh) == (
        "the platform changed since the plan was made: remove dam-a: it would destroy 9 observations, "
        "5 observations when reviewed, and the plan does not record which of the sensors it takes held "
        "data then (plans record it since format 1.3), so a sensor that held none may have started "
        "since: run iotplan plan again"
    )


def test_a_removal_saved_before_holding_was_recorded_that_counted_none_knows_none_held_data() -> None:
    """Its sensors held none when reviewed: the one that started is named, as a newer plan's is."""
    taken = ("dam-a/logger-1", "dam-a/logger-1/pz-1")
    fresh = with_changes(
        dataclasses.replace(
            connection_removal(0, *taken).changes[0],
            observations_unknown=True,
            holding=(Address(taken[1]),),
            uncounted=(Address(taken[1]),),
        )
    )
    assert "the counts of 1 sensor it takes (dam-a/logger-1/pz-1)" in stale_message(
        saved_before_holding_was_recorded(0, *taken), fresh
    )


def test_a_removal_reviewed_with_its_data_still_applies_while_its_sensors_report() -> None:
    """Up to twice the count reviewed: past it, most of what it destroys was never shown."""
    check_not_stale(connection_removal(100, "dam-a/logger-1"), connection_removal(200, "dam-a/logger-1"))


def test_a_removal_whose_observations_can_no_longer_be_counted_is_stale() -> None:
    saved = connection_removal(100)
    fresh = with_changes(dataclasses.replace(connection_removal(0).changes[0], observations_unknown=True))
    assert "remove dam-a: its observations can no longer be counted" in stale_message(saved, fresh)


def test_a_removal_that_would_now_take_less_than_reviewed_still_applies() -> None:
    check_not_stale(
        connection_removal(100, "dam-a/logger-1", "dam-a/logger-2"), connection_removal(40, "dam-a/logger-1")
    )


def test_updates_are_not_stale_because_their_sensors_reported() -> None:
    """But for a data-model change of one that held none when reviewed (below): it rereads history."""
    saved = plans.update()
    reported = [dataclasses.replace(c, observations=c.observations + 500) for c in saved.changes]
    check_not_stale(with_changes(*saved.changes[:2]), with_changes(*reported[:2]))


# A saved plan writes only the token it was reviewed with (format 1.5): a digest of each token a
# write sets, compared with the one the environment of the apply gives.
REFERENCE = "${env:DAM_A_TOKEN}"
TOKEN = "feed-token-0123456789"


def recorded(plan: Plan, token: str = TOKEN) -> Plan:
    return with_token_digests(plan, {REFERENCE: token}.get)


def token_refusal(saved: Plan, token: str | None) -> str:
    with pytest.raises(StalePlanError) as raised:
        check_tokens_unchanged(saved, {REFERENCE: token}.get if token else {}.get)
    return str(raised.value)


@pytest.mark.parametrize("made", [plans.creation, plans.update])
def test_a_saved_plan_applies_with_the_token_it_was_reviewed_with(made: Callable[[], Plan]) -> None:
    check_tokens_unchanged(recorded(made()), {REFERENCE: TOKEN}.get)


@pytest.mark.parametrize("made", [plans.creation, plans.update])
def test_another_token_at_apply_than_the_one_reviewed_is_refused_by_name(made: Callable[[], Plan]) -> None:
    assert token_refusal(recorded(made()), "another-token-98765") == (
        "a token differs from when the plan was made (dam-a (${env:DAM_A_TOKEN})): the environment gives it "
        "another value than the one reviewed: run iotplan plan again with the token to write"
    )


def test_a_token_is_recorded_salted_per_plan_and_only_on_the_write_that_sets_it() -> None:
    first, second = recorded(plans.update()), recorded(plans.update())
    digests = [change.secret_digest for change in first.changes if change.secret_digest]
    assert digests == [first.changes[0].secret_digest]
    assert SECRET_DIGEST.fullmatch(digests[0]) and TOKEN not in digests[0]
    assert second.changes[0].secret_digest != digests[0]  # one token, two plans: not linkable


def test_an_update_that_resends_the_token_the_platform_holds_records_none() -> None:
    """Compared equal when planned: a fresh plan finds another one as a write the plan lacks."""
    [token_write, *rest] = plans.update().changes
    renamed = dataclasses.replace(token_write, fields=(FieldChange("name", "Dam", "Dam A"),))
    saved = recorded(with_changes(renamed, *rest))
    assert all(change.secret_digest is None for change in saved.changes)
    check_tokens_unchanged(saved, {REFERENCE: "another-token-98765"}.get)


def test_a_token_too_short_to_record_makes_a_saved_plan_that_is_refused() -> None:
    saved = recorded(plans.update(), "tok-15-chars-xx")
    assert all(change.secret_digest is None for change in saved.changes)
    refusal = token_refusal(saved, "tok-15-chars-xx")
    assert refusal.startswith(
        "this plan writes a token shorter than 16 characters (dam-a (${env:DAM_A_TOKEN})): a saved plan "
        "records none so short, as anyone who can read the plan could find it by trying values"
    )
    assert "tok-15" not in refusal


def test_a_plan_saved_before_tokens_were_recorded_is_checked_as_it_always_was() -> None:
    older = dataclasses.replace(plans.update(), format_version="1.4")
    check_tokens_unchanged(older, {REFERENCE: "another-token-98765"}.get)


def test_a_recorded_token_is_compared_whatever_format_the_plan_says_it_is() -> None:
    """Its reader refuses a digest in a 1.4 plan: this holds for a Plan built otherwise too."""
    older = dataclasses.replace(recorded(plans.update()), format_version="1.4")
    assert "a token differs from when the plan was made" in token_refusal(older, "another-token-98765")


def test_a_token_unset_at_apply_is_left_to_the_fresh_plan_which_names_it() -> None:
    check_tokens_unchanged(recorded(plans.update()), {}.get)


def test_a_write_the_plan_lacks_names_a_version_difference_as_a_possible_cause() -> None:
    """The plan and the apply jobs of a pipeline may install different iotplan versions."""
    saved = dataclasses.replace(plans.update(), made_by="0.9.0")
    notes = FieldChange("notes", "x", None)
    changes = [
        dataclasses.replace(c, action=Action.UPDATE, fields=(notes,)) if c.address == "dam-b" else c
        for c in saved.changes
    ]
    fresh = dataclasses.replace(saved, changes=tuple(changes), made_by="1.0.0")
    message = stale_message(saved, fresh)
    assert message.startswith("the plan holds no write for dam-b: either the platform changed there since")
    assert "the plan was made by iotplan 0.9.0 and this is iotplan 1.0.0, which may plan otherwise" in message


# --- a gateway the apply's plan could not read -----------------------------------------------
NODE = Address("tunnel")
GATEWAY_HOST = "192.0.2.10"
DECLARED = {"port1.baud_rate": 9600, "port1.comm_type": "RS485"}


def with_gateway(status: GatewayStatus, message: str = "", *others: Change) -> Plan:
    """A plan of the THREAD `tunnel` whose gateway read as `status` (ok: its settings all differ)."""
    live = LiveGateway(GATEWAY_HOST, status, message, serial="6C7D8E", settings={}, ports=frozenset({1}))
    changes, _ = edge_changes(EdgeContext(NODE, plans.PROJECT, "/fn/6C7D8E/node"), DECLARED, live)
    return with_changes(*others, *changes)


def test_a_gateway_asleep_at_apply_is_named_not_taken_for_a_platform_that_changed() -> None:
    """Its settings are missing from the fresh plan because they could not be read, which says
    nothing of a change: planned again they would be pending too, so the advice is to wait."""
    message = stale_message(
        with_gateway(GatewayStatus.OK),
        with_gateway(GatewayStatus.ASLEEP, f"the gateway at {GATEWAY_HOST} is asleep"),
    )
    assert message == (
        f"tunnel/edge is pending (asleep: the gateway at {GATEWAY_HOST} is asleep), where the plan writes "
        "2 settings: what the plan writes there could not be checked against it: apply the plan again "
        "when the gateway answers"
    )


def test_a_gateway_another_thread_now_answers_for_is_named_an_identity_mismatch() -> None:
    """The box at its edge.host reports another serial: its settings are missing from the fresh plan
    for that, not because the platform changed; the refusal quotes the mismatch."""
    mismatch = f"the gateway at {GATEWAY_HOST} reports serial 8A9B0C, not 6C7D8E: nothing was read or written"
    message = stale_message(with_gateway(GatewayStatus.OK), with_gateway(GatewayStatus.MISMATCH, mismatch))
    assert message == (
        f"tunnel/edge is refused (identity mismatch: {mismatch}), where the plan writes 2 settings: another "
        "THREAD answers where the plan was made against its node's own: nothing is written; run iotplan plan "
        "again once the node's gateway answers at its edge.host"
    )


def held_while_the_gateway_sleeps(edge: str) -> str:
    """Why a saved plan creating logger vw on port 3 (while the gateway of `edge` was awake) is
    refused once the gateway sleeps."""
    site = SITE.replace("devices:", f"edge: {edge}\n        devices:")
    new = site + (
        "          - {key: vw, type: VW_LOGGER, serial: '099001', port: 3, "
        "sensors: [{key: pz-1, type: VW_PIEZOMETER, mux_index: 1}]}\n"
    )
    connection = live_as_declared(desired(site))
    awake = LiveGateway(
        "127.0.0.1:8404", GatewayStatus.OK, serial="6C7D8E", settings={}, ports=frozenset({1, 2, 3})
    )
    asleep = LiveGateway("127.0.0.1:8404", GatewayStatus.ASLEEP, "the gateway at 127.0.0.1:8404 is asleep")
    saved = as_reviewed(planned(desired(new), connection, gateways={"thread": awake}))
    return stale_message(saved, planned(desired(new), connection, gateways={"thread": asleep}))


def test_a_logger_held_for_its_port_while_the_gateway_sleeps_is_named_pending_not_changed() -> None:
    """A logger the saved plan creates on a port not every model has is held (pending) while its
    gateway cannot confirm the port: nothing on the platform changed, and planned again it would be
    held too."""
    message = held_while_the_gateway_sleeps("{host: 127.0.0.1:8404, port1: {baud_rate: 9600}}")
    assert "changed since" not in message
    assert message.startswith("thread/edge is pending (asleep: the gateway at 127.0.0.1:8404 is asleep)")
    assert "thread/vw is pending (not on the platform; held, not created: port 3 is not confirmed" in message
    assert message.endswith("apply the plan again when the gateway answers")


def test_a_held_logger_alone_is_refused_where_the_plan_sets_no_gateway_setting() -> None:
    """The edge block names only the host: no setting goes unread, but the logger is still held."""
    message = held_while_the_gateway_sleeps("{host: 127.0.0.1:8404}")
    assert "changed since" not in message
    assert message.startswith(
        "thread/vw is pending (not on the platform; held, not created: port 3 is not confirmed"
    )
    assert message.endswith("apply the plan again when the gateway answers")


def test_an_entity_changed_beside_an_unread_gateway_is_told_as_the_change_it_is() -> None:
    updated = change("dam-a", Action.UPDATE, "differs", fingerprint="fp-reviewed")
    edited = changed_on_the_platform(updated)
    message = stale_message(
        with_gateway(GatewayStatus.OK, "", updated),
        with_gateway(GatewayStatus.UNREACHABLE, f"no THREAD answers at {GATEWAY_HOST}", edited),
    )
    assert (
        message == f"the platform changed since the plan was made (dam-a), {BY_WHOM}: run iotplan plan again"
    )


# --- a note the review did not show ----------------------------------------------------------
def new_logger_on_port_1(beside_an_old_one: bool) -> Plan:
    """A THREAD plan creating logger `thread/vw` on port 1, where a logger of another serial may have
    been put since (in the web app), which the plan notes on the new logger's line."""
    connection = live_as_declared(desired())
    if beside_an_old_one:
        old = "/fn/6C7D8E/node/vwlogger/099000/device"
        connection.devices.append(LiveEntity(old, {"NAME": "old vw", "EXTERNAL_PORT": 1}, None, "VW_LOGGER"))
        connection.sensors[old] = []
    return planned(desired(SITE + SECOND_LOGGER.replace("port: 2", "port: 1")), connection)


def test_a_port_sharing_note_that_appeared_since_the_review_makes_the_saved_plan_stale() -> None:
    """Nothing it writes changed, yet the note warning of a `port:` typo would go unseen."""
    saved = as_reviewed(new_logger_on_port_1(beside_an_old_one=False))
    fresh = new_logger_on_port_1(beside_an_old_one=True)
    [note] = port_sharing_notes(next(c for c in fresh.changes if c.address == "thread/vw"))
    assert stale_message(saved, fresh) == (
        "the platform changed since the plan was made, and the plan now notes what its review did not "
        f"show: thread/vw: {note}. Run iotplan plan again to review it"
    )


def test_a_port_sharing_note_the_review_showed_does_not_make_the_saved_plan_stale() -> None:
    check_not_stale(as_reviewed(new_logger_on_port_1(True)), new_logger_on_port_1(True))


def metrics_update(observations: int) -> Plan:
    return with_changes(
        change(
            "dam-a/logger-1/pz-1",
            Action.UPDATE,
            "differs from the manifest",
            live_id="id-pz-1",
            fingerprint="fp-pz-1",
            fields=(FieldChange("metrics[0].metric", "pore_pressure", "temperature_raw"),),
            touches_data_model=True,
            observations=observations,
        )
    )


def test_a_data_model_change_of_a_sensor_that_held_no_history_when_reviewed_and_holds_some_now_is_stale() -> (
    None
):
    assert stale_message(metrics_update(0), metrics_update(50)) == (
        "the platform changed since the plan was made: update dam-a/logger-1/pz-1: it would change how "
        "50 observations read, none when reviewed: run iotplan plan again"
    )


def test_a_data_model_change_reviewed_with_history_still_applies_while_its_sensor_reports() -> None:
    check_not_stale(metrics_update(100), metrics_update(150))
