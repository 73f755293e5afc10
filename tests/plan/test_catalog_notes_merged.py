"""A merged plan's catalog notes: a name held in two shards is one note, counting both shards'
holders, first the first shard's first (as one plan of the whole manifest says it)."""

from __future__ import annotations

import dataclasses

from iotplan.plan.address import Address
from iotplan.plan.catalog import CatalogNote
from iotplan.plan.coverage import Coverage
from iotplan.plan.drift import Report
from iotplan.plan.merge import Part, merge_plans, merge_reports
from iotplan.plan.model import Kind
from tests.plan.test_merge import parts, shard_plan
from tests.render.plans import in_sync


def held(count: int, first: str, name: str = "TEMPERATURE_SDE") -> CatalogNote:
    return CatalogNote(Kind.SENSOR, ("template",), name, count, Address(first))


def test_a_name_held_in_two_shards_is_one_note_counting_both() -> None:
    first = dataclasses.replace(shard_plan(1, 2, in_sync("dam-e")), catalog_notes=(held(2, "dam-e/w/t"),))
    second = dataclasses.replace(
        shard_plan(2, 2, in_sync("dam-b")),
        catalog_notes=(held(3, "dam-b/w/t"), held(1, "dam-b/w/m", "OTHER")),
    )
    merged = merge_plans(parts(second, first))
    assert merged.catalog_notes == (held(5, "dam-e/w/t"), held(1, "dam-b/w/m", "OTHER"))


def test_a_merged_drift_report_says_each_manifests_notes_under_the_first_shards_path_for_it() -> None:
    """The second shard names the manifest `./site.yaml`: one manifest (one digest), one set of notes."""
    first = Report(target="t", shard=Coverage(2, (1,)), manifests={"site.yaml": "sha256:1"})
    first.catalog_notes["site.yaml"] = (held(2, "dam-e/w/t"),)
    second = Report(target="t", shard=Coverage(2, (2,)), manifests={"./site.yaml": "sha256:1"})
    second.catalog_notes["./site.yaml"] = (held(3, "dam-b/w/t"),)
    merged = merge_reports([Part("drift-1.json", first), Part("drift-2.json", second)])
    assert merged.catalog_notes == {"site.yaml": (held(5, "dam-e/w/t"),)}
