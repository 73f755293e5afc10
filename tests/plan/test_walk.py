"""Every declared entity, parents first and depth first, in the order the manifest declares them."""

from __future__ import annotations

from iotplan.plan.desired import DesiredEntity, walk
from iotplan.plan.model import Kind


def entity(*keys: str, children: list[DesiredEntity] | None = None) -> DesiredEntity:
    kind = (Kind.NODE, Kind.DEVICE, Kind.SENSOR)[len(keys) - 1]
    return DesiredEntity.of(kind, keys, f"s:{'/'.join(keys)}", "p", {}, children=children or [])


def test_each_entity_comes_before_what_is_under_it_and_siblings_keep_their_order() -> None:
    nodes = [
        entity(
            "a", children=[entity("a", "d1", children=[entity("a", "d1", "s1"), entity("a", "d1", "s2")])]
        ),
        entity("b"),  # nothing under it
        entity("c", children=[entity("c", "d1"), entity("c", "d2", children=[entity("c", "d2", "s1")])]),
    ]
    assert [each.address for each in walk(nodes)] == [
        "a",
        "a/d1",
        "a/d1/s1",
        "a/d1/s2",
        "b",
        "c",
        "c/d1",
        "c/d2",
        "c/d2/s1",
    ]


def test_nothing_declared_walks_nothing() -> None:
    assert list(walk([])) == []
