"""check_manifest runs each per-entity rule on the entities writing a field it reads (`_ruled_entities`)
and skips the rules of keys and refIds where the addresses clear them (checks.py): held here against
every rule run on every entity, in the same order, over generated manifests with plain and ruled
entities, number-like, capital, long, repeated and invalid keys, pinned refIds, THREAD fields on
both sides and defaults that do or do not give a sensor its metrics. And the walk's test of a key
(addresses.py `_walk`) against KEY_PATTERN itself.

Property-based (hypothesis, a fixed derandomized set of examples).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from iotplan.manifest import checks
from iotplan.manifest.addresses import raw_entities
from iotplan.manifest.models import KEY_PATTERN
from iotplan.manifest.thread_checks import by_side, check_thread_entities
from iotplan.manifest.yaml_numbers import NumberLikeText

LONG = "k" * 60
KEYS = st.sampled_from(
    ["a", "b", "A", "a-1", "a.b", LONG, f"{LONG}xyz", "bad key", "", 7, None, NumberLikeText("1e3")]
)
METRICS = st.sampled_from(
    [
        [],
        [{"custom_metric": "m", "unit": "Pa"}],
        [{"metric": "X", "unit": "u"}, {"custom_metric": "X", "unit": "u"}],
    ]
)
FIELDS: dict[str, Any] = {
    "ref_id": st.sampled_from(["s:a", "S:A/b", "other", 5]),
    "serial": st.sampled_from(["1", NumberLikeText("0o10")]),
    "template": st.sampled_from(["GENERIC_SENSOR_SDE", "TEMPERATURE_SDE", None]),
    "metrics": METRICS,
    "type": st.sampled_from(["vw", None]),
    "port": st.just(1),
    "mux_index": st.sampled_from([0, 1]),
    "id": st.sampled_from(["/fn/6C4F6D/node", "/api/abcdef/node", "/fn/6C4F6D/vw/1/device", "x"]),
}


def _entity(children: st.SearchStrategy[list[dict[str, Any]]] | None, node: bool) -> Any:
    """Most entities are plain (a key and a name), the rest write one of the ruled fields."""
    fields: dict[str, Any] = {"name": st.just("n")}
    if node:
        fields["kind"] = st.sampled_from(["api", "thread"])
    if children is not None:
        fields["below"] = children
    plain = st.fixed_dictionaries({"key": KEYS}, optional=fields)
    ruled = st.fixed_dictionaries({"key": KEYS}, optional={**fields, **FIELDS})
    return st.one_of(plain, plain, ruled)


SENSORS = st.lists(_entity(None, node=False), max_size=4)
DEVICES = st.lists(_entity(SENSORS, node=False), max_size=3)
NODES = st.lists(_entity(DEVICES, node=True), max_size=3)
DEFAULTS = st.sampled_from(
    [None, {"sensor": {"metrics": [{"custom_metric": "m", "unit": "Pa"}]}}, {"sensor": {"template": "T_SDE"}}]
)
STACKS = st.sampled_from(["s", "S", LONG, NumberLikeText("1e3"), 7])


def _manifest(nodes: list[dict[str, Any]], defaults: Any, stack: Any) -> dict[str, Any]:
    def named(body: dict[str, Any], children: str | None) -> dict[str, Any]:
        below = body.pop("below", [])
        if children:
            body[children] = [named(child, "sensors" if children == "devices" else None) for child in below]
        return body

    data: dict[str, Any] = {
        "stack": stack,
        "projects": [{"nodes": [named(node, "devices") for node in nodes]}],
    }
    if defaults is not None:
        data["defaults"] = defaults
    return data


def _every_rule_on_every_entity(data: dict[str, Any]) -> Iterator[checks.Finding]:
    """check_manifest as it was before the rules were sifted: each walks every entity."""
    entities = raw_entities(data)
    integrate, under_threads = by_side(entities)
    yield from checks._duplicate_project_ids(data)
    yield from checks._number_like_names(data, entities)
    yield from checks._duplicate_keys(entities)
    yield from checks._duplicate_pins(entities)
    yield from checks._api_node_ids(entities)
    yield from check_thread_entities(integrate, under_threads)
    yield from checks._generic_sensor_metrics(data, integrate)
    yield from checks._default_metrics(data)
    stack = data.get("stack")
    if isinstance(stack, str) and KEY_PATTERN.fullmatch(stack):
        yield from checks._ref_ids(integrate, stack)


# Siblings whose refIds differ in case only, plain and pinned; a refId one character too long.
@example([{"key": "a", "below": [{"key": "a"}, {"key": "A"}]}], None, "s")
@example([{"key": "a", "below": [{"key": "a"}, {"key": "b", "ref_id": "S:A/A"}]}], None, "s")
@example([{"key": "a", "below": [{"key": "k" * 63}]}], None, "s" * 62)
@example([{"key": "a", "below": [{"key": "k" * 63}]}], None, "s" * 63)
@settings(max_examples=400, derandomize=True, deadline=None)
@given(NODES, DEFAULTS, STACKS)
def test_sifted_rules_find_what_every_rule_on_every_entity_finds(
    nodes: Any, defaults: Any, stack: Any
) -> None:
    data = _manifest(nodes, defaults, stack)
    assert list(checks.check_manifest(data)) == list(_every_rule_on_every_entity(data))


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.text(alphabet="aZ09._- é\u212a\u0660", max_size=70) | st.sampled_from(["a" * 63, "a" * 64, "k" * 65])
)
def test_a_key_is_valid_as_key_pattern_says(key: str) -> None:
    (entity,) = raw_entities({"projects": [{"nodes": [{"key": key}]}]})
    assert (entity.key == key) == bool(KEY_PATTERN.fullmatch(key))
