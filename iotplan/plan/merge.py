"""The shards' plans (or drift reports) as one: checked to be one whole before anything is joined.

Every shard 1..n must be there exactly once, all made by one iotplan version from one manifest
(the same digest) against one target, with the same options, in one format version this iotplan
writes or an older one, no address or live entity in two shards, and each change in the shard its
connection belongs to. Every problem found is
reported at once, one per line, and nothing is merged. The whole is as old as its oldest shard's
read (`read_at`), and its removals that look like renames are hinted over the whole, as one run's
are: a connection's removal and its look-alike creation may be two shards' (plan/renames.py).
Its trades of names or locations through two shards' connections are refused as one run's are
(plan/traded_names.py): shards that planned at different moments may each have seen no trade.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from iotplan.errors import NoSafePlanError, PlanError
from iotplan.plan.address import Address
from iotplan.plan.catalog import merged_notes
from iotplan.plan.coverage import Coverage, ranges, shard_of_change
from iotplan.plan.drift import Entry, Report, Status
from iotplan.plan.drift_entries import one_entry_per_entity, pointing_at, with_connection_renames_merged
from iotplan.plan.model import Change, Kind, Plan, Refusal, format_known
from iotplan.plan.renames import with_rename_hints_merged
from iotplan.plan.traded_names import (
    PINNED_CONNECTIONS_SINCE,
    PinnedTrade,
    traded_names,
    trades_through_pinned,
)
from iotplan.secrets import masked_in_place
from iotplan.wording import first_lines

T = TypeVar("T", Plan, Report)
_CHANGES, _ENTRIES = "plan holds changes", "drift report holds entries"  # of another shard
# What to run again over shards made by two builds: the command that made them.
_PLANS_REDONE, _REPORTS_REDONE = "plan every shard with one build", "run drift on every shard with one build"


@dataclass(frozen=True)
class Part(Generic[T]):
    """One shard's saved plan or report, with the file it came from."""

    path: str
    value: T

    @property
    def coverage(self) -> Coverage | None:
        return self.value.shard


def merge_plans(parts: Sequence[Part[Plan]]) -> Plan:
    _refuse_mismatches(parts, _plan_identity, _PLANS_REDONE)
    _refuse_overlaps(parts, lambda plan: [str(c.address) for c in plan.changes], "address")
    _refuse_overlaps(parts, lambda plan: [c.live_id for c in plan.changes if c.live_id], "live entity")
    _refuse_misplaced(parts, lambda plan: ((c.address, c.connection) for c in plan.changes), _CHANGES)
    _refuse_unmatched(parts)
    ordered = sorted(parts, key=_first_shard)
    first = ordered[0].value
    coverage = _merged_coverage(parts)
    connections = {
        change.connection: part.coverage.shard_of_connection(change.connection)
        for part in ordered
        if part.coverage is not None
        for change in part.value.changes
    }
    merged = dataclasses.replace(
        first,
        changes=tuple(
            with_rename_hints_merged([change for part in ordered for change in part.value.changes])
        ),
        shard=dataclasses.replace(coverage, connections=connections),
        read_at=earliest_read(parts),
        read_until=latest_read_if_apart(parts),
        catalog_notes=merged_notes(note for part in ordered for note in part.value.catalog_notes),
        pinned_connections=tuple(address for part in ordered for address in part.value.pinned_connections),
    )
    _refuse_trades_across_shards(merged, connections)
    return merged


def _refuse_trades_across_shards(merged: Plan, shard_of: Mapping[str, int]) -> None:
    """The trades and key shifts through two or more shards' connections, as one run refuses them.
    A shard sees only the other shards' names (the connection list it reads whole), so two sites
    named alike trading their locations alone each plan as a move in place; the joined changes carry
    both sides' names and locations. One within a shard is that shard's to refuse: left as it planned
    it. A connection pinned by `id:` takes no part, as in one run: each shard's plan names those it
    updates (`pinned_connections`); one saved before format 1.16 names none, and its trade is refused."""
    changes = merged.changes
    spans = _spanning(changes, shard_of)
    spanning = [
        refusal
        for refusal in traded_names(changes, pinned=merged.pinned_connections)
        if spans(refusal.addresses())
    ]
    if spanning:
        raise NoSafePlanError(_saying_older_plans_name_no_pins(spanning, merged), lambda: merged)


def _spanning(changes: Sequence[Change], shard_of: Mapping[str, int]) -> Callable[[Iterable[Address]], bool]:
    """Whether addresses are of two or more shards' connections."""
    connection_of = {change.address: change.connection for change in changes}
    return lambda addresses: len({shard_of.get(connection_of.get(each, ""), 0) for each in addresses}) > 1


def _saying_older_plans_name_no_pins(refusals: list[Refusal], merged: Plan) -> list[Refusal]:
    """Each refusal, where the shards' plans predate `pinned_connections`, saying they name none: a
    trade through a connection pinned by `id:` is refused all the same, and planning again lifts it."""
    version = merged.format_version
    if format_known(PINNED_CONNECTIONS_SINCE, version):
        return refusals
    said = (
        f"Plans saved at format {version} do not say which connections are pinned by `id:`; if one of "
        "these is, plan the shards again with this iotplan."
    )
    return [dataclasses.replace(refusal, text=f"{refusal.text}. {said}") for refusal in refusals]


def trades_left_to_shard_plans(plan: Plan) -> list[PinnedTrade]:
    """A merged plan's trades of names or locations through two or more shards' connections that
    `_refuse_trades_across_shards` left out, a side being listed pinned by `id:` in its shard's plan:
    taken on the plan's word (a merge reads no manifest), so every view of the plan says so."""
    if not plan.pinned_connections or plan.shard is None or len(plan.shard.covered) < 2:
        return []  # nearly every plan; one shard's plan is weighed with its manifest
    spans = _spanning(plan.changes, plan.shard.connections)
    return [
        each
        for each in trades_through_pinned(plan.changes, plan.pinned_connections)
        if spans(each.connections)
    ]


def merge_reports(parts: Sequence[Part[Report]]) -> Report:
    _refuse_mismatches(parts, _report_identity, _REPORTS_REDONE)
    parts = _named_as_first(parts)
    _refuse_overlaps(parts, lambda report: [f"{e.manifest}: {e.address}" for e in report.entries], "entry")
    _refuse_misplaced(parts, lambda report: ((e.address, e.site) for e in report.entries), _ENTRIES)
    first = parts[0].value
    entries = sorted(
        (e for part in parts for e in _sole_carriers_dropped(part, parts)), key=lambda e: (e.manifest, e.site)
    )
    # Each shard listed once per manifest what stands under a connection manifests share: once over
    # the whole, as one run does (commands/drift.py).
    entries = with_connection_renames_merged(one_entry_per_entity(entries))
    entries = _trades_told_once(entries, _merged_coverage(parts).count)
    locations = {key: where for part in parts for key, where in part.value.locations.items()}
    notes = {
        path: [n for part in parts for n in part.value.catalog_notes.get(path, ())]
        for path in first.manifests
    }
    return dataclasses.replace(
        first,
        entries=entries,
        locations=locations,
        shard=_merged_coverage(parts),
        read_at=earliest_read(parts),
        read_until=latest_read_if_apart(parts),
        catalog_notes={path: merged_notes(each) for path, each in notes.items() if each},
    )


def _trades_told_once(entries: list[Entry], count: int) -> list[Entry]:
    """The entries with each trade of names through two shards' connections told once, at the first
    connection's entry, the other's pointing there, as one run tells it: each shard
    refused the trade from its own connection's side (plan/traded_names.py), from the others' names
    on the connection list it reads whole. Found by the entries' data, never by a reason's words:
    two refused connections of two shards, each declared with the other's live name. One within a
    shard was told once there. Keys shifting round three or more are left as the shards told them:
    a shard holding two of them told it at one, pointing the other there, which the data cannot tell
    apart."""
    traders = {at: names for at, entry in enumerate(entries) if (names := _traded_names(entry))}
    if len(traders) < 2:  # the usual report: no connection refused with its name differing
        return entries
    live_named = Counter((_where(entries[at]), live) for at, (_, live) in traders.items())
    # A live name two of them share leads to neither: which one a name is taken from is not known.
    by_live = {
        (_where(entries[at]), live): at
        for at, (_, live) in traders.items()
        if live_named[(_where(entries[at]), live)] == 1
    }
    told = list(entries)
    ringed: set[int] = set()
    for start in traders:
        ring = [] if start in ringed else _ring(start, traders, by_live, entries)
        ringed.update(ring)
        if len({shard_of_change(entries[at].site, count) for at in ring}) == len(ring) == 2:
            first = entries[ring[0]].address
            for at in ring[1:]:
                told[at] = pointing_at(entries[at], first)
    return told


def _traded_names(entry: Entry) -> tuple[str, str] | None:
    """A refused connection's name as declared and as live, where they differ."""
    if not entry.refused or entry.kind is not Kind.NODE:
        return None
    name = next((each for each in entry.differences if each.path == "name"), None)
    if name is None or not isinstance(name.expected, str) or not isinstance(name.actual, str):
        return None
    return name.expected, name.actual


def _where(entry: Entry) -> tuple[str, str | None]:
    """Where a name is traded: a manifest's project."""
    return entry.manifest, entry.project_id


def _ring(
    start: int,
    traders: Mapping[int, tuple[str, str]],
    by_live: Mapping[tuple[tuple[str, str | None], str], int],
    entries: Sequence[Entry],
) -> list[int]:
    """The connections whose declared names lead from `start`'s, each to the one live by it, back to
    `start`, in the report's order; none where they lead nowhere, or round without it."""
    ring, at = [start], start
    while (at := by_live.get((_where(entries[at]), traders[at][0]), -1)) != start:
        if at < 0 or at in ring:
            return []
        ring.append(at)
    return sorted(ring)


def _sole_carriers_dropped(part: Part[Report], parts: Sequence[Part[Report]]) -> list[Entry]:
    """The entries of `part` but each DUPLICATE another shard's refused creation names as the live
    carrier of its refId (`Entry.carried_by`): the shard reading the carrier's connection could not
    tell whether that shard's entity is live and called the carrier a copy; it is the only one, as one
    run says, listing no duplicate (the refused entry tells of it). Told by the ids saved, never by
    a reason's words."""
    carriers = {
        live_id
        for other in parts
        if other is not part
        for entry in other.value.entries
        for live_id in entry.carried_by
    }
    if not carriers:  # the usual merge: no creation refused for a live carrier
        return part.value.entries
    return [
        entry
        for entry in part.value.entries
        if not (entry.status is Status.DUPLICATE and entry.live_id in carriers)
    ]


def earliest_read(parts: Sequence[Part[T]]) -> datetime | None:
    """When the earliest of the shards' reads began: the merged plan or report is as old as its oldest part,
    whose platform may have changed since. None when a shard does not say: the oldest is unknown."""
    times = [part.value.read_at for part in parts]
    return None if None in times else min(time for time in times if time is not None)


# Shards read further apart than this are said to be (`latest_read_if_apart`): a CI matrix's jobs
# start within a minute or two of each other; a shard re-run alone ("re-run failed jobs") may read the
# platform hours later, after an apply that its merged siblings never saw.
READS_APART = timedelta(minutes=5)


def latest_read_if_apart(parts: Sequence[Part[T]]) -> datetime | None:
    """When the latest of the shards' reads began, where it is more than `READS_APART` after the
    earliest: the merged plan or report joins views of the platform at two times, which its views
    say. None where they were read together, or a shard does not say when."""
    earliest = earliest_read(parts)
    if earliest is None:
        return None
    latest = max(part.value.read_at or earliest for part in parts)
    return latest if latest - earliest > READS_APART else None


def _plan_identity(plan: Plan) -> dict[str, object]:
    return {
        "iotplan version": plan.made_by or "unknown",
        "format_version": plan.format_version,
        "manifest": _Manifest(plan.manifest.digest, plan.manifest.path),
        "target": plan.target_identity or plan.target,
        "JSON-RPC target": plan.target_rpc_endpoint or "none",
        "stack": plan.stack,
        "options": _options_text(plan),
    }


@dataclass(frozen=True)
class _Manifest:
    """A plan's manifest, one whatever path a shard named it by (`site.yaml`, `./site.yaml`, or
    `$CI_PROJECT_DIR/site.yaml` in one CI job): its digest, that of the rendered manifest, says
    which desired state it is."""

    digest: str
    path: str = field(compare=False)

    def __str__(self) -> str:
        return f"{self.path} ({self.digest})"


def _named_as_first(parts: Sequence[Part[Report]]) -> list[Part[Report]]:
    """Each shard's entries and sites under the path the first shard names their manifest by (the
    shards' manifests are one by digest): named otherwise (`./site.yaml`), a site would be listed
    twice in the merged report, and an entry in two shards not seen as one."""
    path_of = {digest: path for path, digest in parts[0].value.manifests.items()}
    return [
        _renamed(part, {path: path_of[digest] for path, digest in part.value.manifests.items()})
        for part in parts
    ]


def _renamed(part: Part[Report], paths: dict[str, str]) -> Part[Report]:
    if all(path == renamed for path, renamed in paths.items()):
        return part
    report = part.value
    entries = [
        dataclasses.replace(entry, manifest=paths.get(entry.manifest, entry.manifest))
        for entry in report.entries
    ]
    locations = {(paths.get(path, path), site): where for (path, site), where in report.locations.items()}
    manifests = {paths[path]: digest for path, digest in report.manifests.items()}
    notes = {paths.get(path, path): each for path, each in report.catalog_notes.items()}
    renamed = dataclasses.replace(
        report, entries=entries, locations=locations, manifests=manifests, catalog_notes=notes
    )
    return Part(part.path, renamed)


def _options_text(plan: Plan) -> str:
    options = plan.options
    flags = [f"--target {g!r}" for g in options.targets] + [f"--exclude {g!r}" for g in options.excludes]
    flags += (
        ["--prune-unmanaged"] * options.prune_unmanaged
        + ["--force-write-only"] * options.force_write_only
        + ["--destroy"] * options.destroy
    )
    return " ".join(flags) or "none"


@dataclass(frozen=True)
class _Manifests:
    """A drift report's manifests (one drift reads several), each a `_Manifest`: the same whatever
    paths the shards named them by."""

    each: tuple[_Manifest, ...]  # by digest

    def __str__(self) -> str:
        return ", ".join(map(str, sorted(self.each, key=lambda manifest: manifest.path))) or "unknown"


def _report_identity(report: Report) -> dict[str, object]:
    manifests = sorted(
        (_Manifest(digest, path) for path, digest in report.manifests.items()), key=lambda m: m.digest
    )
    return {
        "iotplan version": report.made_by or "unknown",
        "format_version": report.format_version,
        "manifest": _Manifests(tuple(manifests)),
        "target": report.target_identity or report.target,
    }


def _refuse_mismatches(
    parts: Sequence[Part[T]], identity: Callable[[T], dict[str, object]], redo: str
) -> None:
    """Shards from one run only; `redo` says how to make them again with one build. A shard in a
    newer format than this iotplan writes never gets here: reading it refused it
    (render/json_plan.refuse_newer)."""
    if not parts:
        raise PlanError("nothing to merge: name every shard's saved plan or drift report")
    problems = [
        f"{part.path}: made without --shard: only shards' plans and reports merge"
        for part in parts
        if part.coverage is None
    ]
    if problems:
        raise PlanError("cannot merge:\n" + "\n".join(f"  {p}" for p in problems))
    problems += _split_problems(parts)
    first = parts[0]
    expected = identity(first.value)
    for part in parts[1:]:
        found = identity(part.value)
        problems += _other_build(first.path, expected, part.path, found, redo)
        problems += [  # a plan's target whole, as apply compares it: shown masked (--sim-db's folders)
            f"{part.path}: {what} {masked_in_place(str(value))}, but {first.path}: "
            f"{masked_in_place(str(expected[what]))}: shards merge only from one run"
            for what, value in found.items()
            if what not in _BUILD and value != expected[what]
        ]
    if problems:
        raise PlanError("cannot merge:\n" + "\n".join(f"  {p}" for p in problems))


# What says which iotplan build made a shard: shards of one run made on two builds (a pipeline
# upgraded between its jobs) differ here, and may plan one platform otherwise.
_BUILD = ("iotplan version", "format_version")


def _other_build(
    first: str, expected: dict[str, object], path: str, found: dict[str, object], redo: str
) -> list[str]:
    if all(found[what] == expected[what] for what in _BUILD):
        return []
    return [
        f"{first} and {path} were made by different iotplan builds: {_build(expected)} and "
        f"{_build(found)}; {redo}"
    ]


def _build(identity: dict[str, object]) -> str:
    return f"iotplan {identity['iotplan version']} (format {identity['format_version']})"


def _split_problems(parts: Sequence[Part[T]]) -> list[str]:
    counts = {part.coverage.count for part in parts if part.coverage}
    if len(counts) > 1:
        listed = ", ".join(f"{part.path} of {part.coverage.count}" for part in parts if part.coverage)
        return [f"shards of different splits ({listed}): every shard must come from one --shard i/n"]
    count = counts.pop()
    seen: dict[int, str] = {}
    problems = []
    for part in parts:
        assert part.coverage is not None
        for index in part.coverage.covered:
            if index in seen:
                problems.append(f"shard {index}/{count} given twice: {seen[index]} and {part.path}")
            seen.setdefault(index, part.path)
    missing = [index for index in range(1, count + 1) if index not in seen]
    if missing:
        problems.append(
            f"shard{'s' if len(missing) > 1 else ''} {ranges(tuple(missing))} of {count} missing: "
            "every shard's plan or report is needed. A shard that failed: see its error (its job's log); "
            "a refusal repeats until the manifest changes, a lost job needs running again: if the "
            "others ran more than a few minutes before, run every shard again (a shard re-run alone "
            "reads the platform as it is then, and the merge would join two times' views)"
        )
    return problems


def _refuse_overlaps(parts: Sequence[Part[T]], keys: Callable[[T], list[str]], what: str) -> None:
    owner: dict[str, str] = {}
    problems = []
    for part in parts:
        for key in keys(part.value):
            if owner.setdefault(key, part.path) != part.path:
                problems.append(f"{what} {key} is in {owner[key]} and in {part.path}")
    if problems:
        raise PlanError(
            "cannot merge: the shards overlap, so they were not made by one split:\n"
            + first_lines(problems, 10)
        )


def _refuse_misplaced(
    parts: Sequence[Part[T]], placed: Callable[[T], Iterable[tuple[str, str]]], what: str
) -> None:
    """A change or drift entry (`placed`: its address and connection) whose connection belongs to
    another shard than its file's (`shard_of_change`: a copy goes with the connection it copies):
    the file was edited (or put together by hand), and its merged plan could never be applied as
    reviewed, nor its merged report say what the shards found."""
    problems = []
    for part in parts:
        assert part.coverage is not None
        count, covered = part.coverage.count, part.coverage.covered
        shards: dict[str, int] = {}  # by connection, hashed once: a report holds a million entries
        for address, connection in placed(part.value):
            shard = shards.get(connection)
            if shard is None:
                shard = shards[connection] = shard_of_change(connection, count)
            if shard not in covered:
                problems.append(
                    f"{part.path}: {address} belongs to shard {shard}/{count}, not to this file's "
                    f"{part.coverage.label()}"
                )
    if problems:
        raise PlanError(
            f"cannot merge: a shard's {what} of another shard, so it was edited since "
            "--shard made it:\n" + first_lines(problems, 10)
        )


def _refuse_unmatched(parts: Sequence[Part[Plan]]) -> None:
    """A --target or --exclude pattern that no shard matched: a typo must not read as no changes."""
    everywhere = set.intersection(*(set(part.coverage.unmatched) for part in parts if part.coverage))
    if everywhere:
        raise PlanError(f"{', '.join(sorted(everywhere))} matches no address in any shard's plan")


def _merged_coverage(parts: Sequence[Part[T]]) -> Coverage:
    count = next(part.coverage.count for part in parts if part.coverage)
    return Coverage(count, tuple(range(1, count + 1)))


def _first_shard(part: Part[T]) -> int:
    assert part.coverage is not None
    return min(part.coverage.covered)
