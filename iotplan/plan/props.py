"""The two vocabularies: manifest fields (`name`, `location`, `metrics`) and platform props.

Plans compare and show manifest-shaped values; apply writes platform props. Both directions
live here so that a prop's meaning is written once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from functools import lru_cache, partial
from typing import Any

from iotplan.live.model import values_of
from iotplan.manifest import Location
from iotplan.manifest.models import SECRET_FIELDS, Metric
from iotplan.secrets import (
    MASKED,
    identity_holds_a_secret,
    shown_live,
    shown_live_identity,
    url_masking_reads,
    without_url_credentials,
)
from iotplan.wording import first, joined, live_quoted

SENSITIVE = MASKED  # what a secret field and a masked text show


class Unreadable(str):
    """A live field in a form the platform's reference does not document, in its place: shown as
    what it is, and equal to no declared value, so it reads as differing; the differ refuses to
    write over a sensor's metric maps so read (plan/diff.py), and import writes a comment instead
    (render/imported.py)."""

    __slots__ = ()
    _HEAD = "(unreadable: "

    @classmethod
    def because(cls, why: str) -> Unreadable:
        return cls(f"{cls._HEAD}{why})")

    @property
    def why(self) -> str:
        return self[len(self._HEAD) : -1]


FIELD_TO_PROP = {
    "name": "NAME",
    "notes": "NOTES",
    "location": "LOCATION",
    "external_id": "EXTERNAL_ID",
    "url": "URL",
    "auth_token": "AUTH_TOKEN",
    # THREAD entities (the reference's device and sensor objects)
    "port": "EXTERNAL_PORT",
    "mode": "MODE",
    "zero_date": "ZERO_DATE",
    "sampling_rate_max": "SAMPLING_RATE_MAX",
    "mux_index": "MUX_INDEX",
    "version": "VERSION",  # sent by createNode only
}
MANAGED_FIELDS = {
    "node": ("name", "notes", "location", "external_id", "url", "auth_token"),
    "device": ("name", "notes", "location"),
    "sensor": ("name", "notes", "location", "metrics"),
    "thread-node": ("name", "location"),
    "thread-device": ("name", "location", "port", "mode", "zero_date", "sampling_rate_max"),
    "thread-sensor": ("name", "location", "mux_index", "zero_date"),
}
METRIC_MAPS = ("KNOWN_METRICS", "UNKNOWN_METRICS", "KNOWN_UNITS", "UNKNOWN_UNITS")
# (manifest key, platform map) for each half of a metric entry
METRIC_HALVES = (
    ("metric", "KNOWN_METRICS"),
    ("custom_metric", "UNKNOWN_METRICS"),
    ("unit", "KNOWN_UNITS"),
    ("custom_unit", "UNKNOWN_UNITS"),
)


def desired_fields(kind: str, entity: Any) -> dict[str, Any]:
    """The fields a manifest entity manages, manifest-shaped; unset fields are not managed."""
    return _fields_of(_DESIRED[kind], entity)


def desired_fields_reader(kind: str) -> Callable[[Any], dict[str, Any]]:
    """`desired_fields` of one kind, its fields found once: a connection's siblings (100 sensors)
    are read one after another, and a kind is a StrEnum, found slower than a text."""
    return partial(_fields_of, _DESIRED[kind])


def _fields_of(
    fields_read: tuple[tuple[tuple[str, Callable[[Any], Any] | None], ...], type[_SharingKeys]],
    entity: Any,
) -> dict[str, Any]:
    names, lender = fields_read
    fields = lender().__dict__
    # A model's fields are in its `__dict__` (pydantic keeps them there): read from it, found once,
    # not with a getattr each; a name it lacks, as before.
    declared = entity.__dict__
    for name, dumped in names:
        try:
            value = declared[name]
        except KeyError:  # not a field of this model (a kind's field another model lacks)
            value = getattr(entity, name, None)
        if value is not None:
            fields[name] = value if dumped is None else dumped(value)
    return fields


class _SharingKeys:
    """Lends each declared entity's fields its `__dict__`, dropped once lent: a dict like any other,
    whose keys the dicts of one kind share (CPython's key-sharing instance dicts, PEP 412), so that
    each holds its values alone. 112 bytes where a dict of its own holds 184: a no-op plan of a
    111,100-entity manifest peaks 10 MiB lower (the read's end and the diff's). The fields are the
    manifest's values, which nothing changes once loaded (an in-sync change shows the one dict)."""


def _sharing_keys() -> type[_SharingKeys]:
    """A class of its own for each kind, whose dicts share that kind's few keys."""
    return type("Fields", (_SharingKeys,), {})


def _location_dumped(location: Location) -> dict[str, Any]:
    """`_dumped_location`'s, the last location's again when this is the same one: a default location
    is one model shared by every entity it fills (pydantic keeps an instance as it is), and its
    numbers' text cost 1 µs each. The same object: the same text, so the same cached dump."""
    global _last_location
    last, dumped = _last_location
    if location is not last:
        dumped = _dumped_location(location, repr((location.lat, location.lon, location.elevation)))
        _last_location = (location, dumped)
    return dumped


def _metrics_dumped(metrics: list[Metric]) -> list[dict[str, Any]]:
    """`_dumped_list`'s, the last list's again when this one is equal and starts with the same model:
    a fleet's sensors follow one another holding the default metrics' own models, told equal at
    once, where the cache hashed each model's fields. Equal lists are one key of that cache, and
    nothing is cached between the two: the same dumped list. Another first model goes to the cache
    uncompared: models compared unequal cost a microsecond each (sensors of two kinds in turn)."""
    global _last_metrics
    last, dumped = _last_metrics
    if not (metrics and last and metrics[0] is last[0] and metrics == last):
        dumped = _dumped_list(tuple(metrics))
        _last_metrics = (metrics, dumped)
    return dumped


_last_location: tuple[Any, Any] = (None, None)
_last_metrics: tuple[Any, Any] = (None, None)


@lru_cache(maxsize=4096)
def _dumped_list(metrics: tuple[Metric, ...]) -> list[dict[str, Any]]:
    """A metric list, dumped once per distinct list: 100,000 sensors with the default metrics hold
    one list, not one each."""
    return [_dumped(metric) for metric in metrics]


@lru_cache(maxsize=4096)
def _dumped(model: Metric) -> dict[str, Any]:
    """A metric as manifest-shaped data, dumped once per distinct value: a default is shared by
    100,000 sensors (models are frozen, and nothing changes a plan's fields)."""
    return model.model_dump(exclude_none=True)


@lru_cache(maxsize=4096)
def _dumped_location(location: Location, written: str) -> dict[str, Any]:
    """A location as manifest-shaped data, dumped once per distinct value. `written`: its numbers'
    text, which tells 0.0 from -0.0: equal and hashed alike, one entity's zero was written as
    another's, whichever was dumped first."""
    return location.model_dump()


# Each kind's managed fields, each with how its model is dumped (None: taken as it is).
_DUMPED: dict[str, Callable[[Any], Any]] = {"location": _location_dumped, "metrics": _metrics_dumped}
_DESIRED = {
    kind: (tuple((name, _DUMPED.get(name)) for name in names), _sharing_keys())
    for kind, names in MANAGED_FIELDS.items()
}


def live_fields(kind: str, props: Mapping[str, Any]) -> dict[str, Any]:
    """A live entity's fields, manifest-shaped; secrets masked; absent props left out."""
    fields: dict[str, Any] = {}
    for name, read in _READERS[kind]:
        value = read(props)
        if value is not None:
            fields[name] = value
    return fields


def written_as_declared(kind: str, fields: Mapping[str, Any], props: Mapping[str, Any]) -> bool:
    """Whether `props` hold, in each prop a `kind`'s managed fields are read from, what writing
    `fields` sets: then `live_fields(kind, props) == fields`, since props equal to those read as
    `fields` do, told without reading them. Asked by `compare` of a connection, and of a device
    or sensor whose live SERIAL_NO is not text; plan/compare.py `compare_found` tells the rest from
    its one read of `written_values`. False says nothing: what `written_values` cannot tell (a
    location, a token) is compared read."""
    written = written_values(kind, fields)
    if written is None:
        return False
    keys = PROPS_READ[kind]
    return values_of(props, keys) == written


def written_values(kind: str, fields: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The props `fields` are read back from, in `PROPS_READ[kind]`'s order (None for one unset),
    or None where one of them is not told at the cost of a lookup."""
    unset, at = _WRITING[kind]  # one lookup: a kind is a StrEnum, found slower than a text
    written = list(unset)
    for name, value in fields.items():
        where = at.get(name)
        if where is None or value is None:  # not the kind's, or read back as absent: never equal
            return None
        if name in _TEXT_FIELDS and (
            # A text masking reads nothing of is left as it is (`without_url_credentials`): one call, not two.
            (value.__class__ is str and not url_masking_reads(value)) or shown_text(value) == value
        ):
            written[where] = value  # read back as it is (`shown_text`): masking leaves it
        elif name == "metrics":
            cached = _READ_BACK.get(id(value))  # `_metric_maps_read_back`'s, found first here
            maps = cached[1] if cached is not None and cached[0] is value else _metric_maps_read_back(value)
            if maps is None:
                return None
            written[where : where + len(maps)] = maps
        else:
            return None
    return tuple(written)


def _metric_maps_read_back(metrics: Any) -> tuple[Any, ...] | None:
    """The four maps writing `metrics` sets (None for one unset), when they fold back into
    `metrics`; None when they do not. Made once per distinct list: 100,000 sensors share a handful,
    each found again by its identity (`_READ_BACK` holds the list, so no identity is reused)."""
    entries = isinstance(metrics, list) and all(isinstance(entry, dict) for entry in metrics)
    maps = _metric_maps(metrics, clear_unused=False) if entries else {}
    written = tuple(maps.get(name) for name in METRIC_MAPS)
    folds_back = bool(maps) and _fold(written) == metrics
    if len(_READ_BACK) >= _FOLDED_MAX:
        _READ_BACK.clear()
    _READ_BACK[id(metrics)] = (metrics, written if folds_back else None)
    return written if folds_back else None


def _reader(name: str) -> Callable[[Mapping[str, Any]], Any]:
    """How one field is read from props: chosen once per field, not once per entity and field."""
    prop = FIELD_TO_PROP.get(name, "")
    if name == "metrics":
        return _metrics_from
    if name in SECRET_FIELDS:
        return lambda props: None if props.get(prop) is None else SENSITIVE
    if name == "location":
        return lambda props: None if props.get(prop) is None else location_from_geojson(props[prop])
    # A live URL may carry a password, and so may any text another tool wrote: a name or notes
    # holding one (`wiki https://admin:pw@...`). Masked here, where every view and import reads it:
    # compared so, a field differs from the manifest exactly when its real value does, since a
    # manifest holding such text is refused (manifest/text.py), and a plan writes only the manifest's.
    # `written_values` reads these fields so too: one set says which they are.
    assert name in _TEXT_FIELDS, f"no reader for {name}"
    return lambda props: shown_text(props.get(prop))


def shown_text(value: Any) -> Any:
    """A live text as plans show it: a URL's password or credential parameter in it masked."""
    return without_url_credentials(value) if isinstance(value, str) else value


def shown_ref_id(ref_id: str | None) -> str | None:
    """A refId (SERIAL_NO) as plans, drift and refusals show it. A refId is identity, so it is
    written and compared as the platform holds it; but another tool may have put a URL's password
    in it, which no view shows."""
    return None if ref_id is None else without_url_credentials(ref_id)


def shown_serial(ref_id: str | None) -> str | None:
    """A live refId (SERIAL_NO) as messages, reasons, drift and import show it: a URL's credentials
    and a schemeless `user:pw@` masked, and all of it where it names a secret masking leaves in place.
    Asked of the few a view quotes: an address derived from a refId, asked of every owned entity,
    masks a URL's credentials alone (`shown_ref_id`). A label and its credential alone shows: it is the
    refId of a stack named with a credential word (`password:n1`)."""
    return shown_live_identity(ref_id)


def shown_quoted(value: Any) -> str:
    """A live prop (anyone's text, which may hold a credential) quoted in a message, masked as views
    show it (`shown_live`)."""
    return live_quoted(shown_live(value))


def shown_id(entity_id: str | None) -> str | None:
    """A platform id as views and saved files show it. A THREAD's own parts are anyone's text; one
    holding a secret shows its THREAD and its kind (`/fn/6C7D8E/node`, `device`) around a digest that
    tells it from the others (merge reads saved ids to tell entities apart)."""
    if entity_id is None or not identity_holds_a_secret(entity_id):
        return entity_id
    head, node, _ = entity_id.partition("/node/")
    kind = entity_id.rstrip("/").rsplit("/", 1)[-1]
    return (
        f"{head}{node}{MASKED}#{identity_digest(entity_id)}/{kind}"
        if node
        else f"{MASKED}#{identity_digest(entity_id)}"
    )


def identity_digest(text: str) -> str:
    """Eight hex digits telling apart ids shown masked; an id holding a lone surrogate (the platform's
    `"\\ud800"`) too."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def location_from_geojson(value: Any) -> dict[str, Any] | Unreadable | None:
    """LOCATION back to `{lat, lon, elevation}`; the platform's unset `[null, null, null]` is None,
    and coordinates that are no numbers are unreadable (the plan stopped on `float("y")`)."""
    coordinates = list(value.get("coordinates") or []) if isinstance(value, dict) else []
    coordinates += [None] * (3 - len(coordinates))
    lon, lat, elevation = coordinates[:3]
    if lat is None or lon is None:
        return None
    try:
        return {"lat": _coordinate(lat), "lon": _coordinate(lon), "elevation": _float_or_none(elevation)}
    except (TypeError, ValueError):
        return Unreadable.because(f"LOCATION has coordinates {coordinates[:3]!r}, not numbers")


def _coordinate(value: Any) -> float:
    if isinstance(value, bool):  # float(True) is 1.0: a flag, not a coordinate
        raise TypeError(value)
    return float(value)


def _float_or_none(value: Any) -> float | None:
    return None if value is None else _coordinate(value)


def _metrics_from(props: Mapping[str, Any]) -> list[dict[str, str]] | Unreadable | None:
    """The four index-keyed maps ({"0": "T"}) folded back into the manifest's ordered entries.

    A read shares equal maps between entities (live/read.py), so a fleet's 100,000 sensors fold
    a handful of distinct map sets: each set is folded once, found again by the maps' identities.
    The cache holds the maps themselves, so no identity is reused while its entry stands.
    """
    get = props.get
    maps = (get("KNOWN_METRICS"), get("UNKNOWN_METRICS"), get("KNOWN_UNITS"), get("UNKNOWN_UNITS"))
    key = tuple(map(id, maps))
    cached = _FOLDED.get(key)
    if cached is not None and cached[0] == maps:
        return cached[1]
    folded = _fold(maps)
    if len(_FOLDED) >= _FOLDED_MAX:
        _FOLDED.clear()
    _FOLDED[key] = (maps, folded)
    return folded


_FOLDED: dict[tuple[int, ...], tuple[tuple[Any, ...], list[dict[str, str]] | Unreadable | None]] = {}
_FOLDED_MAX = 10_000


def _fold(maps: tuple[Any, ...]) -> list[dict[str, str]] | Unreadable | None:
    """The maps are read in METRIC_HALVES order, so each entry's keys come out in manifest order.

    The reference documents them keyed by index only ("0", "1", ... in metric order): a map keyed
    otherwise, or indexes with a gap, cannot be told as a metric list. Folded anyway (`int("a")`
    stopped every plan; {"0", "2"} read as two metrics, in sync with a two-metric manifest), they
    would be guessed: they are Unreadable, which the plan refuses to write over.

    A custom name another tool wrote may hold a URL's password, as a name or notes may: masked
    here, once per map set, like every text field (`_reader`); the manifest refuses such a name."""
    entries: dict[int, dict[str, str]] = {}
    for (key, prop), values in zip(METRIC_HALVES, maps, strict=True):  # the order `maps` is read in
        if not values:
            continue
        if not isinstance(values, dict):
            return Unreadable.because(f"{prop} is a {type(values).__name__}, not a map of indexes")
        for index, value in values.items():
            at = _index(index)
            if at is None:
                return Unreadable.because(f"{prop} has the key {index!r}, not an index")
            if value is not None:
                entries.setdefault(at, {})[key] = without_url_credentials(str(value))
    if not entries:
        return None
    return _without_gaps(entries)


def _index(key: Any) -> int | None:
    """The index a map key is, written as the reference writes one ("0", "12"), or None."""
    if isinstance(key, str) and key.isascii() and key.isdigit() and (key == "0" or key[0] != "0"):
        return int(key)
    return None


def _without_gaps(entries: dict[int, dict[str, str]]) -> list[dict[str, str]] | Unreadable:
    """The entries in index order, when the indexes run from 0 without a gap: which metric a gap
    lost, and so what the ones after it are, cannot be told."""
    indexes = sorted(entries)
    if indexes[-1] != len(indexes) - 1:
        lost = next(at for at, index in enumerate(indexes) if at != index)
        held = ", ".join(map(str, indexes))
        return Unreadable.because(f"the metric maps hold indexes {held}, without {lost}")
    return [entries[index] for index in indexes]


# The words `form_unlike_reference` says a form in: all a saved plan's `held_forms` may hold.
TEXT_COORDINATES, NOT_NUMBERS, KEY_OF_ITS_OWN = (
    "text coordinates",
    "coordinates not numbers",
    "a key of its own",
)
FORMS_UNLIKE_REFERENCE = (TEXT_COORDINATES, NOT_NUMBERS, KEY_OF_ITS_OWN)
# The keys of a LOCATION the reference shows (`{"type": "Point", "coordinates": [...]}`).
LOCATION_KEYS = frozenset({"type", "coordinates"})


def form_unlike_reference(prop: str, value: Any) -> str:
    """How a prop the platform holds is in a form the reference does not give, in words, or "": a
    LOCATION whose coordinates are not all numbers (or null, unset), `["174.78", "-41.27"]` another
    tool stored, which the plan reads as numbers and a platform checking the reference's types refuses
    (apply/bodies.py `held_form_notes`); or one carrying a key of its own beside them (GeoJSON's `crs`),
    which a platform checking the reference's keys refuses alike (`keys_unlike_reference`)."""
    if prop != "LOCATION" or not isinstance(value, dict):
        return ""
    coordinates = value.get("coordinates")
    if isinstance(coordinates, list) and not all(_number_or_unset(each) for each in coordinates):
        return TEXT_COORDINATES if any(isinstance(each, str) for each in coordinates) else NOT_NUMBERS
    return KEY_OF_ITS_OWN if keys_unlike_reference(prop, value) else ""


def keys_unlike_reference(prop: str, value: Any) -> list[str]:
    """The keys of a LOCATION held as `value` that the reference does not show (`crs`), sorted: the
    ones a step has the user remove."""
    if prop != "LOCATION" or not isinstance(value, dict):
        return []
    return sorted(str(key) for key in value.keys() - LOCATION_KEYS)


def keys_removed(prop: str, value: Any) -> str:
    """The keys of its own a held `value` has (`keys_unlike_reference`), as the step of setting it in
    the reference's form removes them, in words (`removing its key crs`), or "" where it has none."""
    keys = keys_unlike_reference(prop, value)
    return f"removing its key{'s' if len(keys) > 1 else ''} {joined(keys)}" if keys else ""


# The characters of a held value a note or a refusal quotes: another tool's LOCATION may run to 100 KB,
# and the note is one line of the plan (the plan's `held_forms` keeps it whole).
HELD_SHOWN = 300
_KEYS_NAMED, _KEY_SHOWN = 10, 40


def held_quoted(held: str) -> str:
    """`held`, a prop as JSON writes it (masked), as a note quotes it: whole up to HELD_SHOWN
    characters; past that its start, how many characters are cut and, a map's, its keys (each as JSON
    writes it, so a key's control characters stay escaped): `{"coordinates": ...… (100,478 more
    characters, its keys coordinates, crs and type)`."""
    if len(held) <= HELD_SHOWN:
        return held
    return f"{held[:HELD_SHOWN]}… ({len(held) - HELD_SHOWN:,} more characters{_its_keys(held)})"


def _its_keys(held: str) -> str:
    try:
        value = json.loads(held)
    except ValueError:  # masked past reading as JSON: the count alone
        return ""
    if not isinstance(value, dict) or not value:
        return ""
    keys = [_key_shown(key) for key in sorted(value)]
    return f", its keys {joined(keys) if len(keys) <= _KEYS_NAMED else first(keys, _KEYS_NAMED)}"


def _key_shown(key: str) -> str:
    spelled = json.dumps(key)[1:-1]
    return spelled if len(spelled) <= _KEY_SHOWN else f"{spelled[:_KEY_SHOWN]}…"


def _number_or_unset(value: Any) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def live_field(name: str, props: Mapping[str, Any]) -> Any:
    """One field of a live entity, manifest-shaped, as `live_fields` reads it (None when absent)."""
    return _FIELD_READERS[name](props)


def props_of(field: str) -> tuple[str, ...]:
    """The props a manifest field is written to and read from: a metric list's four maps."""
    return METRIC_MAPS if field == "metrics" else (FIELD_TO_PROP[field],)


# Each kind's managed fields with their readers (live_fields); made once here, after the readers.
_TEXT_FIELDS = frozenset(FIELD_TO_PROP) - SECRET_FIELDS - {"location"}  # read as `shown_text`
_FIELD_READERS = {name: _reader(name) for names in MANAGED_FIELDS.values() for name in names}
_READERS = {
    kind: tuple((name, _FIELD_READERS[name]) for name in names) for kind, names in MANAGED_FIELDS.items()
}
# The props each kind's managed fields are read from, in their order (`written_as_declared`).
PROPS_READ = {
    kind: tuple(prop for name in names for prop in props_of(name)) for kind, names in MANAGED_FIELDS.items()
}


# Each kind's props all unset, and where each field's first prop is among them (`written_values`).
_WRITING = {
    kind: (
        (None,) * len(props),
        {
            name: props.index(METRIC_MAPS[0] if name == "metrics" else FIELD_TO_PROP[name])
            for name in MANAGED_FIELDS[kind]
        },
    )
    for kind, props in PROPS_READ.items()
}
_READ_BACK: dict[int, tuple[Any, tuple[Any, ...] | None]] = {}


def platform_props(
    fields: Mapping[str, Any], resolve_secret: Callable[[str], str], *, clear_metrics: bool
) -> dict[str, Any]:
    """Manifest-shaped fields → the props an integrate call sends.

    `clear_metrics` sends the metric maps a sensor no longer uses as null, which clears them on
    an update (assumption A2); a creation leaves them out.
    """
    props: dict[str, Any] = {}
    for name, value in fields.items():
        prop = _SENT_AS_IS.get(name)  # a name or notes, nearly always: one lookup, not four tests
        if prop is not None:
            props[prop] = value
        elif name == "metrics":
            props.update(_metric_maps(value, clear_metrics))
        elif name == "location":
            props["LOCATION"] = Location(**value).to_geojson()
        elif name in SECRET_FIELDS:
            props[FIELD_TO_PROP[name]] = resolve_secret(value)
        else:
            props[FIELD_TO_PROP[name]] = value
    return props


# The fields whose value is sent as it is, with their props: all but what `platform_props` converts.
_SENT_AS_IS = {
    name: prop for name, prop in FIELD_TO_PROP.items() if name != "location" and name not in SECRET_FIELDS
}


def _metric_maps(metrics: list[dict[str, str]], clear_unused: bool) -> dict[str, Any]:
    """The platform maps, in METRIC_MAPS order, each keyed by metric index. Only the maps a half
    goes in are made: a sensor of 100,000 has one or two of the four."""
    maps: dict[str, dict[str, str]] = {}
    for index, entry in enumerate(metrics):
        at = str(index)
        for key, platform_map in METRIC_HALVES:
            if key in entry:
                maps.setdefault(platform_map, {})[at] = entry[key]
    if clear_unused:
        return {name: maps.get(name) for name in METRIC_MAPS}
    return {name: maps[name] for name in METRIC_MAPS if name in maps}
