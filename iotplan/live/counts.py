"""Observation counts the REST answers lack, read from the JSON-RPC entity objects.

The documented REST answers carry `OBSERVATION_COUNT` on connections only; the JSON-RPC `getDevices`
and `getSensors` objects carry it on devices and sensors (Bentley's iTwin IoT API reference,
"Working With Entities"). A plan that would destroy entities, or change the data model of sensors,
whose counts REST did not give (plan/model.py `Change.needs_a_count`) asks JSON-RPC for them: two
requests a project (one more of each kind per COUNTS_PER_CALL ids), and up to two more (`getNodes`,
`getDevices`) where a parent's own count decides whether the counts under it are REST's platform's
(below). So does one removing, replacing or changing the data model of what REST counts at 0, with
the same requests (`doubt_zero_counts`): REST's answers carry no LAST_OBSERVATION to tell a 0 an
upload has not reached. A count that still cannot be read (the JSON-RPC read failed, did not answer
for an id, answered it twice, or answered it without an object of props) stays unknown: treated as
holding data. Read again before a unit's removals are written, only the counts those removals need
are asked for (the sensors they take that REST did not count, or counted at 0: none where it counted
them all above 0), and a JSON-RPC API that cannot give them is said once a run, not before every
unit. A count left unknown there refuses the removal reviewed with a count (apply/stale.py
`takes_more`), so "treated as holding data" holds. Nothing in either API says which platform it is,
and the JSON-RPC endpoint is given apart from REST's (a variable left over from another session): a
copy of the platform (staging, a restored backup) answers the same ids with its own counts. So the
counts JSON-RPC gives under a connection or device whose REST count they fall short of are not
taken: they stay unknown, and the warning names both endpoints (`count_through_rpc`). Where REST's
own sensor counts already fell short of it (so they were taken as unknown: live/model.py
`doubt_counts_behind`), JSON-RPC's are held against those only where JSON-RPC shows that parent as
REST's platform does: its own count of it (`getNodes`, `getDevices`) at least REST's, as counts only
grow and JSON-RPC is read after REST. A copy where those sensors never reported answers 0 for them,
without LAST_OBSERVATION: held against what REST's sensors lagged by, they would pass for a count,
and a removal of what the connection counts would go through without --allow-destroy. So too where
JSON-RPC's counts add up to less than REST's count of a parent whose sensors REST gives none: a
parent keeping a removed sensor's history is one platform's where JSON-RPC counts it as REST does.
Such a parent is read only where JSON-RPC gave counts under it, all of them at once
(`_in_question`); where that read fails, nothing shows one platform, and the counts under it stay
unknown too.

Why a count stays unknown is recorded where the read knows it (`why_uncounted`): JSON-RPC out of
reach, a 0 beside a LAST_OBSERVATION (kept in the entity's props, as JSON-RPC answered it), counts
not held against REST's. A refusal for such a count advises by it (apply/stale.py `uncounted_said`).
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum, auto
from typing import Any, Protocol

from iotplan.clients.endpoint import Endpoints
from iotplan.errors import IotplanError, TransportError
from iotplan.live.model import LiveConnection, LiveEntity, Uncounted, count_of, observation_count, observed
from iotplan.live.read import PlatformReader, read_connections
from iotplan.wording import counted, first, live_quoted

log = logging.getLogger(__name__)
# Nothing answered: most often the JSON-RPC API is not where iotplan looked. Whoever reads the
# warning learns what to set (clients/target.py names the option and the variable), each beside its
# REST half: `--rpc-endpoint` alone is refused.
WHERE_IT_IS = (
    ". If the platform's JSON-RPC API is not at that address, give its ws:// or wss:// URL with "
    "--rpc-endpoint beside --endpoint, or IOTPLAN_RPC_ENDPOINT beside IOTPLAN_ENDPOINT (by default "
    "iotplan looks on the REST endpoint's host, port 4201)"
)


class EntityReader(Protocol):
    async def get_nodes(self, node_ids: Iterable[str]) -> list[dict[str, Any]]: ...
    async def get_devices(self, device_ids: Iterable[str]) -> list[dict[str, Any]]: ...
    async def get_sensors(self, sensor_ids: Iterable[str]) -> list[dict[str, Any]]: ...


@dataclass
class Said:
    """What a run has said already: one that reads counts again before each wave says once that
    JSON-RPC could not give them, not once a wave; and whether its last count read went unanswered
    (`unanswered`), for what that read left unknown to be told so."""

    counts_unread: bool = False
    parents_unread: bool = False
    two_platforms: bool = False
    # Whether the last count read got no answer: what it left unknown is told so (`_record_why`).
    unanswered: bool = False
    # The ids the last count read's answer lacked, as JSON-RPC answers an id it does not know.
    not_found: set[str] = field(default_factory=set)


class _Why(Enum):
    """Why the counts JSON-RPC gave under a connection or device are not taken."""

    ABOVE = auto()  # REST counts it above what its sensors' counts add up to, JSON-RPC's among them
    COUNTED_LOWER = auto()  # doubted (`behind`), and JSON-RPC counts it below REST's count
    NO_COUNT = auto()  # doubted, and JSON-RPC gave no count of it
    UNREAD = auto()  # doubted, and JSON-RPC could not be read for its count of it


@dataclass(frozen=True)
class _Shortfall:
    """A connection or device whose REST count JSON-RPC's counts do not show as REST's platform's,
    where JSON-RPC counted some of what is beneath it: the counts JSON-RPC gave under it (`taken`),
    and why (`why`; `rpc_count`: JSON-RPC's own count of it, where it gave one). `counted`: what
    its sensors' counts add up to, JSON-RPC's among them; REST's alone where REST's were doubted."""

    parent: LiveEntity
    rest_count: int
    counted: int
    taken: list[LiveEntity]
    why: _Why
    rpc_count: int | None = None


def doubt_zero_counts(
    connections: Iterable[LiveConnection], entity_ids: Collection[str], settled: Collection[str] = ()
) -> set[str]:
    """REST's counts of 0 on the devices and sensors of these connections, on these devices (with
    their sensors) and on these sensors dropped, for JSON-RPC to give (`count_through_rpc`: where it cannot,
    they stay unknown); the ids of those whose counts were. Asked of what a write takes (a removal,
    a replacement, a change of a data model) that REST counts at 0: the reference's REST answers
    carry no count on devices and sensors, nor a LAST_OBSERVATION to tell a 0 from one an upload
    has not reached yet (`count_of`). The connection's count shows such a 0 only where it is current
    and was read (`LiveConnection.doubt_counts_behind`): not a THREAD's, not one read through the
    project's lists, not one whose count lags too. JSON-RPC's objects carry LAST_OBSERVATION, and
    an apply reads them again before writing (`counted_again`; apply/thread.py `_counted_now`).
    `settled`: ids whose counts JSON-RPC gave already, kept."""
    wanted = set(entity_ids)
    doubted: set[str] = set()
    for connection in connections:
        whole = connection.node.id in wanted
        for device in connection.devices:
            sensors = connection.sensors_of(device)
            named = (
                [device, *sensors] if whole or device.id in wanted else [s for s in sensors if s.id in wanted]
            )
            for entity in named:
                if entity.observations == 0 and entity.id not in settled:
                    del entity.props["OBSERVATION_COUNT"]
                    doubted.add(entity.id)
    return doubted


# Each connection with its devices and its sensors whose answers carried no count (`uncounted_by_connection`).
UncountedBy = list[tuple[LiveConnection, list[LiveEntity], list[LiveEntity]]]


def devices_and_sensors(uncounted: UncountedBy) -> tuple[list[LiveEntity], list[LiveEntity]]:
    """The devices, then the sensors, of every connection of `uncounted_by_connection`."""
    return [d for _, ds, _ in uncounted for d in ds], [s for _, _, ss in uncounted for s in ss]


def uncounted_by_connection(
    connections: Iterable[LiveConnection], removing: Collection[str] | None = None
) -> UncountedBy:
    """Each connection with its devices and sensors whose answers carried no count (its lists empty
    where REST counted all: what a read leaves unknown is recorded on its own connection,
    `_record_why`); with `removing` (the live ids of what a plan removes or replaces), only the
    sensors the removals take: the sensor removed, a device's, a connection's. What a removal
    destroys is unknown only where a sensor's count is (live/model.py `Observations.of_tree`): a
    device's own count can only raise a total its sensors' counts already settle, so where REST
    counted every sensor taken (a 0 of REST's is dropped first: `doubt_zero_counts`), JSON-RPC is not
    asked, and cannot fail to answer."""
    wanted = None if removing is None else set(removing)

    def taken(*ids: str) -> bool:
        return wanted is None or not wanted.isdisjoint(ids)

    found = []
    for c in connections:
        devices = [d for d in c.devices if d.observations is None] if wanted is None else []
        sensors = [
            s
            for device_id, group in c.sensors.items()
            for s in group
            if s.observations is None and taken(c.node.id, device_id, s.id)
        ]
        found.append((c, devices, sensors))
    return found


async def fill_counts(
    reader: EntityReader, devices: list[LiveEntity], sensors: list[LiveEntity], said: Said | None = None
) -> int:
    """Each entity's OBSERVATION_COUNT from JSON-RPC, written into its props; how many were found.
    `said`: the run's, when it reads counts more than once (`unanswered` set where none answered).
    A 0 beside the LAST_OBSERVATION its object carries is written with it: no count still
    (`count_of`), but what it is (`why_uncounted`)."""
    try:
        answers = await asyncio.gather(
            _asked_in_parts(reader.get_devices, [d.id for d in devices]),
            _asked_in_parts(reader.get_sensors, [s.id for s in sensors]),
        )
    except IotplanError as error:
        if said is not None:
            said.unanswered = True
        if said is not None and said.counts_unread:
            return 0
        if said is not None:
            said.counts_unread = True
        log.warning(
            "observation counts could not be read through JSON-RPC (%s): they stay unknown, treated as "
            "holding data%s",
            error,
            WHERE_IT_IS if isinstance(error, TransportError) else "",
        )
        return 0
    if said is not None:
        said.unanswered = False
        said.not_found = set()
    found = 0
    for method, entities, answer in (
        ("getDevices", devices, answers[0]),
        ("getSensors", sensors, answers[1]),
    ):
        by_id = _answers_by_id(method, answer)
        for entity in entities:
            if said is not None and entity.id not in by_id:
                said.not_found.add(entity.id)
            count, lagging = by_id.get(entity.id, _NEITHER)
            if count is not None:
                entity.props["OBSERVATION_COUNT"] = count
                found += 1
            elif lagging is not None:
                entity.props["OBSERVATION_COUNT"] = 0
                entity.props["LAST_OBSERVATION"] = lagging
    return found


def why_uncounted(connection: LiveConnection, entity: LiveEntity) -> Uncounted | None:
    """Why the entity's count is unknown, where the reads know (None where they do not, or it is
    known): a 0 beside a LAST_OBSERVATION, REST's or JSON-RPC's, first, as it says what a rerun
    would find; else what the JSON-RPC read recorded (`count_through_rpc`)."""
    if entity.observations is not None:
        return None
    return (
        Uncounted.NOT_COUNTED_YET
        if not_counted_yet(entity.props)
        else connection.uncounted_why.get(entity.id)
    )


def not_counted_yet(props: Mapping[str, Any]) -> bool:
    """A count of 0 beside a LAST_OBSERVATION (`count_of`): an upload the platform has not counted."""
    return observation_count(props.get("OBSERVATION_COUNT")) == 0 and observed(props.get("LAST_OBSERVATION"))


def why_uncounted_under(
    connection: LiveConnection, sensors: Iterable[LiveEntity]
) -> tuple[Uncounted | None, ...]:
    """Why the unknown counts of these sensors of the connection (those a write takes) are unknown
    (`why_uncounted`), each cause once, None for one the reads do not know; () where none is."""
    return tuple(dict.fromkeys(why_uncounted(connection, s) for s in sensors if s.observations is None))


def sensors_under(connection: LiveConnection, ids: Collection[str]) -> dict[str, list[LiveEntity]]:
    """By each of these ids that is the connection's, one of its devices' or one of its sensors', the
    sensors a write to it takes: all the connection's, the device's, the sensor. The connection's
    sensors are walked once, and only where the connection or a sensor is asked for: a plan may
    weigh 100,000 of them (commands/plan.py), a recount each removal (apply/recount.py)."""
    wanted = set(ids)
    taken = {i: connection.sensors[i] for i in wanted if i in connection.sensors}
    if len(taken) == len(wanted):
        return taken
    every = connection.every_sensor()
    if connection.node.id in wanted:
        taken[connection.node.id] = every
    taken.update((sensor.id, [sensor]) for sensor in every if sensor.id in wanted)
    return taken


async def count_through_rpc(
    reader: EntityReader,
    connections: Sequence[LiveConnection],
    sources: Endpoints,
    removing: Collection[str] | None = None,
    said: Said | None = None,
) -> int:
    """The counts REST did not give of these connections (`uncounted_by_connection`, with
    `removing`), read from JSON-RPC and held against REST's: how many were taken."""
    return await count_uncounted(reader, uncounted_by_connection(connections, removing), sources, said)


async def count_uncounted(
    reader: EntityReader, asked_of: UncountedBy, sources: Endpoints, said: Said | None = None
) -> int:
    """`count_through_rpc` of connections walked for their unknown counts already
    (`uncounted_by_connection`): a caller that needs those entities too walks their sensors once."""
    connections = [connection for connection, _, _ in asked_of]
    devices, sensors = devices_and_sensors(asked_of)
    if not devices and not sensors:
        return 0
    run = said if said is not None else Said()
    found = await fill_counts(reader, devices, sensors, run)
    asked = {entity.id for entity in (*devices, *sensors)}
    filled = {entity.id for entity in (*devices, *sensors) if entity.observations is not None}
    wanted = [parent for c in connections for parent in _in_question(c, asked, filled)]
    own = await _parent_counts(reader, wanted, {c.node.id for c in connections}, said)
    shortfalls = [each for c in connections for each in _shortfalls(c, asked, filled, own)]
    distrusted = _distrust(shortfalls, sources, said)
    why = _why_unknown(run, asked, distrusted)
    for connection, devices_asked, sensors_asked in asked_of:
        _record_why(connection, (*devices_asked, *sensors_asked), why)
    return found - len(distrusted)


def _why_unknown(run: Said, asked: set[str], distrusted: set[str]) -> dict[str, Uncounted]:
    """Why this read leaves each count it names unknown: all of them out of reach where JSON-RPC did
    not answer; else those its answer lacked (an id it does not know: removed since REST's read,
    most likely by another run), and those not held against REST's, which says more (a JSON-RPC of
    another platform lacks what it never had)."""
    if run.unanswered:
        return dict.fromkeys(asked, Uncounted.NO_ANSWER)
    return dict.fromkeys(run.not_found, Uncounted.NOT_FOUND) | dict.fromkeys(distrusted, Uncounted.NOT_HELD)


def _record_why(
    connection: LiveConnection, asked: Sequence[LiveEntity], why: Mapping[str, Uncounted]
) -> None:
    """`why` the counts of the connection's devices and sensors this read asked for (`asked`) and left
    unknown are (by id), for a refusal to advise by (`why_uncounted`); what an earlier read
    recorded of those asked is this read's to say, and goes: a JSON-RPC that answered now is no
    more told "out of reach". Only what was asked is walked, and nothing where no cause is or was."""
    if not why and not connection.uncounted_why:
        return  # a read all taken, none told before: no sensor walked again
    for entity in asked:
        cause = why.get(entity.id)
        if cause is not None and entity.observations is None:
            connection.uncounted_why[entity.id] = cause
        else:
            connection.uncounted_why.pop(entity.id, None)


def _in_question(connection: LiveConnection, asked: set[str], filled: set[str]) -> Iterator[LiveEntity]:
    """The connection and devices whose own JSON-RPC count decides whether the counts JSON-RPC gave
    beneath them are REST's platform's: REST counted them ahead of their sensors (`behind`), or
    above what the sensors now add up to. The latter is one platform's too where the parent keeps
    a removed sensor's history (variant `connection-count-current`) and REST gives its sensors no
    count: JSON-RPC counting the parent at least as REST does is that platform. No request for the
    rest."""
    for parent, sensors, beneath in connection.parents():
        rest_count = None if parent.id in filled else parent.observations
        if rest_count is None or not any(entity.id in filled for entity in beneath):
            continue
        unknown = any(s.observations is None and s.id not in asked for s in sensors)
        if parent.id in connection.behind or (not unknown and rest_count > _counted(sensors)):
            yield parent


def _counted(sensors: Iterable[LiveEntity]) -> int:
    return sum(s.observations or 0 for s in sensors)


async def _parent_counts(
    reader: EntityReader, parents: list[LiveEntity], node_ids: set[str], said: Said | None
) -> dict[str, int | None] | None:
    """JSON-RPC's own counts of these connections and devices, by id, in one request of each kind:
    None where they could not be read (said here, once a run with `said`, as `fill_counts` says its
    own failure), and nothing then shows the counts under them are REST's platform's (`_unlike`)."""
    if not parents:
        return {}
    nodes = [parent for parent in parents if parent.id in node_ids]
    devices = [parent for parent in parents if parent.id not in node_ids]
    try:
        answers = await asyncio.gather(
            reader.get_nodes([n.id for n in nodes]), reader.get_devices([d.id for d in devices])
        )
    except IotplanError as error:
        if not (said is not None and said.parents_unread):
            log.warning(
                "connection and device observation counts could not be read through JSON-RPC (%s)%s",
                error,
                WHERE_IT_IS if isinstance(error, TransportError) else "",
            )
        if said is not None:
            said.parents_unread = True
        return None
    answered = {
        **_answers_by_id("getNodes", _ids_and_counts(answers[0])),
        **_answers_by_id("getDevices", _ids_and_counts(answers[1])),
    }
    return {entity_id: count for entity_id, (count, _) in answered.items()}


def _unlike(parent: LiveEntity, own: dict[str, int | None] | None) -> _Why | None:
    """Why JSON-RPC's counts under a parent in question are not REST's platform's, as far as JSON-RPC's
    own count of the parent shows: None where it counts the parent at least as REST did."""
    if own is None:
        return _Why.UNREAD
    rpc_count, rest_count = own.get(parent.id), parent.observations
    if rpc_count is None or rest_count is None:
        return _Why.NO_COUNT
    return _Why.COUNTED_LOWER if rpc_count < rest_count else None


def _shortfalls(
    connection: LiveConnection, asked: set[str], filled: set[str], own: dict[str, int | None] | None
) -> list[_Shortfall]:
    """Where REST's count of the connection, or of a device, is above the counts of its sensors
    (REST's and JSON-RPC's), JSON-RPC having given some: as each count only grows, JSON-RPC, read
    after REST, cannot count less of one platform. Not held where a sensor not asked for (outside
    a recount's scope) has no count: it may hold the difference. What REST's own sensor counts
    lagged it by (`behind`) is set aside only where JSON-RPC counts that parent as REST does
    (`own`, its counts of the parents in question: `_unlike`): elsewhere, JSON-RPC may be a copy whose
    0s are its own."""
    found = []
    for parent, sensors, beneath in connection.parents():
        rest_count = None if parent.id in filled else parent.observations
        taken = [entity for entity in beneath if entity.id in filled]
        if rest_count is None or not taken:
            continue
        counted = _counted(sensors)
        if parent.id in connection.behind:
            why = _unlike(parent, own)
            if why is not None:
                # Whatever stays uncounted beside them (a recount asks only for what it removes), its
                # counts here are no count of REST's.
                rpc_count = None if own is None else own.get(parent.id)
                rest_beneath = rest_count - connection.behind[parent.id]
                found.append(_Shortfall(parent, rest_count, rest_beneath, taken, why, rpc_count))
                continue
            rest_count -= connection.behind[parent.id]  # REST's own sensors' counts lagged it so far
        if any(s.observations is None and s.id not in asked for s in sensors):
            continue
        if rest_count > counted and _unlike(parent, own) is not None:  # unexplained by its own count
            found.append(_Shortfall(parent, rest_count, counted, taken, _Why.ABOVE))
    return found


def _distrust(shortfalls: list[_Shortfall], sources: Endpoints, said: Said | None) -> set[str]:
    """The counts JSON-RPC gave under each shortfall made unknown again; their ids."""
    taken = {entity.id: entity for each in shortfalls for entity in each.taken}
    for entity in taken.values():
        del entity.props["OBSERVATION_COUNT"]
    if shortfalls and not (said is not None and said.two_platforms):
        if said is not None:
            said.two_platforms = True
        _say_two_platforms([each for each in shortfalls if each.why is not _Why.UNREAD], sources)
        _say_unshown([each for each in shortfalls if each.why is _Why.UNREAD], sources)
    return set(taken)


def _say_two_platforms(shortfalls: list[_Shortfall], sources: Endpoints) -> None:
    """Where JSON-RPC counts less than REST does, of the parent or beneath it."""
    if not shortfalls:
        return
    log.warning(
        "REST at %s counts more observations than JSON-RPC at %s (%s): they may be two platforms (check "
        "--rpc-endpoint / IOTPLAN_RPC_ENDPOINT), so the %s JSON-RPC gave there stay unknown, treated as "
        "holding data (removing them needs --allow-destroy)",
        sources.rest,
        sources.rpc,
        first([f"{each.parent.id}: {_shown(each)}" for each in shortfalls], 3),
        counted(_distrusted(shortfalls), "count"),
    )


def _shown(shortfall: _Shortfall) -> str:
    if shortfall.why is _Why.COUNTED_LOWER:
        return f"JSON-RPC counts it at {shortfall.rpc_count:,} against REST's {shortfall.rest_count:,}"
    if shortfall.why is _Why.NO_COUNT:
        return f"JSON-RPC gave no count of it against REST's {shortfall.rest_count:,}"
    return f"REST counts {shortfall.rest_count:,} against {shortfall.counted:,} on the sensors beneath"


def _say_unshown(shortfalls: list[_Shortfall], sources: Endpoints) -> None:
    """Where JSON-RPC could not be read for its count of the parent: nothing shows two platforms."""
    if not shortfalls:
        return
    short = [f"{each.parent.id}: {each.rest_count:,} against {each.counted:,}" for each in shortfalls]
    log.warning(
        "REST at %s counts more observations than its own counts of the sensors beneath add up to (%s), "
        "and JSON-RPC at %s could not be read for its count of them, so nothing shows the two are one "
        "platform: the %s JSON-RPC gave there stay unknown, treated as holding data (removing them "
        "needs --allow-destroy)",
        sources.rest,
        first(short, 3),
        sources.rpc,
        counted(_distrusted(shortfalls), "count"),
    )


def _distrusted(shortfalls: list[_Shortfall]) -> int:
    return len({entity.id for each in shortfalls for entity in each.taken})


async def counted_again(
    client: PlatformReader,
    reader: EntityReader | None,
    project_id: str,
    node_ids: Sequence[str],
    parallelism: int = 16,
    *,
    removing: Collection[str],
    sources: Endpoints,
    said: Said | None = None,
) -> list[LiveConnection]:
    """These connections read again, with the counts of what is `removing` (live ids) and what that
    takes along as a plan gets them: REST's, and JSON-RPC's for what REST did not count (`reader`,
    None where there is no JSON-RPC: those stay unknown, as the others' do). JSON-RPC's reads count what
    REST's listed, as it stood then: the count is as old as REST's read (clients/throttle.py `CountRead`)."""
    connections = await read_connections(client, project_id, node_ids, parallelism)
    doubt_zero_counts(connections, removing)
    if reader is not None:
        await count_through_rpc(reader, connections, sources, removing, said)
    return connections


# Ids a count read asks for at once: a sweeping change of 100,000 sensors decoded their objects in
# one answer, ~350 MiB held until their counts were taken; in parts, one part's at a time.
COUNTS_PER_CALL = 10_000


async def _asked_in_parts(
    ask: Callable[[list[str]], Awaitable[list[dict[str, Any]]]], ids: list[str]
) -> list[tuple[str, Any, Any]]:
    """What `ask` answers of `ids`, COUNTS_PER_CALL at a time, each answered item kept only as its id,
    its count and a LAST_OBSERVATION beside a 0 (`_ids_and_counts`), in the order answered."""
    kept: list[tuple[str, Any, Any]] = []
    for start in range(0, len(ids), COUNTS_PER_CALL):
        asked = ids[start : start + COUNTS_PER_CALL]
        kept += _ids_and_counts(await ask(asked), asked)
    return kept


def _ids_and_counts(answer: Iterable[Any], asked: Iterable[str] = ()) -> list[tuple[str, Any, Any]]:
    """Each answered item's id, the count its props give (`count_of`; None without an object of
    props) and, where that is a 0 beside a LAST_OBSERVATION, the LAST_OBSERVATION (else None); an
    item without a text id counts nothing. An id equal to one `asked` is kept as that one, the
    answer's copy freed with the answer: 100,000 sensors' ids, 10 MB held until all are read."""
    same = {each: each for each in asked}
    kept = []
    for raw in answer:
        entity_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(entity_id, str):
            props = raw.get("props")
            count = count_of(props) if isinstance(props, dict) else None
            lagging = count is None and isinstance(props, dict) and not_counted_yet(props)
            kept.append(
                (same.get(entity_id, entity_id), count, props["LAST_OBSERVATION"] if lagging else None)
            )
    return kept


# What an entity not answered (or answered more than once) gives: no count, no LAST_OBSERVATION.
_NEITHER: tuple[None, None] = (None, None)


def _answers_by_id(method: str, answer: list[tuple[str, Any, Any]]) -> dict[str, tuple[int | None, Any]]:
    """Each answered entity's OBSERVATION_COUNT and the LAST_OBSERVATION beside its 0, by its id
    (`_ids_and_counts`), read by REST's rule (`count_of`): a 0 beside the LAST_OBSERVATION the
    same object carries is no count. An id answered more than once (in one part or two) has neither
    (`_NEITHER`): two answers for one entity are not a count, and taking the last let a removal
    of observations through as if it held none. One answered without an object of props leaves its
    entity's count unknown."""
    answered = Counter(entity_id for entity_id, _, _ in answer)
    repeated = {entity_id for entity_id, times in answered.items() if times > 1}
    if repeated:
        _say_answered_twice(method, repeated)
    return {
        entity_id: _NEITHER if entity_id in repeated else (count, lagging)
        for entity_id, count, lagging in answer
    }


def _say_answered_twice(method: str, repeated: set[str]) -> None:
    twice = [live_quoted(entity_id) for entity_id in sorted(repeated)]
    log.warning(
        "JSON-RPC %s answered %s more than once (%s): their observation counts stay unknown, treated "
        "as holding data",
        method,
        counted(len(twice), "entity"),
        first(twice, 3),
    )
