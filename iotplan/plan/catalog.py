"""Check every template, catalog metric and catalog unit against the platform's catalog.

Runs before any write, so a typo fails the plan instead of half an apply.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from iotplan.errors import CatalogError
from iotplan.live import Catalog
from iotplan.plan.desired import DesiredEntity, walk
from iotplan.plan.model import Kind


@dataclass(frozen=True)
class CatalogProblem:
    """One name the catalog does not hold, and where in the entity the manifest wrote it."""

    address: str
    field: tuple[str | int, ...]  # ("template",), ("metrics", 0, "unit")
    message: str

    def __str__(self) -> str:
        return f"{self.address}: {self.message}"


def catalog_message(lines: Iterable[object]) -> str:
    listed = "\n".join(f"  {line}" for line in lines)
    return f"the manifest names what the platform's catalog does not hold:\n{listed}"


def check_catalog(nodes: list[DesiredEntity], catalog: Catalog) -> None:
    problems: list[CatalogProblem] = []
    fine: set[tuple[object, ...]] = set()  # what a sensor or device names, once found in the catalog
    for entity in walk(nodes):
        # A fleet's 100,000 sensors name a handful of templates and metric lists: each is looked
        # up once. The metric entries are compared by identity: defaults share theirs (props.py).
        named = (entity.kind, entity.on_thread, entity.template, *map(id, entity.fields.get("metrics", ())))
        if named in fine:
            continue
        found = list(_entity_problems(entity, catalog))
        problems += found
        if not found:
            fine.add(named)
    if problems:
        raise CatalogError(catalog_message(problems), problems)


def _entity_problems(entity: DesiredEntity, catalog: Catalog) -> Iterator[CatalogProblem]:
    if entity.on_thread:  # a THREAD entity has a type; the catalog lists integrate templates (*_SDE)
        return
    if entity.kind is Kind.DEVICE and entity.template and entity.template not in catalog.device_templates:
        yield _unknown(entity, "device template", entity.template, catalog.device_templates)
    if entity.kind is Kind.SENSOR:
        if entity.template and entity.template not in catalog.sensor_templates:
            yield _unknown(entity, "sensor template", entity.template, catalog.sensor_templates)
        for index, metric in enumerate(entity.fields.get("metrics", [])):
            yield from _metric_problems(entity, index, metric, catalog)


def _metric_problems(
    entity: DesiredEntity, index: int, metric: dict[str, str], catalog: Catalog
) -> Iterator[CatalogProblem]:
    if "metric" in metric and metric["metric"] not in catalog.metrics:
        yield _unknown(entity, "metric", metric["metric"], catalog.metrics, ("metrics", index, "metric"))
        return
    unit = metric.get("unit")
    if unit is None:
        return
    if "metric" in metric:
        allowed = catalog.metrics[metric["metric"]].units
        if unit not in allowed:
            units = ", ".join(sorted(allowed)) or "none"
            name = metric["metric"]
            message = f"metrics[{index}]: unit {unit!r} is not a unit of {name!r} (its units: {units})"
            yield CatalogProblem(entity.address, ("metrics", index, "unit"), message)
    elif unit not in catalog.units:
        yield _unknown(entity, "unit", unit, catalog.units, ("metrics", index, "unit"))


def _unknown(
    entity: DesiredEntity,
    what: str,
    value: str | None,
    known: Iterable[str],
    field: tuple[str | int, ...] = ("template",),
) -> CatalogProblem:
    position = f"metrics[{field[1]}]: " if field[0] == "metrics" else ""
    message = f"{position}unknown {what} {value!r}"
    close = difflib.get_close_matches(str(value), list(known), n=1, cutoff=0.6)
    message = f"{message} (did you mean {close[0]!r}?)" if close else message
    return CatalogProblem(entity.address, field, message)
