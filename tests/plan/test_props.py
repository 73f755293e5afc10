"""Live props read back as manifest fields: the metric maps folded into ordered entries."""

from __future__ import annotations

from typing import Any

from iotplan.plan.props import live_fields


def sensor_props(metric: str, unit: str) -> dict[str, Any]:
    return {"NAME": "s", "UNKNOWN_METRICS": {"0": metric}, "KNOWN_UNITS": {"0": unit}}


def test_metric_maps_fold_into_entries_in_index_order_with_the_manifests_keys() -> None:
    props = {"KNOWN_METRICS": {"1": "T"}, "UNKNOWN_METRICS": {"0": "p"}, "KNOWN_UNITS": {"0": "Pa", "1": "C"}}
    assert live_fields("sensor", props)["metrics"] == [
        {"custom_metric": "p", "unit": "Pa"},
        {"metric": "T", "unit": "C"},
    ]


def test_each_entity_reads_its_own_maps_however_many_were_folded_before() -> None:
    """Folds are kept by the maps' identities: a map made after another was dropped must never be
    read as the dropped one."""
    for number in range(3_000):
        fields = live_fields("sensor", sensor_props(f"m{number}", f"u{number}"))
        assert fields["metrics"] == [{"custom_metric": f"m{number}", "unit": f"u{number}"}]


def test_one_shared_map_set_reads_the_same_for_every_entity_that_carries_it() -> None:
    shared = sensor_props("p", "Pa")
    first, second = (live_fields("sensor", {**shared, "NAME": name}) for name in ("a", "b"))
    assert first["metrics"] == second["metrics"] == [{"custom_metric": "p", "unit": "Pa"}]
    assert (first["name"], second["name"]) == ("a", "b")
