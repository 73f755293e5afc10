"""A saved plan made by an earlier iotplan whose fingerprints hashed what this one's leave out (format
1.12 leaves out props named as a Wi-Fi key, a one-time password, a signature, an SNMP community, a
salt or an access code): an entity holding such a prop fingerprints otherwise now, the platform
untouched. Told "the platform changed since the plan was made", which need not be so; the format
says which iotplan made it, and the refusal says both, true either way."""

from __future__ import annotations

import dataclasses
import json

import pytest

from iotplan.apply.stale import check_not_stale
from iotplan.errors import StalePlanError
from iotplan.plan.model import FORMAT_VERSION, Plan
from iotplan.render import plan_from_dict, plan_to_json
from tests.render import plans


def saved_as(version: str) -> Plan:
    """plans.update() as its plan file of format `version` reads back, its impact as that format counts it."""
    return plan_from_dict(
        json.loads(plan_to_json(dataclasses.replace(plans.update(), format_version=version)))
    )


def fingerprinted_otherwise(plan: Plan) -> Plan:
    """The plan made again: dam-a/logger-1's fingerprint differs, nothing else."""
    changes = tuple(
        dataclasses.replace(c, fingerprint="fp-otherwise") if c.address == "dam-a/logger-1" else c
        for c in plan.changes
    )
    return dataclasses.replace(plans.update(), changes=changes)


def refusal(saved: Plan) -> str:
    with pytest.raises(StalePlanError) as stale:
        check_not_stale(saved, fingerprinted_otherwise(plans.update()))
    return str(stale.value)


def test_a_plan_of_an_earlier_format_whose_fingerprint_alone_differs_says_both_causes() -> None:
    assert refusal(saved_as("1.11")) == (
        "this plan (format 1.11) was made by an earlier iotplan, which fingerprinted entities otherwise, "
        "or the platform changed since (dam-a/logger-1): run iotplan plan again"
    )


def test_a_plan_of_this_format_says_its_file_or_what_it_does_not_show_changed() -> None:
    """Its iotplan fingerprints as this one does: the file's fingerprint was edited, or the platform
    changed a prop no part of the plan shows (tests/e2e/test_edited_plan_fingerprint.py)."""
    assert refusal(saved_as(FORMAT_VERSION)) == (
        "the fingerprint the plan file holds for dam-a/logger-1 does not match what the platform holds now, "
        "though every value the plan shows of it reads as it did: either the plan file was edited, or the "
        "platform changed since the plan was made in what the plan does not show (a prop no manifest sets, "
        "or a change undone since): run iotplan plan again"
    )


def test_an_earlier_plan_whose_write_differs_too_says_the_platform_changed() -> None:
    """Another action or other fields: no fingerprint of an earlier iotplan's explains that."""
    saved = saved_as("1.11")
    fresh = fingerprinted_otherwise(saved)
    fresh = dataclasses.replace(
        fresh,
        changes=tuple(
            dataclasses.replace(c, fields=()) if c.address == "dam-a/logger-1" else c for c in fresh.changes
        ),
    )
    with pytest.raises(
        StalePlanError, match=r"^the platform changed since the plan was made \(dam-a/logger-1\)"
    ):
        check_not_stale(saved, fresh)
