"""A key renamed without `moved` is planned as a removal (its history with it) and a creation: the
removal names the creation it looks renamed to (plan/renames.py), a hint that changes no write."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.manifest import parse_manifest
from iotplan.plan import diff
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, Change, Plan
from tests.plan.livebuilder import applied

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
MANIFEST = f"""apiVersion: iotplan/v1
stack: fleet
projects:
  - id: {PROJECT}
    nodes:
      - key: site-42
        name: Feed 42
        devices:
          - key: d0
            name: Logger 42.0
            sensors:
              - {{key: s0, name: Sensor 42.0.0, metrics: [{{metric: f, unit: Hz}}]}}
              - {{key: s1, name: Sensor 42.0.1, metrics: [{{metric: f, unit: Hz}}]}}
          - key: d1
            name: Logger 42.1
            sensors:
              - {{key: s0, name: Sensor 42.1.0, metrics: [{{metric: f, unit: Hz}}]}}
"""
APPLIED = parse_manifest(MANIFEST, "fleet.yaml")


def plan_after(edited: str) -> Plan:
    """The plan of `edited` against the platform where MANIFEST was applied and every sensor holds 25."""
    return make_plan(desired_state(parse_manifest(edited, "fleet.yaml")), applied(APPLIED, observations=25))


def removal(plan: Plan, address: str) -> Change:
    [found] = [c for c in plan.changes if c.address == address and c.action is Action.REMOVE]
    return found


def hinted(plan: Plan) -> dict[str, str | None]:
    return {c.address: c.looks_renamed_to for c in plan.changes if c.action is Action.REMOVE}


def test_a_connection_renamed_without_moved_names_its_new_key_on_its_removal() -> None:
    plan = plan_after(MANIFEST.replace("key: site-42", "key: dam-42"))
    assert removal(plan, "site-42").destroys_data
    assert hinted(plan) == {"site-42": "dam-42"}


def test_a_device_renamed_and_renamed_again_in_its_name_is_known_by_the_sensor_keys_beneath_it() -> None:
    plan = plan_after(
        MANIFEST.replace("key: d1\n            name: Logger 42.1", "key: d9\n            name: Spare")
    )
    assert hinted(plan) == {"site-42/d1": "site-42/d9"}


def test_a_sensor_renamed_beside_its_siblings_is_known_by_its_name() -> None:
    plan = plan_after(MANIFEST.replace("key: s1,", "key: s7,"))
    assert hinted(plan) == {"site-42/d0/s1": "site-42/d0/s7"}


def test_the_hint_changes_nothing_else_in_the_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    desired = desired_state(parse_manifest(MANIFEST.replace("key: site-42", "key: dam-42"), "fleet.yaml"))
    live = applied(APPLIED, observations=25)
    plan = make_plan(desired, live)
    monkeypatch.setattr(diff, "with_rename_hints", lambda changes: changes)
    unhinted = make_plan(desired, live)
    assert [dataclasses.replace(c, looks_renamed_to=None) for c in plan.changes] == list(unhinted.changes)
    assert plan.summary == unhinted.summary and hinted(plan) == {"site-42": "dam-42"}


def test_no_hint_where_the_name_and_what_lies_beneath_differ() -> None:
    edited = MANIFEST.replace(
        "key: d1\n            name: Logger 42.1", "key: d9\n            name: Spare"
    ).replace("{key: s0, name: Sensor 42.1.0,", "{key: s5, name: Sensor 42.9.5,")
    plan = plan_after(edited)
    assert removal(plan, "site-42/d1").destroys_data
    assert hinted(plan) == {"site-42/d1": None}


def test_no_hint_under_another_parent() -> None:
    """A sensor taken off one logger and one named alike declared on another: a move across
    parents, which `moved` keeps too, is not what this hint guesses at."""
    moved_across = MANIFEST.replace(
        "              - {key: s1, name: Sensor 42.0.1, metrics: [{metric: f, unit: Hz}]}\n", ""
    ).replace(
        "              - {key: s0, name: Sensor 42.1.0,",
        "              - {key: s1, name: Sensor 42.0.1, metrics: [{metric: f, unit: Hz}]}\n"
        "              - {key: s0, name: Sensor 42.1.0,",
    )
    plan = plan_after(moved_across)
    assert any(c.address == "site-42/d1/s1" and c.action is Action.CREATE for c in plan.changes)
    assert hinted(plan) == {"site-42/d0/s1": None}


def test_no_hint_where_two_removals_look_like_one_creation() -> None:
    """Two sensors named alike removed, one so named created: which one it is, no rule guesses."""
    twins = MANIFEST.replace("name: Sensor 42.0.1", "name: Sensor 42.0.0")
    edited = twins.replace(
        "              - {key: s1, name: Sensor 42.0.0,", "              - {key: s2, name: Sensor 42.0.0,"
    )
    edited = edited.replace(
        "              - {key: s0, name: Sensor 42.0.0, metrics: [{metric: f, unit: Hz}]}\n", ""
    )
    live = applied(parse_manifest(twins, "fleet.yaml"), observations=25)
    plan = make_plan(desired_state(parse_manifest(edited, "fleet.yaml")), live)
    assert hinted(plan) == {"site-42/d0/s0": None, "site-42/d0/s1": None}


def test_no_hint_on_a_removal_holding_no_history() -> None:
    live = applied(APPLIED, observations=0)
    plan = make_plan(
        desired_state(parse_manifest(MANIFEST.replace("key: site-42", "key: dam-42"), "f.yaml")), live
    )
    assert hinted(plan) == {"site-42": None}


def test_a_rename_with_moved_removes_nothing() -> None:
    edited = MANIFEST.replace("key: site-42", "key: dam-42") + "moved:\n  - {from: site-42, to: dam-42}\n"
    assert hinted(plan_after(edited)) == {}
