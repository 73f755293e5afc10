"""A merged plan's apply combines every shard's result into one, carrying each field the shards'
results hold: what a shard's verifying read found that fails the apply (a port-sharing note its
plan did not show, a copy made, a removal not made, another stack's entity beside a creation) ends
the apply with that error. Before, the combined result dropped them and the apply ended with the
generic "apply did not finish: plan again ..." (cr96). A field added to `ApplyResult` and not
combined fails this test."""

from __future__ import annotations

import dataclasses
from typing import Any

from iotplan.commands.apply import ApplyResult
from iotplan.commands.shard_apply import _combined
from iotplan.plan.model import Action
from tests.render.plans import change, plan

# Combined each in a way of its own (joined plans, outcomes in order, reasons joined by "; ").
COMBINED_OTHERWISE = {"plan", "outcomes", "after", "stopped", "verify_error", "replan", "grown"}


def found_by(shard: int, names: list[str]) -> dict[str, Any]:
    return {name: [f"{name} of shard {shard}"] for name in names}


def test_a_shard_apply_combines_every_field_of_its_shards_results() -> None:
    merged = plan(change("dam-a", Action.UPDATE, "differs from the manifest"))
    found = [field.name for field in dataclasses.fields(ApplyResult) if field.name not in COMBINED_OTHERWISE]
    results = [dataclasses.replace(ApplyResult(merged), **found_by(shard, found)) for shard in (1, 2)]

    combined = _combined(merged, results, [], "")

    assert {name: getattr(combined, name) for name in found} == {
        name: [f"{name} of shard 1", f"{name} of shard 2"] for name in found
    }
