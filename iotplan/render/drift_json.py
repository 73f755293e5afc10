"""A drift report as a versioned JSON document (`format_version`), and back, for `iotplan show`.

Fields are only ever added (1.0 → 1.1 added severities, site locations and status, what a folded
entry carries, live names and serials; 1.2 the iotplan version, the target's identity, each
manifest's digest and the shard covered; 1.3 the status ORPHANED, counted in `summary` beside the
others, and each entry's `observations` and `observations_unknown`), so a tool written for 1.0
still reads a 1.4 report. One meaning changed, as in the plan's JSON 1.4: `observations` is null
where no count was read (1.3 wrote 0, which read as "destroys nothing").
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from iotplan.plan.address import Address
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
from iotplan.plan.model import Kind
from iotplan.render.json_plan import (
    NotLaidOutHere,
    coverage_from_dict,
    coverage_to_dict,
    items_a_line,
    made_with_last_list,
    one_line,
    one_per_line,
    read_head,
    refuse_newer,
)

DRIFT_KIND = "iotplan-drift"
SUPPORTED_MAJOR = "1"


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
        "manifests": [{"path": path, "digest": digest} for path, digest in report.manifests.items()],
        "shard": coverage_to_dict(report.shard),
        "drifted": report.drifted,
        "summary": {status.value: report.counts[status] for status in STATUS_ORDER},
    }
    if lists:
        document["sites"] = [_site_dict(report, key, entries) for key, entries in report.sites().items()]
        document["entries"] = [_entry_dict(entry) for entry in report.entries]
    return document


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
        "reason": entry.reason,
        "live_id": entry.live_id,
        "differences": [
            {"path": d.path, "expected": d.expected, "actual": d.actual} for d in entry.differences
        ],
        "folded": entry.folded,
        "severity": entry.severity.value,
        "below": [{"address": b.address, "kind": b.kind, "name": b.name} for b in entry.below],
        "name": entry.name,
        "serial": entry.serial,
        "observations": _observations(entry),
        "observations_unknown": entry.observations_unknown,
        "refused": entry.refused,
        "owner": entry.owner,
    }


def _observations(entry: Entry) -> int | None:
    """What the next apply destroys with it, or null where the platform reported no count: a 0
    there read as "destroys nothing" (format 1.4, as the plan's JSON)."""
    if entry.observations_unknown and not entry.observations:
        return None
    return entry.observations


def drift_from_dict(data: dict[str, Any]) -> Report:
    """A saved drift report back as a Report; ValueError or KeyError when it is not one this version reads."""
    if data.get("kind") != DRIFT_KIND:
        raise ValueError(f"not an iotplan drift report (kind {data.get('kind')!r})")
    version = str(data.get("format_version", ""))
    if version.split(".")[0] != SUPPORTED_MAJOR:
        raise ValueError(f"drift format_version {version!r}: this iotplan reads {SUPPORTED_MAJOR}.x")
    refuse_newer(data, DRIFT_FORMAT_VERSION)
    locations = {
        (site["manifest"], site["site"]): Coordinates(
            float(site["location"]["lat"]), float(site["location"]["lon"])
        )
        for site in data.get("sites", [])
        if site.get("location")
    }
    entries = [_entry_from_dict(item) for item in data["entries"]]
    return Report(
        target=data["target"],
        entries=entries,
        format_version=version,
        locations=locations,
        made_by=str(data.get("iotplan_version") or ""),
        target_identity=str(data.get("target_identity") or ""),
        manifests={item["path"]: item["digest"] for item in data.get("manifests") or []},
        shard=coverage_from_dict(data.get("shard")),
    )


def _entry_from_dict(item: dict[str, Any]) -> Entry:
    # Identity is required; what 1.1 added defaults, so a 1.0 report still reads.
    status = Status(item["status"])
    below = tuple(Below(Address(b["address"]), Kind(b["kind"]), b.get("name")) for b in item.get("below", []))
    return Entry(
        manifest=item["manifest"],
        site=item["site"],
        address=Address(item["address"]),
        kind=Kind(item["kind"]),
        status=status,
        reason=item.get("reason", ""),
        live_id=item.get("live_id"),
        differences=tuple(
            Difference(d["path"], d["expected"], d["actual"]) for d in item.get("differences", [])
        ),
        folded=int(item.get("folded", len(below))),
        severity=Severity(item["severity"]) if item.get("severity") else status_severity(status),
        below=below,
        name=item.get("name"),
        serial=item.get("serial"),
        observations=int(item.get("observations") or 0),  # null (1.4): none counted
        observations_unknown=bool(item.get("observations_unknown", False)),
        refused=bool(item.get("refused", False)),  # 1.5
        owner=item.get("owner"),  # 1.6
    )
