"""check_catalog takes an entity's problems from the last one of its kind it looked up when both name
alike (the same side and template, the very same metrics list; a device between sensors changes
nothing): held against each entity's problems found on its own, over sequences of sensors and
devices sharing, copying or changing their templates and metric lists, on and off a THREAD.

Property-based (hypothesis, a fixed derandomized set of examples).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan.errors import CatalogError
from iotplan.live.model import Catalog, MetricInfo
from iotplan.plan.catalog import _entity_problems, check_catalog
from iotplan.plan.desired import DesiredEntity, walk
from iotplan.plan.model import Kind

CATALOG = Catalog(
    device_templates=frozenset({"GENERIC_DEVICE"}),
    sensor_templates=frozenset({"GENERIC_SENSOR_SDE"}),
    metrics={"Pore pressure": MetricInfo("Pore pressure", frozenset({"kPa"}))},
)
SHARED = [{"metric": "Pore pressure", "unit": "kPa"}]
WRONG = [{"metric": "Pore pressure", "unit": "Pa"}]
METRICS = st.sampled_from([SHARED, WRONG, None, "copy of shared", "copy of wrong"])
TEMPLATES = st.sampled_from(["GENERIC_SENSOR_SDE", "GENERIC_DEVICE", "UNKNOWN_SDE", None])
ENTITIES = st.lists(
    st.tuples(st.sampled_from([Kind.SENSOR, Kind.DEVICE]), TEMPLATES, METRICS, st.booleans()), max_size=12
)


def _entity(index: int, kind: Kind, template: str | None, metrics: Any, thread: bool) -> DesiredEntity:
    if isinstance(metrics, str):  # an equal list, not the same one
        metrics = [dict(entry) for entry in (SHARED if metrics == "copy of shared" else WRONG)]
    fields = {} if metrics is None else {"metrics": metrics}
    keys = ("c", f"e{index}")
    thread_id = f"/fn/AAAAAA/x/{index}/device" if thread else None
    return DesiredEntity.of(kind, keys, f"s:c/e{index}", "p", fields, template, thread_id=thread_id)


def _found(nodes: list[DesiredEntity]) -> list[str]:
    try:
        check_catalog(nodes, CATALOG)
    except CatalogError as error:
        return [str(problem) for problem in error.problems]
    return []


@settings(max_examples=300, derandomize=True, deadline=None)
@given(ENTITIES)
def test_each_entity_has_the_problems_it_has_on_its_own(entities: list[Any]) -> None:
    children = tuple(_entity(index, *each) for index, each in enumerate(entities))
    nodes = [DesiredEntity.of(Kind.NODE, ("c",), "s:c", "p", {}, children=children)]
    on_its_own = [
        f"{entity.address}: {problem.message}"
        for entity in walk(nodes)
        for problem in _entity_problems(entity, CATALOG)
    ]
    assert _found(nodes) == on_its_own
