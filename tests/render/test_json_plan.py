"""The JSON plan: versioned, stable, and read back into the very Plan it was written from."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import pytest

from iotplan import __version__
from iotplan.apply.stale import with_token_digests
from iotplan.plan.model import FORMAT_VERSION, Action, Cause, Change, PlanOptions
from iotplan.render import plan_from_dict, plan_to_dict, plan_to_json
from iotplan.secrets import SECRET_DIGEST
from tests.render import plans
from tests.render.plans import SCENARIOS


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_saved_plan_reads_back_equal(scenario: str) -> None:
    the_plan = SCENARIOS[scenario]()
    assert plan_from_dict(json.loads(plan_to_json(the_plan))) == the_plan


def test_replace_is_terraforms_delete_then_create() -> None:
    actions = {c["address"]: c["actions"] for c in plan_to_dict(SCENARIOS["destruction"]())["changes"]}
    assert actions["dam-b/logger-2/tilt-1"] == ["delete", "create"]
    assert actions["dam-a/logger-1/pz-3"] == ["delete"]


def test_the_document_is_indented_by_two_and_ends_in_a_newline() -> None:
    text = plan_to_json(SCENARIOS["empty"]())
    assert text.startswith(f'{{\n  "format_version": "{FORMAT_VERSION}",\n  "iotplan_version": ')
    assert text.endswith("}\n")


def counts_read_back(*changes: Change) -> list[tuple[object, bool, bool]]:
    """Each change's `observations` and `observations_unknown` as written, and whether the change
    read back is the one written."""
    document = json.loads(plan_to_json(plans.plan(*changes)))
    read_back = plan_from_dict(document).changes
    return [
        (item["observations"], item["observations_unknown"], again == change)
        for item, again, change in zip(document["changes"], read_back, changes, strict=True)
    ]


def test_observations_are_the_count_where_one_was_read_and_null_where_none_was() -> None:
    in_sync_sensor = dataclasses.replace(plans.in_sync("dam-a/logger-1/pz-1"), observations=50)
    in_sync_device = dataclasses.replace(plans.in_sync("dam-a/logger-1"), counted=False)
    unreported = plans.change("dam-a/logger-2", Action.REMOVE, "gone", observations_unknown=True)
    partly = plans.change("dam-a/logger-3", Action.REMOVE, "gone", observations=7, observations_unknown=True)
    empty = plans.change("dam-a/logger-4", Action.REMOVE, "gone")
    assert counts_read_back(in_sync_sensor, in_sync_device, unreported, partly, empty) == [
        (50, False, True),  # 0 before 1.4: a sensor with history read as holding none
        (None, False, True),  # an in-sync device is not counted: its sensors carry theirs
        (None, True, True),  # the platform reported no count
        (7, True, True),  # as far as counted
        (0, False, True),  # counted: none
    ]


@pytest.mark.parametrize("version", ["2.0", "", None])
def test_a_plan_from_another_format_version_is_refused(version: str | None) -> None:
    data = plan_to_dict(SCENARIOS["empty"]()) | {"format_version": version}
    with pytest.raises(ValueError, match="format_version"):
        plan_from_dict(data)


@pytest.mark.parametrize("version", ["1.19", "1.x"])
def test_a_plan_in_a_newer_minor_format_is_refused_not_read_in_part(version: str) -> None:
    """What the newer format added would be dropped without a word, and the plan applied without it."""
    data = plan_to_dict(SCENARIOS["creation"]()) | {"format_version": version, "iotplan_version": "9.9.9"}
    said = f"format_version {version} is newer than this iotplan reads in full ({FORMAT_VERSION}): "
    with pytest.raises(ValueError, match=re.escape(said + "use the iotplan that made it (9.9.9)")):
        plan_from_dict(data)


def test_a_plan_from_an_older_1x_writer_without_optional_keys_still_reads() -> None:
    data = plan_to_dict(SCENARIOS["creation"]())
    for item in data["changes"]:
        for optional in ("live_ref_id", "fingerprint", "touches_data_model", "observations"):
            del item[optional]
    del data["options"]
    assert plan_from_dict(data) == SCENARIOS["creation"]()


def without_holding(version: str) -> dict[str, Any]:
    """The destruction scenario saved in format `version` (by no iotplan it names, and without the
    keys of later formats, where older than this one's), its changes without `holding` (a
    removal's, a replacement's), as a plan from before 1.3 holds none."""
    data = plan_to_dict(SCENARIOS["destruction"]())
    if version != FORMAT_VERSION:
        data["format_version"] = version
        for key in ("iotplan_version", "target_rpc_endpoint", "read_at", "catalog_notes"):
            del data[key]
    for item in data["changes"]:
        del item["holding"]
    return data


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_a_plan_saved_before_holding_was_recorded_reads_it_as_not_recorded(version: str) -> None:
    """A 1.2 plan of an iotplan before it recorded them too (the format did not change with it)."""
    assert all(change.holding is None for change in plan_from_dict(without_holding(version)).changes)


@pytest.mark.parametrize("version", ["1.3", FORMAT_VERSION])
def test_a_removal_without_holding_in_a_plan_that_records_it_is_refused_as_edited(version: str) -> None:
    """Read as not recorded, its removal was weighed by its count alone, and a sensor that started
    holding data since the review went unseen: the fresh plan refuses what the cut plan applied."""
    with pytest.raises(
        ValueError, match=rf"format_version {version}, but dam-b/logger-2/tilt-1 has no holding"
    ):
        plan_from_dict(without_holding(version))


def test_holding_is_asked_only_of_what_destroys() -> None:
    data = plan_to_dict(SCENARIOS["creation"]())
    for item in data["changes"]:
        del item["holding"]
    assert all(change.holding is None for change in plan_from_dict(data).changes)


def test_a_tokens_digest_is_written_on_its_write_alone_and_read_back() -> None:
    the_plan = with_token_digests(SCENARIOS["update"](), {"${env:DAM_A_TOKEN}": "feed-token-0123456789"}.get)
    document = json.loads(plan_to_json(the_plan))
    assert [
        bool(re.fullmatch(SECRET_DIGEST, change.get("secret_digest", ""))) for change in document["changes"]
    ][:2] == [True, False]
    assert plan_from_dict(document) == the_plan


@pytest.mark.parametrize("digest", ["feed-token-0123456789", "hmac-sha256:00:00", 7])
def test_a_secret_digest_iotplan_does_not_write_is_refused(digest: object) -> None:
    document = plan_to_dict(SCENARIOS["update"]())
    document["changes"][0]["secret_digest"] = digest
    with pytest.raises(ValueError, match="secret_digest is not one iotplan writes"):
        plan_from_dict(document)


def test_a_refid_holding_a_credential_is_masked_on_every_change_a_removal_too() -> None:
    """An apply writes by the refIds of the plan it makes afresh: a saved plan needs none in clear."""
    held = "https://x:pw-94@r.example"
    the_plan = plans.plan(
        plans.change("a/#1A2B3C", Action.UNMANAGED, "not declared", ref_id=None, live_ref_id=held),
        plans.change("a/#2B3C4D", Action.REMOVE, "pruned", ref_id=held, live_ref_id=held),
    )
    document = plan_to_dict(the_plan)
    shown = [(change["ref_id"], change["live_ref_id"]) for change in document["changes"]]
    assert shown == [(None, "https://(sensitive)@r.example"), ("https://(sensitive)@r.example",) * 2]


def test_an_integer_beyond_64_bits_is_still_written_exactly() -> None:
    the_plan = SCENARIOS["update"]()
    change = the_plan.changes[0]
    huge = dataclasses.replace(change, after={"name": 2**70})
    written = plan_to_json(dataclasses.replace(the_plan, changes=(huge,)))
    assert json.loads(written)["changes"][0]["after"] == {"name": 2**70}


def test_a_plan_saved_by_format_1_0_still_reads() -> None:
    document = plan_to_dict(SCENARIOS["update"]())
    document["format_version"] = "1.0"
    document["options"] = {}
    for added in (
        "iotplan_version",
        "target_identity",
        "target_rpc_endpoint",
        "shard",
        "partial",
        "impact",
        "read_at",
    ):
        del document[added]
    for change in document["changes"]:
        for added in ("cause", "collateral", "observations_unknown", "cuts_off", "holding"):
            del change[added]
    plan = plan_from_dict(document)
    assert plan.options.targets == () and not plan.options.prune_unmanaged
    assert {change.cause for change in plan.changes} == {Cause.UNSPECIFIED}


def test_the_typed_options_and_causes_survive_a_round_trip() -> None:
    original = dataclasses.replace(
        SCENARIOS["update"](),
        options=PlanOptions(targets=("dam-a/*",), excludes=("dam-b",), prune_unmanaged=True),
    )
    again = plan_from_dict(plan_to_dict(original))
    assert again.options == original.options
    assert [change.cause for change in again.changes] == [change.cause for change in original.changes]


@pytest.mark.parametrize(
    ("key", "value"),
    [("kind", "widget"), ("action", "explode"), ("cause", "whim"), ("kind", 3), ("action", None)],
)
def test_a_kind_action_or_cause_this_version_does_not_know_is_refused(key: str, value: object) -> None:
    document = plan_to_dict(SCENARIOS["update"]())
    document["changes"][0][key] = value
    with pytest.raises(ValueError, match=repr(value)):
        plan_from_dict(document)


def _sensor(address: str, metrics: list[dict[str, object]], live_metrics: object = None) -> Change:
    after = {"name": address, "metrics": metrics}
    before = {"name": address, "metrics": live_metrics if live_metrics is not None else metrics}
    return plans.change(address, Action.NOOP, "in sync", live_id=f"id-{address}", before=before, after=after)


def test_a_plan_read_back_keeps_repeated_values_once() -> None:
    # 111,100 changes read back held 210 MB, against 23 MB for the plan that was saved
    metrics = [{"custom_metric": "level", "custom_unit": "m"}]
    saved = plans.plan(_sensor("a/l/s1", metrics), _sensor("a/l/s2", [dict(each) for each in metrics]))
    first, second = plan_from_dict(json.loads(plan_to_json(saved))).changes
    assert first.before is first.after and second.before is second.after
    assert first.after["metrics"] is second.after["metrics"]
    assert first.project_id is second.project_id and first.reason is second.reason


@pytest.mark.parametrize("one, other", [(1, True), (1, 1.0), (0.0, -0.0)])
def test_values_equal_to_python_but_not_the_same_json_stay_apart(one: object, other: object) -> None:
    saved = plans.plan(
        _sensor("a/l/s1", [{"custom_metric": one}]), _sensor("a/l/s2", [{"custom_metric": other}])
    )
    text = plan_to_json(saved)
    read = plan_from_dict(json.loads(text))
    assert plan_to_json(read) == text
    assert repr(read.changes[1].after["metrics"]) == repr([{"custom_metric": other}])


def test_a_before_that_differs_from_its_after_is_kept_as_read() -> None:
    saved = plans.plan(
        _sensor("a/l/s1", [{"custom_metric": "level"}], live_metrics=[{"custom_metric": "depth"}])
    )
    (read,) = plan_from_dict(json.loads(plan_to_json(saved))).changes
    assert read.before == {"name": "a/l/s1", "metrics": [{"custom_metric": "depth"}]}
    assert read.before is not read.after


def _edited(*path: str | int, value: object) -> dict[str, object]:
    document = plan_to_dict(SCENARIOS["update"]())
    *parents, last = path
    holder: Any = document
    for key in parents:
        holder = holder[key]
    holder[last] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "said"),
    [
        (("manifest", "path"), None, "its manifest's path and digest are not text"),
        (("manifest", "path"), 1, "its manifest's path and digest are not text"),
        (
            ("manifest", "vars_file"),
            ["v.yaml"],
            "its manifest's vars_file is a list, where a plan holds text",
        ),
        (("changes", 0, "after"), 1, "a change's after is a number, where a plan holds an object or null"),
        (("changes", 0, "before"), [], "a change's before is a list, where a plan holds an object or null"),
        (("changes", 0, "ref_id"), 1, "a change's ref_id is a number, where a plan holds text or null"),
        # A change's fingerprint is a part of its shape when written again (`_shape`): hashed, compared.
        (
            ("changes", 0, "fingerprint"),
            1,
            "a change's fingerprint is a number, where a plan holds text or null",
        ),
        (
            ("changes", 0, "fingerprint"),
            ["a"],
            "a change's fingerprint is a list, where a plan holds text or null",
        ),
        (("changes", 0, "live_id"), 7, "a change's live_id is a number, where a plan holds text or null"),
        (
            ("changes", 0, "live_ref_id"),
            True,
            "a change's live_ref_id is true or false, where a plan holds text",
        ),
        (("changes", 0, "address"), None, "a change's address is null, where a plan holds text"),
        (("changes", 0, "address"), 1, "a change's address is a number, where a plan holds text"),
        (("changes", 0), "x", "change 1 is text, where a plan holds an object"),
        (("changes",), {"a": 1}, "its changes are an object, where a plan holds a list"),
        (("shard",), {"covered": [3], "count": 2}, "its shard 3/2 is none iotplan splits into"),
        (("shard",), {"covered": [0], "count": 0}, "its shard 0/0 is none iotplan splits into"),
        (("shard",), {"covered": [], "count": 2}, "its shard covers none"),
        (
            ("shard",),
            {"covered": [1.5], "count": 2},
            "a shard it covers is a number, where iotplan writes a whole",
        ),
        (
            ("shard",),
            {"covered": ["1"], "count": 2},
            "a shard it covers is text, where iotplan writes a whole",
        ),
        (
            ("shard",),
            {"covered": [1], "count": True},
            "its shard's count is true or false, where iotplan writes",
        ),
        (
            ("shard",),
            {"covered": [1], "count": 2, "connections": {"x": ["dam-a"]}},
            "its shard's connections name shard 'x', which it does not cover",
        ),
        (
            ("shard",),
            {"covered": [1], "count": 2, "connections": {"1": "dam-a"}},
            "its shard 1's connections are text, where iotplan writes a list of text",
        ),
        (
            ("shard",),
            {"covered": [1, 2], "count": 2},
            "its shard gives no shard it covers to the connection of",
        ),
    ],
)
def test_a_field_of_another_type_than_iotplan_writes_is_refused_when_read(
    path: tuple[str | int, ...], value: object, said: str
) -> None:
    """Read as it was, each failed later, deep in the apply or show, as an unexpected error."""
    with pytest.raises(ValueError, match=re.escape(said)):
        plan_from_dict(_edited(*path, value=value))


@pytest.mark.parametrize("count", [-1, 1.5, 50.0, True, "50", 1e30])
def test_a_removal_whose_observations_are_no_count_is_refused_when_read(count: object) -> None:
    """A -1 was shown as no history, in every view, and its removal applied as reviewed."""
    document = plan_to_dict(SCENARIOS["destruction"]())
    document["changes"][-1]["observations"] = count
    with pytest.raises(ValueError, match="a change's observations is not a count of observations"):
        plan_from_dict(document)


def _relabelled(version: str, *dropped: str, **head: object) -> dict[str, object]:
    document = plan_to_dict(SCENARIOS["update"]()) | {"format_version": version, **head}
    for key in dropped:
        del document[key]
    return document


def test_a_plan_relabelled_older_than_the_iotplan_that_made_it_writes_is_refused() -> None:
    """A 1.5 plan said to be 1.4 skipped the apply's check of its tokens."""
    document = _relabelled("1.4", "target_rpc_endpoint", iotplan_version=__version__)
    said = f"format_version 1.4, but iotplan {__version__}, which it says made it, writes {FORMAT_VERSION}: "
    with pytest.raises(ValueError, match=re.escape(said + "the plan file was edited")):
        plan_from_dict(document)


def test_a_plan_relabelled_older_than_the_keys_it_holds_is_refused() -> None:
    with pytest.raises(
        ValueError, match=re.escape("but it holds target_rpc_endpoint, which plans hold since 1.5: the plan")
    ):
        plan_from_dict(_relabelled("1.4", iotplan_version="0.0.9"))


def test_a_tokens_digest_in_a_plan_relabelled_older_is_refused() -> None:
    the_plan = with_token_digests(SCENARIOS["update"](), {"${env:DAM_A_TOKEN}": "feed-token-0123456789"}.get)
    document = plan_to_dict(the_plan) | {"format_version": "1.4", "iotplan_version": "0.0.9"}
    del document["target_rpc_endpoint"]
    with pytest.raises(
        ValueError, match=re.escape("but dam-a holds a secret_digest, which plans hold since 1.5")
    ):
        plan_from_dict(document)


@pytest.mark.parametrize(
    ("dropped", "head", "said"),
    [
        (
            ("target_rpc_endpoint",),
            {},
            "but target_rpc_endpoint missing, which the apply checks its target by",
        ),
        (("target_identity",), {}, "but target_identity missing, which the apply checks its target by"),
        ((), {"target_identity": None}, "its target_identity is null, where a plan holds text"),
    ],
)
def test_a_plan_of_1_5_without_what_its_target_is_checked_by_is_refused(
    dropped: tuple[str, ...], head: dict[str, object], said: str
) -> None:
    """Read as a plan from before they were recorded, it was checked by REST alone."""
    with pytest.raises(ValueError, match=re.escape(said)):
        plan_from_dict(_relabelled(FORMAT_VERSION, *dropped, **head))


def test_a_plan_of_an_older_format_shown_or_merged_again_is_written_in_its_own_keys() -> None:
    older = dataclasses.replace(SCENARIOS["update"](), format_version="1.4", read_at=None)
    assert "target_rpc_endpoint" not in plan_to_dict(older)
    assert plan_from_dict(plan_to_dict(older)) == older
