"""Live state as plain data: what the platform said, grouped the way the differ needs it.

Nothing here fetches; `read.py` fills these from the clients (pyinfra's "facts").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from operator import itemgetter
from typing import Any

from iotplan.manifest.addresses import fold_ref_id
from iotplan.records import record

_SIX_HEX = re.compile(r"[0-9A-Fa-f]{6}")


# The props each entity holds its own text in: a read shares every other value among the entities
# holding it (live/read.py), and a fingerprint dumps these without keeping them (plan/compare.py).
OWN_PROPS = frozenset({"NAME", "SERIAL_NO"})


def values_of(props: Mapping[str, Any], keys: tuple[str, ...]) -> tuple[Any, ...]:
    """The values of `keys` in `props`, None for each absent: `Props.values_of`'s one step where the
    props are a live entity's, a lookup each where they are any other mapping (a test's, import's)."""
    return props.values_of(keys) if isinstance(props, Props) else tuple(map(props.get, keys))


class Props(MutableMapping[str, Any]):
    """A live entity's props, compact: its values in a tuple, found through a key order that every
    entity answered with the same keys shares. A dict of a sensor's 11 props weighs 464 bytes, this
    176: a million live sensors, 280 MB less. Reads are a dict lookup and a tuple index. The values
    a whole page of entities answered alike (its project, its template) its key order holds, once
    (`KeyOrder.tail`): a sensor's tuple holds 5 values, not 11."""

    __slots__ = ("_at", "_values")

    def __init__(self, at: Mapping[str, int], values: tuple[Any, ...]) -> None:
        self._at = at  # key → its value's index; shared by siblings, its entries never changed
        self._values = values

    def __getitem__(self, key: str) -> Any:
        at, values = self._at[key], self._values
        return values[at] if at < len(values) else self._at.tail[at - len(values)]  # type: ignore[attr-defined]

    def get(self, key: str, default: Any = None) -> Any:
        at = self._at.get(key)
        if at is None:
            return default
        values = self._values
        return values[at] if at < len(values) else self._at.tail[at - len(values)]  # type: ignore[attr-defined]

    def values_of(self, keys: tuple[str, ...]) -> tuple[Any, ...]:
        """The values of `keys`, None for each absent: a plan compares a handful of props of every
        entity at once (plan/compare.py `compare_found`, plan/props.py `written_as_declared`), picked
        in one step by a getter its key order keeps for these keys (`KeyOrder`)."""
        at = self._at
        if not isinstance(at, KeyOrder):  # an order no read made (a test's): a lookup each
            return tuple(map(self.get, keys))
        last_keys, last_pick, last_pad = at.last
        if keys is last_keys:  # the keys asked of the entity before, as a plan asks entity after entity
            return last_pick(self._values + last_pad)  # found without hashing them: ~0.1 µs an entity
        picked = at.pickers.get(keys)
        if picked is None:
            picked = at.pickers[keys] = _picker(at, keys)
        at.last = (keys, *picked)  # one store, never torn; held, the keys' identity cannot pass to others
        pick, pad = picked
        return pick(self._values + pad)

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def __setitem__(self, key: str, value: Any) -> None:
        """Rare (observation counts filled in later): the values are copied, a new key gets its
        entity a key order of its own."""
        items = self._as_dict()
        items[key] = value
        self._replace(items)

    def __delitem__(self, key: str) -> None:
        items = self._as_dict()
        del items[key]
        self._replace(items)

    def _as_dict(self) -> dict[str, Any]:
        """`dict(self.items())`, each value found by its index at once: the items view looks each key
        up again, and a sweeping change's counts, doubted then filled in, copy 100,000 sensors' twice."""
        values = self._values + getattr(self._at, "tail", ())
        return {key: values[at] for key, at in self._at.items()}

    def _replace(self, items: dict[str, Any]) -> None:
        # The counts filled in give every entity one new order. So does a value set in an order whose
        # tail holds its page's shared values: `items` are all the values now, which no index of that
        # order finds (each points past the entity's own into the tail).
        if items.keys() != self._at.keys() or (isinstance(self._at, KeyOrder) and self._at.tail):
            keys = tuple(items)
            self._at = key_order(keys) or {key: at for at, key in enumerate(keys)}
        self._values = tuple(items.values())

    def __repr__(self) -> str:
        return f"Props({dict(self)!r})"


class KeyOrder(dict[str, int]):
    """Each key's index among the values of props answered with these keys in this order, shared by
    them all, with the getter of the values of each set of keys a plan asks together: kept here, it
    is found by one lookup (a table of getters by the order's id cost two, and a copy of the values).

    `same`: the keys (by their place in `keys`) whose one value every entity of this order holds,
    with that value. Those values are its `tail`, and an entity's own tuple holds the others alone:
    each key's index is into the entity's values followed by the tail."""

    __slots__ = ("last", "pickers", "tail")

    def __init__(self, keys: tuple[str, ...], same: tuple[tuple[int, Any], ...] = ()) -> None:
        held = dict(same)
        places = [place for place in range(len(keys)) if place not in held] + list(held)
        index = {place: at for at, place in enumerate(places)}
        super().__init__((key, index[place]) for place, key in enumerate(keys))
        self.tail = tuple(held.values())
        self.pickers: dict[tuple[str, ...], _Picked] = {}
        # The keys asked last, found by identity, with their getter and pad (`Props.values_of`): none yet.
        self.last: tuple[tuple[str, ...], _Picker, tuple[None, ...]] = ((), *_picker(self, ()))


_Picker = Callable[[tuple[Any, ...]], tuple[Any, ...]]
_Picked = tuple[_Picker, tuple[None, ...]]


def _picker(at: KeyOrder, keys: tuple[str, ...]) -> _Picked:
    """The getter of the values of `keys` among values in the order `at` gives, always as a tuple (an
    itemgetter of one index returns the value), and what to add past the last value before it picks:
    the order's tail, then the None an absent key's index finds. A getter of present keys of an
    order without a tail gets the values themselves (adding () to a tuple gives it back, no copy)."""
    width = len(at)
    indexes = [at.get(key, width) for key in keys]
    pick: _Picker = (
        itemgetter(*indexes) if len(indexes) > 1 else lambda values: tuple(values[index] for index in indexes)
    )
    return pick, at.tail + _PAST_THE_LAST if width in indexes else at.tail


_PAST_THE_LAST = (None,)  # what an absent key's index finds


def key_order(keys: tuple[str, ...], same: tuple[tuple[int, Any], ...] = ()) -> KeyOrder | None:
    """Each key's index, shared by every entity whose props have these keys in this order (and the
    values `same` places, KeyOrder's); None past the bound (a platform answers a handful of orders,
    and an order shared by no entity outweighs the dict it replaces)."""
    # The values by identity: the order holds them, so no other value takes their ids meanwhile.
    known = (keys, tuple((place, id(value)) for place, value in same)) if same else keys
    at = _KEY_ORDERS.get(known)
    if at is None and len(_KEY_ORDERS) < _KEY_ORDERS_MAX:
        at = _KEY_ORDERS[known] = KeyOrder(keys, same)
    return at


def forget_key_orders() -> None:
    """At a read's end (live/read.py): the props made keep theirs."""
    _KEY_ORDERS.clear()


_KEY_ORDERS: dict[tuple[Any, ...], KeyOrder] = {}
_KEY_ORDERS_MAX = 10_000


@record  # one per live entity: 100,000 and more
class LiveEntity:
    """One connection, device or sensor exactly as the platform answered it."""

    id: str
    props: MutableMapping[str, Any]  # a read's are Props; a dict does as well
    parent_id: str | None = None
    type: str | None = None  # the entity's type (THREAD devices and sensors are told by it)

    @property
    def ref_id(self) -> str | None:
        """The refId it was created with: the platform stores it as SERIAL_NO (assumption A1)."""
        return _ref_id(self.props.get("SERIAL_NO"))

    @property
    def template(self) -> str | None:
        return self.props.get("INTEGRATION_ID")

    @property
    def observations(self) -> int | None:
        """Its OBSERVATION_COUNT, or None when the answer carried none: unknown, never zero.

        The documented REST answers carry a count on connections only; a removal of what has no
        count is treated as destroying data. A 0 beside a LAST_OBSERVATION is no count either
        (`count_of`).
        """
        return count_of(self.props)

    @property
    def size(self) -> int | None:
        """Its SIZE as a whole number (a JSON number or its digits), or None: on a device, the number
        of its sensors (the reference's integrate answers show it so; assumption A3)."""
        return observation_count(self.props.get("SIZE"))  # one rule for a whole number from 0

    @property
    def size_unreadable(self) -> bool:
        """A SIZE answered that is no whole number from 0 ("three", -1, 2.5, true): it may count
        sensors the read missed, so it is never taken for no SIZE at all. A JSON null says none."""
        return self.props.get("SIZE") is not None and self.size is None

    @property
    def short_id(self) -> str:
        return short_id(self.id)


def short_id(entity_id: str) -> str:
    """An entity's own 6-hex part, for naming entities the manifest does not declare; an id
    without one, whole with its `/` written `_`: an address's `/` parts its levels."""
    parts = [part for part in entity_id.split("/") if _SIX_HEX.fullmatch(part)]
    return parts[-1] if parts else entity_id.strip("/").replace("/", "_")


def _ref_id(serial: Any) -> str | None:
    # A text, nearly every serial, is its own (str() gives it back): the call saved.
    return serial if serial.__class__ is str else None if serial is None else str(serial)


def by_ref_id(entities: list[LiveEntity]) -> dict[str, list[LiveEntity]]:
    """The entities by their refId, in order, those without one left out. Asked of every device's
    sensors (plan/diff.py): siblings read together share a key order, whose SERIAL_NO index is
    found once for them, where `ref_id` is two calls each (tests/live/test_by_ref_id.py holds it
    to `ref_id`)."""
    found: dict[str, list[LiveEntity]] = {}
    order: Mapping[str, int] | None = None
    at: int | None = None
    for each in entities:
        props: Any = each.props  # a Props's own fields read below: where it is one
        if props.__class__ is not Props:  # a test's, an import's: read as `ref_id` reads it
            ref_id = each.ref_id
        else:
            if props._at is not order:
                order = props._at
                at = order.get("SERIAL_NO")
            serial = None if at is None else props._values[at]
            # `_ref_id`'s rule, inline: a call per sensor saved on the no-op plan's hot path
            ref_id = serial if serial.__class__ is str else None if serial is None else str(serial)
        if ref_id:
            found.setdefault(ref_id, []).append(each)
    return found


def observation_count(answered: Any) -> int | None:
    """A count as the platform answered it, or None: unknown unless a whole number from 0 (a JSON
    number or its digits). A negative or fractional count says nothing of what a removal destroys;
    read as 0, it let one through without --allow-destroy. Asked for every live sensor: an int, by
    far the most common answer, costs one test."""
    if answered.__class__ is int:  # not bool, whose class is its own
        return answered if answered >= 0 else None  # type: ignore[no-any-return]
    if answered.__class__ is float and answered.is_integer() and answered >= 0:
        return int(answered)
    if isinstance(answered, str) and answered.isascii() and answered.isdigit():
        return int(answered)
    return None


def count_of(props: Mapping[str, Any]) -> int | None:
    """The OBSERVATION_COUNT of an entity's props, REST's or JSON-RPC's: unknown where it is no count,
    and where it is 0 beside a LAST_OBSERVATION. An upload is answered 202 Accepted and the reference
    never says when the count follows, so one that reported may still read 0 (variant
    `observation-count-lags`). The reference's REST answers carry no LAST_OBSERVATION on devices
    and sensors (variant `rest-without-last-observation`): there, a lagging 0 shows only against its
    connection's count (`LiveConnection.doubt_counts_behind`), and JSON-RPC's objects apply this rule."""
    return counted(props.get("OBSERVATION_COUNT"), props.get("LAST_OBSERVATION"))


def counted(answered: Any, last: Any) -> int | None:
    """`count_of` from the OBSERVATION_COUNT and LAST_OBSERVATION answered, where they were read
    already (plan/compare.py reads them with an in-sync sensor's other props)."""
    # An int from 0, by far the usual answer, is its own count (`observation_count`): one test.
    count = answered if answered.__class__ is int and answered >= 0 else observation_count(answered)
    if count != 0:  # none, or a count no LAST_OBSERVATION can undo
        return count  # type: ignore[no-any-return]
    return None if observed(last) else 0


def observed(last: Any) -> bool:
    """Whether a LAST_OBSERVATION may say the entity reported: anything but a clear "never" (none,
    blank text, or an object or list holding nothing else). The reference shows an object with a
    timestamp; the emulator writes a timestamp's text; a shape it shows neither of (a list, a
    timestamp wrapped in another object) read as "never" let a sensor that reported go as empty."""
    if last is None:
        return False
    if isinstance(last, str):
        return bool(last.strip())
    if isinstance(last, dict):
        return any(observed(each) for each in last.values())
    if isinstance(last, list):
        return any(observed(each) for each in last)
    return True  # a number (epoch milliseconds), true, false: no clear "never"


class Uncounted(StrEnum):
    """Why a count is unknown, where the read knows: each calls for another remedy."""

    # JSON-RPC answered without it, read after REST showed it: removed since (another run), most likely
    NOT_FOUND = "not-found"
    NO_ANSWER = "no-answer"  # JSON-RPC, asked for it, did not answer (out of reach): run it again
    NOT_COUNTED_YET = "not-counted-yet"  # 0 beside a LAST_OBSERVATION: an upload since, so plan again
    NOT_HELD = "not-held"  # JSON-RPC's count, not held against REST's (two platforms?)


@record  # one per in-sync sensor of a plan: a frozen dataclass's took twice as long to build
class Observations:
    """What a removal destroys: the counts that were read, and whether any could not be."""

    known: int = 0
    unknown: bool = False  # some sensor's count was not reported: treat it as holding data

    @classmethod
    def of_sensor(cls, sensor: LiveEntity) -> Observations:
        count = count_of(sensor.props)  # its `observations`, asked of every in-sync sensor
        if count == 0 and cls is Observations:  # most sensors: one record for all (records never change)
            return _NONE_HELD
        return cls(count or 0, count is None)

    @classmethod
    def of_tree(cls, top: LiveEntity, sensors: list[LiveEntity]) -> Observations:
        """A connection or device and the sensors beneath it.

        Observations are recorded on sensors; a connection's or device's own count, where the
        platform reports one, may already be their total: the larger of the two, never the sum,
        which would count twice. Only a sensor without a count makes the total unknown.
        """
        below = [cls.of_sensor(sensor) for sensor in sensors]
        known = max(top.observations or 0, sum(each.known for each in below))
        return cls(known, any(each.unknown for each in below))

    @property
    def holds_data(self) -> bool:
        return self.known > 0 or self.unknown


_NONE_HELD = Observations()  # a sensor counted at 0


@dataclass
class LiveConnection:
    """A connection with its devices and, per device id, its sensors."""

    node: LiveEntity
    project_id: str
    devices: list[LiveEntity] = field(default_factory=list)
    sensors: dict[str, list[LiveEntity]] = field(default_factory=dict)
    # By the id of the connection or device: how far REST's count of it ran ahead of its sensors',
    # whose counts were then taken as unknown (`doubt_counts_behind`).
    behind: dict[str, int] = field(default_factory=dict)
    # By the id of a device or sensor: why its count is unknown, where the read that left it so
    # knows (live/counts.py `why_uncounted`): what a refusal for it advises rests on it.
    uncounted_why: dict[str, Uncounted] = field(default_factory=dict)

    def sensors_of(self, device: LiveEntity) -> list[LiveEntity]:
        return self.sensors.get(device.id, [])

    def every_sensor(self) -> list[LiveEntity]:
        """Every sensor read under the connection, device by device: a new list each call."""
        return [sensor for group in self.sensors.values() for sensor in group]

    def devices_and_sensors(self) -> list[LiveEntity]:
        """Each device read under the connection, then every sensor (`every_sensor`): a new list."""
        return [*self.devices, *self.every_sensor()]

    def parents(self) -> Iterator[tuple[LiveEntity, list[LiveEntity], list[LiveEntity]]]:
        """The connection, then each device: with the sensors its count may total (the connection's:
        all of them), and everything beneath it (the connection's devices too)."""
        every = self.every_sensor()
        yield self.node, every, [*self.devices, *every]
        for device in self.devices:
            sensors = self.sensors_of(device)
            yield device, sensors, sensors

    def doubt_counts_behind(self) -> None:
        """Where REST counts the connection (or a device) above what its sensors' counts add up to,
        those counts are taken as unknown, a 0 too: a sensor holds what they do not show. An upload
        is answered 202 and its count may follow late, and the reference's REST answers carry no
        LAST_OBSERVATION to tell such a 0 by (`count_of`); or a removed sensor's history stays in
        the connection's count. REST cannot tell which; JSON-RPC's objects can (live/counts.py).
        Where a sensor has no count, it may hold the difference, and is unknown already."""
        parents = self._counted_parents()
        doubted = [(parent, sensors) for parent, sensors in parents if _behind(parent, sensors, self.behind)]
        for _, sensors in doubted:  # once every parent is weighed: a device's behind the connection's
            for sensor in sensors:
                sensor.props.pop("OBSERVATION_COUNT", None)

    def _counted_parents(self) -> list[tuple[LiveEntity, list[LiveEntity]]]:
        """`parents`' parents counted above 0, with the sensors their count may total: those alone can
        run ahead of their sensors (`_behind`). Asked of every connection read: a fleet's count none,
        and the connection's sensors are gathered only where it counts some."""
        counted = [(device, self.sensors_of(device)) for device in self.devices if device.observations]
        if self.node.observations:  # first, as `parents` gives it
            counted.insert(0, (self.node, self.every_sensor()))
        return counted

    def unread_sensors(self, device: LiveEntity) -> int:
        """How many sensors the device's SIZE counts beyond those read under it: sensors the read
        missed (a list whose order shifted), or a SIZE the platform has not lowered yet. Kept to one
        comparison: it is asked of every device a plan removes or creates under. A SIZE that is no
        whole number counts at least one: what it counts cannot be told, so never none."""
        size, read = device.size, len(self.sensors.get(device.id, ()))
        if size is None:
            return int(device.size_unreadable)
        return size - read if size > read else 0

    def held_by(self, entity: LiveEntity, is_device: bool) -> Observations:
        """What removing one of its devices (with its sensors) or sensors would destroy. A device
        with sensors unread holds an unknown count: theirs was never read, so never none."""
        if not is_device:
            return Observations.of_sensor(entity)
        held = Observations.of_tree(entity, self.sensors_of(entity))
        return Observations(held.known, unknown=True) if self.unread_sensors(entity) else held

    @property
    def observations(self) -> Observations:
        """Everything a removal of this connection would destroy.

        The platform's count on a connection may already be the total of its sensors (the
        emulator's is): the larger of the two, never their sum, which would count twice.
        """
        held = Observations.of_tree(self.node, self.every_sensor())
        if any(self.unread_sensors(device) for device in self.devices):  # theirs never read: never none
            return Observations(held.known, unknown=True)
        return held


def _behind(parent: LiveEntity, sensors: list[LiveEntity], behind: dict[str, int]) -> bool:
    """Whether REST counts `parent` above what its sensors' counts add up to, noted in `behind`.
    Asked of every connection read: one count read where the connection's is none or 0."""
    ahead = parent.observations
    if not ahead or not sensors:
        return False
    counts = [sensor.observations for sensor in sensors]
    if None in counts:
        return False  # a sensor without a count may hold the difference: unknown already
    held = sum(count or 0 for count in counts)
    if ahead > held:
        behind[parent.id] = ahead - held
    return ahead > held


@dataclass
class LiveProject:
    id: str
    exists: bool
    connections: dict[str, LiveConnection] = field(default_factory=dict)  # by node id
    # The project's other API connections (not claimed by the manifest): read by the node list
    # anyway, and looked at before a connection is created, in case one is an earlier copy.
    unclaimed: list[LiveEntity] = field(default_factory=list)
    # Connections (by id) whose devices and sensors were not read: another shard's, a THREAD's. While
    # any is, a refId the plan creates may be live there, unseen.
    unread: dict[str, LiveEntity] = field(default_factory=dict)
    # Those connections once the project's lists were read, each holding only the devices and sensors
    # whose refId the manifest declares: a creation of one of them would make a second entity with it.
    elsewhere: dict[str, LiveConnection] = field(default_factory=dict)
    # The stack's own devices and sensors (refId `{stack}:...`) under connections the manifest does not
    # claim (one it adopted by `id:` once, then dropped), each such device with all its sensors: its
    # orphans, found in the project's lists (live/read.py). By connection id.
    strays: dict[str, LiveConnection] = field(default_factory=dict)
    # The project's THREADs the manifest does not declare, with their loggers and sensors: read from
    # the lists a declared THREAD site is read from, for the plan to say whose history a new logger or
    # sensor named like one of theirs leaves behind (plan/thread.py).
    other_threads: dict[str, LiveConnection] = field(default_factory=dict)  # by node id
    # Of a fleet in shards, the THREADs other shards declare, filled from those lists too: a logger
    # their shard keeps unmanaged is a box moved, most likely, when this shard creates it.
    threads_elsewhere: dict[str, LiveConnection] = field(default_factory=dict)  # by node id
    # Other stacks' connections at the key of a declared connection (or the key its `moved` entry
    # renames it from), by node id, each with all its devices and sensors: a stack renamed with a
    # name edited too is told from another network using that key only by what they hold
    # (plan/renamed_stack.py), where a connection is created and where a device is created under
    # this stack's. Nearly always none.
    other_stacks_at_keys: dict[str, LiveConnection] = field(default_factory=dict)
    # Whether the connection list (every shard reads it whole) holds one whose refId starts with
    # the stack's prefix, folded: a stack that owns nothing yet lands on another stack's keys only
    # as that stack renamed or as another network saying so (plan/renamed_stack.py).
    lists_the_stacks: bool = False
    # The ids the connection list gave: a device listed under any other connection was made after
    # that list was read, or lives where it never lists (live/read.py `_refuse_made_while_read`).
    listed: frozenset[str] = frozenset()
    # --shard: the stack's connections that no declared one claims and another shard holds (plans
    # for removal), from the connection list every shard reads: a fence naming one is no typo.
    held_elsewhere: list[LiveEntity] = field(default_factory=list)
    # --shard: of what other shards' declared connections claim (`ProjectScope.elsewhere`: refIds,
    # pinned ids), what no listed connection carries: a connection all of whose claims are here is
    # one another shard creates (plan/renames.py hints a removal here renamed to it). Few: a fleet's
    # creations, not its connections.
    unlisted_elsewhere: frozenset[str] = frozenset()
    # --shard: the listed connections other shards' declared ones claim, by each claim (id, refId):
    # their id, NAME and LOCATION's GeoJSON coordinates as listed (None: none), from the connection
    # list every shard reads whole. Two connections of two shards trading names or locations are
    # told by them (plan/traded_names.py).
    named_elsewhere: dict[str, tuple[str, str, tuple[Any, ...] | None]] = field(default_factory=dict)
    _by_ref: dict[str, list[LiveConnection]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _by_folded_ref: dict[str, list[LiveConnection]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _indexed: int = field(default=-1, init=False, repr=False, compare=False)

    def by_ref_id(self, ref_id: str) -> LiveConnection | None:
        """The first connection with this refId; `copies` tells whether there are more."""
        copies = self.copies(ref_id)
        return copies[0] if copies else None

    def copies(self, ref_id: str) -> list[LiveConnection]:
        self._index()
        return self._by_ref.get(ref_id, [])

    def copies_in_any_case(self, ref_id: str) -> list[LiveConnection]:
        """The connections whose refId is `ref_id` but for case, which the platform may take for one
        (fold_ref_id). Asked only before a connection is created: folded then, from the same index."""
        self._index()
        if self._by_folded_ref is None:
            self._by_folded_ref = {}
            for each, connections in self._by_ref.items():
                self._by_folded_ref.setdefault(fold_ref_id(each), []).extend(connections)
        return self._by_folded_ref.get(fold_ref_id(ref_id), [])

    def _index(self) -> None:
        # An index, not a scan: a plan asks once per connection, and fleets have thousands.
        if self._indexed != len(self.connections):
            self._by_ref, self._by_folded_ref = {}, None
            for connection in self.connections.values():
                if connection.node.ref_id:
                    self._by_ref.setdefault(connection.node.ref_id, []).append(connection)
            self._indexed = len(self.connections)


@dataclass(frozen=True)
class MetricInfo:
    id: str
    units: frozenset[str]


@dataclass(frozen=True)
class Catalog:
    """The platform's templates, metrics and units, read once per run."""

    device_templates: frozenset[str]
    sensor_templates: frozenset[str]
    metrics: dict[str, MetricInfo]

    @cached_property
    def units(self) -> frozenset[str]:  # asked once per sensor metric: computed once
        return frozenset(unit for metric in self.metrics.values() for unit in metric.units)


class GatewayStatus(StrEnum):
    OK = "ok"
    UNREACHABLE = "unreachable"
    ASLEEP = "asleep"
    RATE_LIMITED = "rate limited"  # it answers its reads 429 (too many requests)
    MISMATCH = "identity mismatch"
    UNREADABLE = "unreadable"  # it answered, but not in a form its API documents


@dataclass
class LiveGateway:
    """What a THREAD's local API reported, as flat settings (`port1.baud_rate`, `cloud_connection`)."""

    host: str
    status: GatewayStatus
    message: str = ""
    # As reported: this THREAD's (OK, or unread after confirming it), or another box's (MISMATCH).
    serial: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    ports: frozenset[int] = frozenset()  # the ports this model has
    # This THREAD's serial was heard before the read ended, however it ended (another box answering its
    # second ask included): the box that answered then was this gateway (apply/edge.py's read-back).
    confirmed: bool = False


@dataclass
class LiveState:
    """Everything read for one plan: the target's name, projects by id, and the catalog."""

    target: str
    projects: dict[str, LiveProject]
    catalog: Catalog | None = None
    gateways: dict[str, LiveGateway] = field(default_factory=dict)  # by node address
