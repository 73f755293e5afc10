"""The checks share one walk of the entities (checks.py, thread_checks.by_side) and take shortcuts a
fleet pays for once per entity: each is held here against the plain rule it replaces, over
generated manifests with repeated, look-alike, invalid and missing keys, pinned refIds and THREAD
nodes beside api ones.

Property-based (hypothesis, a fixed derandomized set of examples).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan.manifest.addresses import RawEntity, derive_ref_id, fold_ref_id, raw_entities
from iotplan.manifest.checks import _duplicate_keys, _ref_ids
from iotplan.manifest.thread_checks import by_side, is_thread_node, node_of

KEYS = st.sampled_from(["a", "A", "b", "a.1", "bad key", "a ", "\u212a", "é", "", 7, None])
PINS = st.sampled_from(["s:a", "S:A", "s:a/a", "s:A/b ", "s:\u212a", "s:k", "other"])


def _bodies(children: st.SearchStrategy[list[dict[str, Any]]] | None, kinds: bool) -> Any:
    fields: dict[str, Any] = {"key": KEYS, "ref_id": PINS}
    if kinds:
        fields["kind"] = st.sampled_from(["api", "thread", "other"])
    if children is not None:
        fields["below"] = children
    return st.fixed_dictionaries({}, optional=fields)


SENSORS = st.lists(_bodies(None, kinds=False), max_size=3)
DEVICES = st.lists(_bodies(SENSORS, kinds=False), max_size=3)
NODES = st.lists(_bodies(DEVICES, kinds=True), max_size=4)
MANIFESTS = st.lists(st.fixed_dictionaries({"nodes": NODES}), max_size=2)


def _manifest(projects: list[dict[str, Any]]) -> dict[str, Any]:
    """The generated tree with each level's children under its own name."""

    def named(body: dict[str, Any], children: str | None) -> dict[str, Any]:
        below = body.pop("below", [])
        if children:
            body[children] = [named(child, "sensors" if children == "devices" else None) for child in below]
        return body

    return {"projects": [{"nodes": [named(node, "devices") for node in p["nodes"]]} for p in projects]}


def _sets_of_parent_and_key(entities: list[RawEntity]) -> Iterator[Any]:
    """_duplicate_keys as a set of (parent, key): what its lookup by address must tell alike."""
    seen: set[object] = set()
    for entity in entities:
        if "key" not in entity.body:
            continue
        scoped = entity.key if entity.kind == "nodes" else (id(entity.above), entity.key)
        if scoped in seen:
            yield (*entity.path, "key")
        seen.add(scoped)


def _claims_folded_by_fold_ref_id(entities: list[RawEntity], stack: str) -> Iterator[Any]:
    """_ref_ids folding every refId with fold_ref_id and finding THREADs with node_of."""
    claimed: dict[str, RawEntity] = {}
    for entity in entities:
        if is_thread_node(node_of(entity)):
            continue
        pinned = entity.body.get("ref_id")
        ref_id = pinned if isinstance(pinned, str) else derive_ref_id(stack, entity.address)
        other = claimed.setdefault(fold_ref_id(ref_id), entity)
        if other is not entity and other.address != entity.address:
            yield entity.path


@settings(max_examples=300, derandomize=True, deadline=None)
@given(MANIFESTS)
def test_each_side_holds_the_entities_whose_node_is_of_that_side(projects: list[dict[str, Any]]) -> None:
    entities = raw_entities(_manifest(projects))
    integrate, under_threads = by_side(entities)
    assert under_threads == [entity for entity in entities if is_thread_node(node_of(entity))]
    assert integrate == [entity for entity in entities if not is_thread_node(node_of(entity))]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(MANIFESTS)
def test_duplicate_keys_found_by_address_are_those_of_one_parent(projects: list[dict[str, Any]]) -> None:
    entities = raw_entities(_manifest(projects))
    assert [path for path, _ in _duplicate_keys(entities)] == list(_sets_of_parent_and_key(entities))


@settings(max_examples=300, derandomize=True, deadline=None)
@given(MANIFESTS, st.sampled_from(["s", "S", "s.1"]))
def test_derived_ref_ids_fold_as_fold_ref_id_folds_them(projects: list[dict[str, Any]], stack: str) -> None:
    entities = raw_entities(_manifest(projects))
    integrate, _ = by_side(entities)
    assert [path[:-1] for path, _ in _ref_ids(integrate, stack)] == list(
        _claims_folded_by_fold_ref_id(entities, stack)
    )
