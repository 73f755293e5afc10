"""Check every template, catalog metric and catalog unit against the platform's catalog.

Runs before any write, so a typo fails the plan instead of half an apply.
"""

from __future__ import annotations

import dataclasses
import logging
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iotplan.errors import CatalogError, PlatformError
from iotplan.live import Catalog, LiveEntity, LiveState
from iotplan.live.catalog import DEVICE_TYPES, METRIC_TYPES, SENSOR_TYPES
from iotplan.look_alikes import quoted_apart
from iotplan.manifest.loader import locate_entities_fields
from iotplan.manifest.models import GENERIC_SENSOR
from iotplan.plan.address import Address
from iotplan.plan.desired import DesiredEntity, walk
from iotplan.plan.model import Action, Kind
from iotplan.plan.props import METRIC_HALVES, shown_live
from iotplan.wording import counted, did_you_mean

if TYPE_CHECKING:
    from iotplan.plan.model import Change, ManifestSource, Plan

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CatalogProblem:
    """One name the catalog does not hold, and where in the entity the manifest wrote it."""

    address: str
    field: tuple[str | int, ...]  # ("template",), ("metrics", 0, "unit")
    message: str
    unknown: bool = False  # the catalog lists no such name at all (`_unknown`)

    def __str__(self) -> str:
        return f"{self.address}: {self.message}"


_Named = tuple[Kind, tuple[str | int, ...], str]  # a note's kind, field and name: one note each
_Kept = dict[_Named, list[Address]]  # and the addresses of the entities holding it
# Of each kind, what the last entity `check_catalog` looked up names (its template, its very metrics
# list, whether on an API connection) and its problems. A fleet's sensors follow one another naming
# alike, a device between each ten: one that names the very same objects has the same lookup key
# (`_looked_up`), so its problems are found without the key's tuple, hash and lookup
# (tests/plan/test_catalog_siblings_named_alike.py holds it to each entity's own lookup).
_LastNamed = tuple[str | None, object, bool, list[CatalogProblem]]


@dataclass(frozen=True)
class CatalogNote:
    """A name the catalog no longer lists that live entities the manifest's adopt already hold
    there: kept as it stands. Part of the plan (and of drift's report), so that their JSON says it
    as the text does; one note per name, however many entities hold it."""

    kind: Kind
    field: tuple[str | int, ...]  # where each entity names it: ("template",), ("metrics", 1, "metric")
    name: str
    held_by: int  # how many entities hold it
    first: Address  # the first of them, in manifest order
    # All of them, for the plan made next to look up (kept_unless_recreated); not saved.
    held_at: tuple[Address, ...] = dataclasses.field(default=(), compare=False, repr=False)

    def __str__(self) -> str:
        held = (
            str(self.first)
            if self.held_by == 1
            else f"{counted(self.held_by, 'entity')} (first: {self.first})"
        )
        return (
            f"{_gone(self.kind, self.field, self.name)}, "
            f"but {held} on the platform already hold{'s' if self.held_by == 1 else ''} it: kept as it stands"
        )


def _gone(kind: Kind, field: tuple[str | int, ...], name: str) -> str:
    return (
        f"{kind.value} {_field_named(field)} {shown_live(name)!r} is no longer in the platform's "
        "catalog (read with excludeLegacy=true: the vendor may have marked it legacy or withdrawn it)"
    )


# What creates an entity on the platform: a creation (a replaced device's sensors too), a replacement.
_CREATING = frozenset({Action.CREATE, Action.REPLACE})


def kept_unless_recreated(plan: Plan, notes: tuple[CatalogNote, ...]) -> tuple[CatalogNote, ...]:
    """The notes check_catalog gave, said on stderr, once the plan is made: an entity that holds a
    name the catalog lacks is kept as it stands only if the plan does not create it again. One it
    creates again (its replacement, or its device's) is refused as a new entity naming the name is:
    the removal runs first, and a platform that withdrew the name refuses the creation after it,
    the entity and its history gone. Only the notes' entities are looked up, and only if any."""
    if not notes:
        return notes
    held = {address: note for note in notes for address in note.held_at}
    recreated = [change for change in plan.changes if change.action in _CREATING and change.address in held]
    if recreated:
        replaced = {change.address: change for change in plan.changes if change.action is Action.REPLACE}
        problems = [_recreated(change, held[change.address], replaced) for change in recreated]
        raise CatalogError(located_message(plan.manifest, problems), problems)
    return warned_and_let_go(notes)


def warned_and_let_go(notes: tuple[CatalogNote, ...]) -> tuple[CatalogNote, ...]:
    """The notes, each said on stderr, their entities let go: those of a plan refused for another
    reason too, which writes nothing (and whose changes, a refused entity's among them, are not all
    what a plan would write)."""
    for note in notes:
        log.warning("%s", note)
    return tuple(dataclasses.replace(note, held_at=()) for note in notes)


def _recreated(change: Change, note: CatalogNote, replacements: Mapping[Address, Change]) -> CatalogProblem:
    """The refusal of `change`, which creates again an entity holding the note's name."""
    replaced = _replacement_of(change, replacements)
    if replaced is None:
        how = "this plan would create it anew naming it"
    else:
        lost = (
            "a history whose count is unknown"
            if replaced.observations_unknown
            else counted(replaced.observations, "observation")
        )
        at = replaced.address
        how = (
            f"the replacement of {at} would create it again naming it: the removal runs first, destroying "
            f"{lost}, and a platform that withdrew the name refuses the creation after it, leaving {at} "
            f"gone (keep {at}'s template, or name one the catalog lists instead)"
        )
    return CatalogProblem(change.address, note.field, f"{_gone(note.kind, note.field, note.name)}, and {how}")


def _replacement_of(change: Change, replacements: Mapping[Address, Change]) -> Change | None:
    """The replacement that creates `change`'s entity again: its own, or its nearest parent's."""
    nearest_first = reversed([*change.address.self_and_ancestors()])
    return next((replacements[at] for at in nearest_first if at in replacements), None)


def located_message(source: ManifestSource, problems: Sequence[CatalogProblem]) -> str:
    """The problems told at the manifest's line and column when they can be."""
    found = [(problem.address, problem.field, problem.message) for problem in problems]
    located = locate_entities_fields(
        source.path, found, source.vars_file, source.sites_file, source.variables
    )
    return catalog_message(problems if located is None else located)


def merged_notes(notes: Iterable[CatalogNote]) -> tuple[CatalogNote, ...]:
    """The notes of several plans of one manifest (its shards) as one plan's: a name held in two
    shards is one note, counting the holders of both, first the first shard's first."""
    merged: dict[_Named, CatalogNote] = {}
    for note in notes:
        key = (note.kind, note.field, note.name)
        earlier = merged.get(key)
        merged[key] = (
            note if earlier is None else dataclasses.replace(earlier, held_by=earlier.held_by + note.held_by)
        )
    return tuple(merged.values())


def catalog_message(lines: Iterable[object]) -> str:
    listed = "\n".join(f"  {line}" for line in lines)
    return f"the manifest names what the platform's catalog does not hold:\n{listed}"


def check_catalog(
    nodes: list[DesiredEntity], catalog: Catalog, live: LiveState | None = None
) -> tuple[CatalogNote, ...]:
    """Every name the manifest gives checked against `catalog`; with `live`, the metrics of each
    sensor adopted without a template against the template it has. The answer: the names the
    catalog lacks that the live entities hold, for kept_unless_recreated to say once the plan is
    made (a replacement may create those entities again)."""
    problems: list[CatalogProblem] = []
    # What a sensor or device names, looked up once: a fleet's 100,000 sensors name a handful of
    # templates and metric lists (compared by identity: defaults share theirs, props.py). The
    # problems of one (a legacy name many sensors hold) are worked out once too.
    looked_up: dict[tuple[object, ...], list[CatalogProblem]] = {}
    adopted: list[DesiredEntity] = []
    holders = _LiveHolders()
    kept: _Kept = {}  # legacy names live entities hold: said once each
    last_named: dict[Kind, _LastNamed] = {}
    for entity in walk(nodes):
        # Few are: a fleet's sensors name their template (asked first, it spares each a call).
        if entity.template is None and _template_unsaid_with_metrics(entity):
            adopted.append(entity)
        kind, template, metrics = entity.kind, entity.template, entity.fields.get("metrics")
        on_api = entity.thread_id is None
        last = last_named.get(kind)
        if last is not None and last[0] is template and last[1] is metrics and last[2] is on_api:
            named_problems = last[3]  # a sibling naming what the last of its kind named
        else:
            named_problems = _looked_up(entity, catalog, looked_up)
            last_named[kind] = (template, metrics, on_api, named_problems)
        if not named_problems:  # nearly always: nothing to copy for the entity nor to add
            continue
        found = [dataclasses.replace(problem, address=entity.address) for problem in named_problems]
        if live is not None:
            found = _not_held_live(entity, found, holders, live, kept)
        problems += found
    notes = _noted(kept)
    if adopted and live is not None:
        problems += _metrics_on_catalog_sensors(adopted, live)
    if problems:
        refuse_empty_catalog(catalog, len(problems))
        raise CatalogError(catalog_message(problems), problems)
    return notes


def _looked_up(
    entity: DesiredEntity, catalog: Catalog, looked_up: dict[tuple[object, ...], list[CatalogProblem]]
) -> list[CatalogProblem]:
    """The entity's problems, found once for all that name what it names."""
    named = (entity.kind, entity.on_thread, entity.template, *map(id, entity.fields.get("metrics", ())))
    found = looked_up.get(named)
    if found is None:
        found = looked_up[named] = list(_entity_problems(entity, catalog))
    return found


def refuse_empty_catalog(catalog: Catalog, unknown: int) -> None:
    """A catalog list that holds nothing (a credential without catalog rights, an outage answered
    200) is the platform's answer to name: every name the manifest gives, iotplan's own default
    GENERIC_SENSOR_SDE among them, would read as the manifest's mistake."""
    lists = ((DEVICE_TYPES, catalog.device_templates), (SENSOR_TYPES, catalog.sensor_templates))
    empty = [request for request, listed in (*lists, (METRIC_TYPES, catalog.metrics)) if not listed]
    if empty:
        raise PlatformError(
            f"{' and '.join(empty)} answered an empty list: iotplan cannot check the manifest's templates, "
            f"metrics and units against a catalog that lists nothing ({counted(unknown, 'name')} not "
            "found in it; may the credential read the catalog?)"
        )


def _not_held_live(
    entity: DesiredEntity,
    found: list[CatalogProblem],
    holders: _LiveHolders,
    live: LiveState,
    kept: _Kept,
) -> list[CatalogProblem]:
    """`found` less the names the live entity the manifest's entity adopts already holds there.

    iotplan reads the catalog with excludeLegacy=true, so a template or metric the vendor marked
    legacy (or withdrew) is missing from it while sensors still carry it: no typo, and the way out
    a "did you mean" offers is a replacement that destroys the sensor's history. Kept as it stands
    (nothing is written with it), and said so, unless the plan creates the entity again
    (kept_unless_recreated); a new entity naming it is still refused, told as legacy where another
    live entity holds it (`_gone_unless_typo`)."""
    ref_ids = (entity.ref_id, entity.old_ref_id) if entity.old_ref_id else (entity.ref_id,)
    index = holders.of(live)
    held = [each for ref_id in ref_ids for each in index.get((entity.project_id, entity.kind, ref_id), [])]
    left = []
    for problem in found:
        if any(_holds(holder, entity, problem.field) for holder in held):
            kept.setdefault((entity.kind, problem.field, _named(entity, problem.field)), []).append(
                entity.address
            )
        else:
            left.append(_gone_unless_typo(problem, entity, holders.names(live)))
    return left


def _gone_unless_typo(
    problem: CatalogProblem, entity: DesiredEntity, held: set[tuple[Kind, str, str]]
) -> CatalogProblem:
    """A name the catalog lacks that a live entity holds (one the manifest adopts, or another) is a
    legacy or withdrawn one, not a typo: a new entity naming it is refused as such, never with a
    "did you mean" (TEMPERATURE_SDE's is MOISTURE_SDE: another quantity altogether)."""
    name = _named(entity, problem.field)
    if not problem.unknown or (entity.kind, _field_kind(problem.field), name) not in held:
        return problem
    kind = entity.kind.value
    message = (
        f"{_gone(entity.kind, problem.field, name)}: {kind}s on the platform hold it still, but a new {kind} "
        "naming it is not created (name one the catalog lists)"
    )
    return dataclasses.replace(problem, message=message)


def _field_kind(field: tuple[str | int, ...]) -> str:
    """What a field names: "template", "metric" or "unit"."""
    return str(field[-1])


def _noted(kept: _Kept) -> tuple[CatalogNote, ...]:
    """One note per legacy name, however many entities hold it (a fleet's 100,000 sensors may)."""
    return tuple(
        CatalogNote(kind, field, name, len(addresses), addresses[0], tuple(addresses))
        for (kind, field, name), addresses in kept.items()
    )


def _named(entity: DesiredEntity, field: tuple[str | int, ...]) -> str:
    """The name the entity gives at `field`."""
    if field == ("template",):
        return str(entity.template)
    return str(entity.fields["metrics"][int(field[1])][str(field[2])])


def _field_named(field: tuple[str | int, ...]) -> str:
    return "template" if field == ("template",) else f"metrics[{field[1]}] {field[2]}"


def _holds(holder: LiveEntity, entity: DesiredEntity, field: tuple[str | int, ...]) -> bool:
    """Whether the live entity holds the name at `field` where the manifest writes it: the template,
    or the metric entry at that index (the same metric and unit, in the same place)."""
    if field == ("template",):
        return holder.template == entity.template
    index = str(field[1])
    entry = entity.fields["metrics"][int(field[1])]
    for key, platform_map in METRIC_HALVES:
        held = holder.props.get(platform_map)
        if entry.get(key) != (held.get(index) if isinstance(held, Mapping) else None):
            return False
    return True


class _LiveHolders:
    """The live devices and sensors by (project id, kind, refId): indexed only where the catalog
    lacks a name, once per check: a fleet whose names the catalog holds never asks."""

    def __init__(self) -> None:
        self._index: dict[tuple[str, Kind, str], list[LiveEntity]] | None = None
        self._names: set[tuple[Kind, str, str]] | None = None

    def names(self, live: LiveState) -> set[tuple[Kind, str, str]]:
        """(kind, "template" | "metric" | "unit", name) of every name the indexed entities hold."""
        if self._names is None:
            self._names = {
                (kind, field, name)
                for (_, kind, _), entities in self.of(live).items()
                for each in entities
                for field, name in _held(each)
            }
        return self._names

    def of(self, live: LiveState) -> dict[tuple[str, Kind, str], list[LiveEntity]]:
        if self._index is None:
            self._index = {}
            for project in live.projects.values():
                for connection in project.connections.values():
                    placed = [(Kind.DEVICE, device) for device in connection.devices]
                    placed += [(Kind.SENSOR, sensor) for sensor in connection.every_sensor()]
                    for kind, each in placed:
                        if each.ref_id:
                            self._index.setdefault((project.id, kind, each.ref_id), []).append(each)
        return self._index


def _held(entity: LiveEntity) -> Iterator[tuple[str, str]]:
    """The catalog names the live entity holds, each with what it names."""
    if entity.template:
        yield "template", entity.template
    for key, platform_map in (("metric", "KNOWN_METRICS"), ("unit", "KNOWN_UNITS")):
        held = entity.props.get(platform_map)
        if isinstance(held, Mapping):
            yield from ((key, str(name)) for name in held.values())


def _template_unsaid_with_metrics(entity: DesiredEntity) -> bool:
    """A sensor adopted by `ref_id` whose template the manifest leaves to the platform (defaults.py)."""
    return (
        entity.kind is Kind.SENSOR
        and entity.template is None
        and not entity.on_thread
        and "metrics" in entity.fields
    )


def _metrics_on_catalog_sensors(adopted: list[DesiredEntity], live: LiveState) -> Iterator[CatalogProblem]:
    """Validate takes a sensor whose template is unsaid for a generic one, whose metric maps iotplan
    writes; the sensor its `ref_id` adopts may have a catalog template, whose metrics are its own:
    writing maps onto it would mislabel its data. Any live sensor of the project with that refId
    counts: the plan adopts it, or refuses to create a second one."""
    templates = _live_sensor_templates(live, {entity.ref_id for entity in adopted})
    for entity in adopted:
        catalog_templates = sorted(
            templates.get((entity.project_id, entity.ref_id), set()) - {GENERIC_SENSOR}
        )
        if catalog_templates:
            template = catalog_templates[0]
            message = (
                f"metrics can only be declared on {GENERIC_SENSOR} sensors, and the sensor ref_id "
                f"{quoted_apart(entity.ref_id)} adopts is {template}, which has its own: remove metrics, "
                f"and write template: {template}"
            )
            yield CatalogProblem(entity.address, ("metrics",), message)


def _live_sensor_templates(live: LiveState, ref_ids: set[str]) -> dict[tuple[str, str], set[str]]:
    """The templates of the live sensors carrying one of `ref_ids`, by (project id, refId)."""
    found: dict[tuple[str, str], set[str]] = {}
    for project in live.projects.values():
        for connection in project.connections.values():
            for sensor in connection.every_sensor():
                if sensor.ref_id in ref_ids and sensor.template:
                    found.setdefault((project.id, sensor.ref_id), set()).add(sensor.template)
    return found


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
            # Quoted as the names are: a unit with an invisible character must not read as the one written.
            units = ", ".join(map(repr, sorted(allowed))) or "none"
            name = metric["metric"]
            shown = shown_live(unit)  # declared, masked as views show it: a plan hides the metrics
            message = f"metrics[{index}]: unit {shown!r} is not a unit of {name!r} (its units: {units})"
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
    shown = shown_live(value)  # declared, masked as views show it
    message = f"{position}unknown {what} {shown!r}{_suggestion(str(value), list(known))}"
    return CatalogProblem(entity.address, field, message, unknown=True)


def _suggestion(value: str, known: list[str]) -> str:
    """A catalog name that reads as `value` first (`µm`, the micro sign a keyboard types, is the
    catalog's `μm`, Greek mu; `MPA` its `MPa`), with the characters that tell them apart; only then
    the closest spelling: by spelling alone `µm` is nearest `m`, a millionth of its size."""
    alike = sorted(name for name in known if _folded(name) == _folded(value))
    if alike:
        return f" (did you mean {alike[0]!r}?{_told_apart(value, alike[0])})"
    close = did_you_mean(value, known)
    return f" (did you mean {close!r}?)" if close else ""


def _folded(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold()


def _told_apart(value: str, name: str) -> str:
    """Where the two differ by more than case, the characters each has that the other lacks, by code
    point: in most fonts they print alike."""
    if value.lower() == name.lower():  # casefold would take the micro sign for mu
        return ""
    here, there = _code_points(value, name), _code_points(name, value)
    return f" {here} here, {there} in the catalog"


def _code_points(text: str, other: str) -> str:
    return " ".join(f"{char!r} (U+{ord(char):04X})" for char in dict.fromkeys(text) if char not in other)
