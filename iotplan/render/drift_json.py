"""A drift report as a versioned JSON document (`format_version`), and back, for `iotplan show`.

Fields are only ever added (1.0 → 1.1 added severities, site locations and status, what a folded
entry carries, live names and serials; 1.2 the iotplan version, the target's identity, each
manifest's digest and the shard covered; 1.3 the status ORPHANED, counted in `summary` beside the
others, and each entry's `observations` and `observations_unknown`; then what plan/drift.py lists,
up to 1.12's `unread`: the gateways not read and the settings they declare), so a tool written for
1.0 still reads a 1.12 report. One meaning changed, as in the plan's JSON 1.4:
`observations` is null where no count was read (1.3 wrote 0, which read as "destroys nothing").
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from enum import Enum
from typing import Any, TypeVar

from iotplan.plan.address import Address
from iotplan.plan.catalog import CatalogNote
from iotplan.plan.drift import (
    DRIFT_FORMAT_VERSION,
    STATUS_ORDER,
    Below,
    Coordinates,
    Difference,
    Entry,
    Report,
    Severity,
    Status,
)
from iotplan.plan.drift_entries import status_severity
from iotplan.plan.model import Kind, format_known
from iotplan.plan.props import shown_id, shown_serial
from iotplan.render.json_plan import (
    NewerKey,
    NotLaidOutHere,
    catalog_note_to_dict,
    catalog_notes_from_list,
    coverage_from_dict,
    coverage_to_dict,
    items_a_line,
    made_with_last_list,
    one_line,
    one_per_line,
    read_at_from_text,
    read_at_to_dict,
    read_head,
    refuse_newer,
    refuse_newer_keys,
)
from iotplan.render.secrets import unless_hidden
from iotplan.secrets import mask_known
from iotplan.wording import JSON_WORDS, json_kind

DRIFT_KIND = "iotplan-drift"
SUPPORTED_MAJOR = "1"
READ_AT_SINCE = "1.7"  # the format from which a report says when its read of the platform began
PROJECT_ID_SINCE = "1.7"  # and each entry's project
CATALOG_NOTES_SINCE = "1.8"  # the names the catalog no longer lists that live entities hold
LOOKS_RENAMED_SINCE = "1.9"  # an orphan's look-alike creation, renamed without `moved`
CARRIED_BY_SINCE = "1.11"  # the live carriers of a refused creation's refId
UNREAD_SINCE = "1.12"  # the settings of a gateway not read
E = TypeVar("E", bound=Enum)


def render_drift_json(report: Report) -> str:
    return b"".join(drift_json_chunks(report)).decode()


def drift_json_chunks(report: Report) -> Iterator[bytes]:
    """Indented at the top, then one site and one entry a line, as a saved plan lays out its
    changes (render/json_plan.py), written as it is made. Dumped whole and indented, a report of
    111,100 entities held 315 MB more than the report itself and took 2.7 s, in the json module's
    pure-Python encoder.
    """
    head = drift_to_dict(report, lists=False)
    yield json.dumps(head, indent=2, ensure_ascii=False)[:-2].encode()
    sites = report.sites().items()
    yield from one_per_line("sites", (one_line(_site_dict(report, key, entries)) for key, entries in sites))
    yield from one_per_line("entries", (_entry_line(entry) for entry in report.entries))
    yield b"\n}\n"


def _entry_line(entry: Entry) -> bytes:
    """orjson writes NaN and infinities as null: a live value the platform answered so (the json
    module reads them) is written by the json module, as `NaN`, as whole reports always were."""
    if any(_non_finite(d.expected) or _non_finite(d.actual) for d in entry.differences):
        return json.dumps(_entry_dict(entry), ensure_ascii=False, separators=(",", ":")).encode()
    return one_line(_entry_dict(entry))


def _non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_non_finite(each) for each in value.values())
    if isinstance(value, list | tuple):
        return any(_non_finite(each) for each in value)
    return False


# The lines `drift_json_chunks` writes around its two lists, which `drift_from_lines` reads by.
SITES_OPEN, SITES_EMPTY, SITES_CLOSE = b'  "sites": [\n', b'  "sites": [],\n', b"  ],\n"
ENTRIES_OPEN, ENTRIES_EMPTY = b'  "entries": [\n', b'  "entries": []\n'
REPORT_OPENINGS = (SITES_OPEN, SITES_EMPTY)


def drift_from_lines(lines: Iterator[bytes]) -> Report:
    """A drift report read line by line as `drift_json_chunks` lays it out, each entry made an
    Entry before the next is read; NotLaidOutHere as `plan_from_lines` says (render/json_plan.py).
    Read whole, a report of 999,900 entities held about a gigabyte of decoded JSON."""
    return drift_after_head(*read_head(lines, REPORT_OPENINGS), lines)


def drift_after_head(document: dict[str, Any], opening: bytes, lines: Iterator[bytes]) -> Report:
    """The report whose head `read_head` read, its sites and entries still to come from `lines`."""
    sites = items_a_line(lines, SITES_CLOSE, ends_document=False) if opening == SITES_OPEN else ()
    document["sites"] = list(sites)  # a line a site: a few thousand at most
    entries = next(lines, None)
    if entries not in (ENTRIES_OPEN, ENTRIES_EMPTY):
        raise NotLaidOutHere
    return made_with_last_list(document, "entries", entries == ENTRIES_EMPTY, lines, drift_from_dict)


def drift_to_dict(report: Report, *, lists: bool = True) -> dict[str, Any]:
    """The report as JSON data; without its sites and entries (`lists=False`), its head."""
    document: dict[str, Any] = {
        "format_version": report.format_version,
        "kind": DRIFT_KIND,
        "iotplan_version": report.made_by,
        "target": report.target,
        "target_identity": report.target_identity,
        **read_at_to_dict(report.read_at, report.format_version, READ_AT_SINCE),
        "manifests": [{"path": path, "digest": digest} for path, digest in report.manifests.items()],
        "shard": coverage_to_dict(report.shard),
        "drifted": report.drifted,
        "summary": {status.value: report.counts[status] for status in STATUS_ORDER},
        "unread": _unread_to_dict(report),
        **_catalog_notes_to_dict(report),
    }
    if lists:
        document["sites"] = [_site_dict(report, key, entries) for key, entries in report.sites().items()]
        document["entries"] = [_entry_dict(entry) for entry in report.entries]
    return document


def _unread_to_dict(report: Report) -> dict[str, int]:
    """What it was asked to check and could not read (1.12): gateways, and the settings they declare.
    Not in `summary`, whose every key is a status and whose counts add up to the entries."""
    return {"gateways": report.unread_gateways, "settings": report.unread_settings}


def _catalog_notes_to_dict(report: Report) -> dict[str, list[dict[str, Any]]]:
    """Each manifest's catalog notes, as a plan's (render/json_plan.py), each naming its manifest;
    none in a report saved before 1.8, shown or merged again."""
    if not format_known(CATALOG_NOTES_SINCE, report.format_version):
        return {}
    notes = sorted(report.catalog_notes.items())
    return {
        "catalog_notes": [{"manifest": path, **catalog_note_to_dict(n)} for path, each in notes for n in each]
    }


def _catalog_notes_from_list(head: _Item) -> dict[str, tuple[CatalogNote, ...]]:
    items = head.value("catalog_notes", list, NULL, default=None) or []
    by_manifest: dict[str, list[dict[str, Any]]] = {}
    for number, item in enumerate(items, 1):
        manifest = _Item.of(item, f"catalog note {number}").value("manifest", str)
        by_manifest.setdefault(manifest, []).append(item)
    return {path: catalog_notes_from_list(each) for path, each in by_manifest.items()}


def _site_dict(report: Report, key: tuple[str, str], entries: list[Entry]) -> dict[str, Any]:
    manifest, site = key
    ranked = sorted(entries, key=lambda entry: entry.rank)
    location = report.locations.get(key)
    return {
        "manifest": manifest,
        "site": site,
        "summary": {s.value: sum(e.status is s for e in entries) for s in STATUS_ORDER if _any(entries, s)},
        "severity": ranked[0].severity.value if ranked else Severity.NONE.value,
        "status": ranked[0].status.value if ranked else Status.IN_SYNC.value,
        "location": {"lat": location.lat, "lon": location.lon} if location else None,
    }


def _any(entries: list[Entry], status: Status) -> bool:
    return any(entry.status is status for entry in entries)


def _entry_dict(entry: Entry) -> dict[str, Any]:
    return {
        "manifest": entry.manifest,
        "site": entry.site,
        "address": entry.address,
        "kind": entry.kind,
        "status": entry.status.value,
        "reason": mask_known(entry.reason),
        "live_id": shown_id(entry.live_id),
        "differences": [
            {
                "path": d.path,
                "expected": unless_hidden(d.expected, field=d.path),
                "actual": unless_hidden(d.actual, field=d.path),
            }
            for d in entry.differences
        ],
        "folded": entry.folded,
        "severity": entry.severity.value,
        "below": [
            {"address": b.address, "kind": b.kind, "name": unless_hidden(b.name, field="name")}
            for b in entry.below
        ],
        "name": unless_hidden(entry.name, field="name"),
        "serial": shown_serial(entry.serial),
        "observations": _observations(entry),
        "observations_unknown": entry.observations_unknown,
        "refused": entry.refused,
        "owner": entry.owner,
        **_project_id_to_dict(entry.project_id),
        **({"looks_renamed_to": entry.looks_renamed_to} if entry.looks_renamed_to else {}),
        **({"carried_by": [shown_id(each) for each in entry.carried_by]} if entry.carried_by else {}),
        **({"unread": list(entry.unread)} if entry.unread else {}),
    }


def _project_id_to_dict(project_id: str | None) -> dict[str, str]:
    """The entry's project, where known: every entry iotplan writes has one. None is a report saved
    before it (shown or merged again), written back as saved: a 1.7 report of the builds before
    entries carried it, whose format did not change with them, said `null` for every entry, which
    read as known."""
    return {} if project_id is None else {"project_id": project_id}


def _observations(entry: Entry) -> int | None:
    """What the next apply destroys with it, or null where the platform reported no count: a 0
    there read as "destroys nothing" (format 1.4, as the plan's JSON)."""
    if entry.observations_unknown and not entry.observations:
        return None
    return entry.observations


def drift_from_dict(data: dict[str, Any]) -> Report:
    """A saved drift report back as a Report; ValueError or KeyError when it is not one this version
    reads: each wrong field said in words, with the entry it is in."""
    if data.get("kind") != DRIFT_KIND:
        raise ValueError(f"not an iotplan drift report (kind {data.get('kind')!r})")
    version = str(data.get("format_version", ""))
    if version.split(".")[0] != SUPPORTED_MAJOR:
        raise ValueError(f"drift format_version {version!r}: this iotplan reads {SUPPORTED_MAJOR}.x")
    refuse_newer(data, DRIFT_FORMAT_VERSION, "drift report")
    head = _Item(data, "the report")
    entries = data["entries"]
    if not isinstance(entries, Iterator):  # the line reader's come one at a time
        head.value("entries", list)
    report = Report(
        target=head.value("target", str),
        entries=[_entry_from_dict(_Item.of(item, f"entry {n}")) for n, item in enumerate(entries, 1)],
        format_version=version,
        locations=dict(_located(head)),
        made_by=str(data.get("iotplan_version") or ""),
        target_identity=str(data.get("target_identity") or ""),
        manifests=dict(_manifest(_Item.of(item, f"manifest {n}")) for n, item in _listed(head, "manifests")),
        shard=coverage_from_dict(head.value("shard", dict, NULL, default=None)),
        read_at=read_at_from_text(head.value("read_at", str, NULL, default=None)),
        catalog_notes=_catalog_notes_from_list(head),
    )
    _refuse_other_counts(head, report)
    refuse_newer_keys("drift report", version, _NEWER_IN_AN_ENTRY, ((e.address, e) for e in report.entries))
    refuse_newer_keys("drift report", version, _NEWER_IN_A_REPORT, [("it", data)])
    return report


def _given(key: str, since: str) -> NewerKey[dict[str, Any]]:
    return NewerKey(key, since, lambda data: bool(data.get(key)))


# What the formats after 1.1 added (plan/drift.py), where a report older than them holds it: a
# value, not the default an older report shown or merged again is written back with.
_NEWER_IN_A_REPORT: tuple[NewerKey[dict[str, Any]], ...] = (
    *(_given(key, "1.2") for key in ("iotplan_version", "target_identity", "manifests", "shard")),
    NewerKey("read_at", READ_AT_SINCE, lambda data: "read_at" in data),  # as a plan's: null too
    _given("catalog_notes", CATALOG_NOTES_SINCE),
)
_NEWER_IN_AN_ENTRY: tuple[NewerKey[Entry], ...] = (
    NewerKey("the status ORPHANED", "1.3", lambda entry: entry.status is Status.ORPHANED),
    NewerKey("observations", "1.3", lambda entry: entry.observations > 0),
    NewerKey("observations_unknown", "1.3", lambda entry: entry.observations_unknown),
    NewerKey("refused", "1.5", lambda entry: entry.refused),
    NewerKey("owner", "1.6", lambda entry: entry.owner is not None),
    NewerKey("project_id", PROJECT_ID_SINCE, lambda entry: entry.project_id is not None),
    NewerKey("looks_renamed_to", LOOKS_RENAMED_SINCE, lambda entry: entry.looks_renamed_to is not None),
    NewerKey("carried_by", CARRIED_BY_SINCE, lambda entry: bool(entry.carried_by)),
    NewerKey("unread", UNREAD_SINCE, lambda entry: bool(entry.unread)),
)


def _refuse_other_counts(head: _Item, report: Report) -> None:
    """A report says its own counts and verdict: entries that disagree with them were cut or edited
    since (by hand, by an artifact step that rewrote the file, by a filter), and read alone they
    would say less drift than was found, or none, with exit 0 from a nightly job."""
    again = _made_again(report)
    summary = _Item(head.value("summary", dict), "the report's summary")
    unknown = set(summary.data) - {status.value for status in STATUS_ORDER}
    if unknown:
        raise ValueError(f"its summary counts {min(unknown)!r}, not a status of a drift report")
    counts = report.counts
    for status in STATUS_ORDER:
        said = summary.value(status.value, int, default=0)
        if said != counts[status]:
            raise ValueError(
                f"its summary counts {said:,} {_status_words(status)}, its entries {counts[status]:,}: "
                f"the report was edited or cut; {again}"
            )
    unread = head.value("unread", dict, default=None)  # 1.12
    if unread is not None and unread != _unread_to_dict(report):
        raise ValueError(
            f"it says {unread} not read, its entries {_unread_to_dict(report)}: the report was edited or "
            f"cut; {again}"
        )
    drifted = head.value("drifted", bool)
    if drifted != report.drifted:
        found = "find drift" if report.drifted else "find none"
        raise ValueError(
            f"it says drifted: {str(drifted).lower()}, its entries {found}: "
            f"the report was edited or cut; {again}"
        )


def _made_again(report: Report) -> str:
    if report.shard is None:
        return "run the drift again"
    return "run the shard again" if len(report.shard.covered) == 1 else "merge its shards again"


def _status_words(status: Status) -> str:
    return status.value.lower().replace("_", " ")


def _listed(head: _Item, key: str) -> Iterator[tuple[int, Any]]:
    """The items of a list the report may leave out (1.0 has no manifests), numbered from 1."""
    return enumerate(head.value(key, list, NULL, default=None) or [], 1)


def _located(head: _Item) -> Iterator[tuple[tuple[str, str], Coordinates]]:
    """Each site the report puts on a map (1.1): one declared without a location has none."""
    for n, each in _listed(head, "sites"):
        site = _Item.of(each, f"site {n}")
        location = site.value("location", dict, NULL, default=None)
        if location is not None:
            at = _Item(location, f"{site.where}'s location")
            yield (
                (site.value("manifest", str), site.value("site", str)),
                Coordinates(float(at.value("lat", int, float)), float(at.value("lon", int, float))),
            )


def _manifest(item: _Item) -> tuple[str, str]:
    return item.value("path", str), item.value("digest", str)


def _entry_from_dict(item: _Item) -> Entry:
    # Identity is required; what 1.1 added defaults, so a 1.0 report still reads.
    status = item.member(Status, "status")
    below = tuple(
        _below(_Item.of(each, f"{item.where}'s below {n}"))
        for n, each in enumerate(item.value("below", list, default=[]), 1)
    )
    differences = tuple(
        _difference(_Item.of(each, f"{item.where}'s difference {n}"))
        for n, each in enumerate(item.value("differences", list, default=[]), 1)
    )
    severity = item.value("severity", str, NULL, default=None)
    return Entry(
        manifest=item.value("manifest", str),
        site=item.value("site", str),
        address=Address(item.value("address", str)),
        kind=item.member(Kind, "kind"),
        status=status,
        reason=item.value("reason", str, default=""),
        live_id=item.value("live_id", str, NULL, default=None),
        differences=differences,
        folded=item.count("folded", default=len(below)),
        severity=item.member(Severity, "severity") if severity else status_severity(status),
        below=below,
        name=item.value("name", str, NULL, default=None),
        serial=item.value("serial", str, NULL, default=None),
        observations=item.count("observations", default=0, uncounted=True),  # null (1.4): none counted
        observations_unknown=item.value("observations_unknown", bool, default=False),
        refused=item.value("refused", bool, default=False),  # 1.5
        owner=item.value("owner", str, NULL, default=None),  # 1.6
        project_id=item.value("project_id", str, NULL, default=None),  # 1.7
        looks_renamed_to=_address_or_none(item.value("looks_renamed_to", str, NULL, default=None)),  # 1.9
        carried_by=_live_ids(item, "carried_by"),  # 1.11
        unread=tuple(Address(each) for each in _live_ids(item, "unread", "addresses")),  # 1.12
    )


def _live_ids(item: _Item, key: str, what: str = "live ids") -> tuple[str, ...]:
    """A list of live ids (or of `what` else), each a string."""
    ids = item.value(key, list, default=[])
    wrong = next((each for each in ids if not isinstance(each, str)), None)
    if wrong is not None:
        raise ValueError(f"{item.where}: {key!r} holds {json_kind(wrong)}, where a report gives {what}")
    return tuple(ids)


def _address_or_none(text: str | None) -> Address | None:
    return None if text is None else Address(text)


def _below(item: _Item) -> Below:
    return Below(
        Address(item.value("address", str)),
        item.member(Kind, "kind"),
        item.value("name", str, NULL, default=None),
    )


def _difference(item: _Item) -> Difference:
    return Difference(item.value("path", str), item.data.get("expected"), item.data.get("actual"))


_REQUIRED: Any = object()
NULL = type(None)


class _Item:
    """One JSON object of a report, read a field at a time: a field of the wrong type is said in
    words, with where it is (`entry 3: 'address' is null, where a report gives text`), never
    as the Python error reading it would raise. A type is checked exactly, as JSON knows them
    (true is no number), and cheaply: a report reads a million entries."""

    __slots__ = ("data", "where")

    def __init__(self, data: dict[str, Any], where: str) -> None:
        self.data, self.where = data, where

    @classmethod
    def of(cls, value: Any, where: str) -> _Item:
        if type(value) is not dict:
            raise ValueError(f"{where} is {json_kind(value)}, where a report gives an object")
        return cls(value, where)

    def value(self, key: str, *types: type, default: Any = _REQUIRED) -> Any:
        """The field `key`, of one of `types` (NULL: null); `default` where it may be left out."""
        value = self.data.get(key, _REQUIRED)
        if type(value) in types:
            return value
        if value is _REQUIRED:
            if default is _REQUIRED:
                raise ValueError(f"{self.where}: missing field {key!r}")
            return default
        wanted = " or ".join(dict.fromkeys(JSON_WORDS[each] for each in types))
        raise ValueError(f"{self.where}: {key!r} is {json_kind(value)}, where a report gives {wanted}")

    def member(self, enum: type[E], key: str) -> E:
        value = self.value(key, str)
        try:
            return enum(value)
        except ValueError:
            raise ValueError(f"{self.where}: {key!r} is {value!r}, not a {key} a report gives") from None

    def count(self, key: str, default: int, *, uncounted: bool = False) -> int:
        """A count: a whole number, 0 or more; null where none was counted, if it may be (`uncounted`)."""
        value = self.value(key, int, *([NULL] if uncounted else []), default=default)
        if value is not None and value < 0:
            raise ValueError(f"{self.where}: {key!r} is {value}, where a report gives a count (0 or more)")
        return value or 0
