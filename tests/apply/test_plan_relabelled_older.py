"""A 1.7 plan whose format_version was edited to 1.5 (as a runner reading only 1.5 invites) keeps what
only newer plans record: its read time, the copies its removals take. Read as a 1.5 plan, it showed
a read time no 1.5 plan holds, and an older iotplan applied it: it is refused as edited."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iotplan.plan.address import Address
from iotplan.plan.model import Action
from iotplan.render import plan_from_dict, plan_to_json
from tests.render import plans

COPY, DECLARED = Address("north/other/t"), Address("east/lg/t")


def _saved_as(version: str, *dropped: str) -> dict[str, Any]:
    """A saved plan removing a connection that takes a web-app copy, relabelled `version`, without
    the keys `dropped` (`read_at` at the top, `copies_taken` on its removal)."""
    removal = plans.change(
        "north",
        Action.REMOVE,
        "not in the manifest; owned by stack 'dams'; takes north/other/t, a copy of east/lg/t "
        "(refId 'dams:east/lg/t'): 42 observations",
        live_id="node-7",
        observations=42,
        collateral=(Address("north/other"), COPY),
        holding=(COPY,),
        copies_taken=((COPY, DECLARED),),
    )
    document = dict(json.loads(plan_to_json(plans.plan(removal)))) | {"format_version": version}
    for key in dropped:
        document.pop(key, None)
        for change in document["changes"]:
            change.pop(key, None)
    return document


def test_a_plan_relabelled_older_than_its_read_time_is_refused() -> None:
    with pytest.raises(
        ValueError, match=r"format_version 1\.5, but it holds read_at, which plans hold since 1\.6"
    ):
        plan_from_dict(_saved_as("1.5", "copies_taken"))


@pytest.mark.parametrize("version", ["1.5", "1.6"])
def test_a_plan_relabelled_older_than_the_copies_it_names_is_refused(version: str) -> None:
    said = rf"format_version {version}, but north holds copies_taken, which plans hold since 1\.7: the plan"
    with pytest.raises(ValueError, match=said):
        plan_from_dict(_saved_as(version, "read_at"))


def test_a_plan_holding_only_its_formats_keys_reads() -> None:
    assert plan_from_dict(_saved_as("1.5", "read_at", "copies_taken")).read_at is None
    assert plan_from_dict(_saved_as("1.6", "copies_taken")).read_at == plans.READ_AT
