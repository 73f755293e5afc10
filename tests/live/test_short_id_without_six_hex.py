"""An entity the manifest does not declare is named by its id's 6-hex part; an id without one (the
reference's own examples write ids such as `/fn/xxxxx/node/dynamic/xxxxx/device`) was named whole,
its `/` read as the address's levels: drift's count of what a removal takes crashed on it."""

from __future__ import annotations

from iotplan.live.model import LiveEntity
from iotplan.plan.address import Address
from iotplan.plan.model import Action
from tests.plan.test_drift import change, entries


def test_an_id_without_a_six_hex_part_names_one_level() -> None:
    entity = LiveEntity("/api/3f2a9c1e-77aa/node/dynamic/x1/device", {})
    assert "/" not in entity.short_id
    assert Address(f"a/#{entity.short_id}").depth == 1


def test_drift_counts_what_a_removal_takes_under_such_an_id() -> None:
    taken = LiveEntity("/api/3f2a9c1e-77aa/node/dynamic/x1/device", {})
    removal = change("a", Action.REMOVE, collateral=(Address(f"a/#{taken.short_id}"),))
    assert entries(removal)["a"].folded == 1
