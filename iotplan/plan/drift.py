"""A plan read as a drift report: per entity and gateway setting, how reality compares with git.

Drift is a plan seen from the other side. Where the plan says what to do, the report says what
is: a planned creation means the entity is MISSING, an update that it was MODIFIED (expected is
the manifest's value, actual the platform's). An entity whose parent is reported too is folded
into it, so one device deleted behind iotplan's back is one MISSING entry, not one per sensor;
the entry still names what it carries (`below`).

Every entry has a severity, so that a report can put first what needs a person first: a missing
device or a second copy before a modified field, before a setting nobody can read back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from iotplan.plan.address import Address
from iotplan.plan.coverage import Coverage
from iotplan.plan.model import Kind
from iotplan.records import record
from iotplan.wording import counted

if TYPE_CHECKING:
    from iotplan.plan.catalog import CatalogNote

# 1.1 adds severities, site locations, what a folded entry carries, and live names and serials;
# 1.2 the iotplan version, the target's identity, each manifest's digest and the shard covered;
# 1.3 the status ORPHANED and the observations an entry's next apply would destroy; 1.4 writes
# `observations: null` where no count was read (0 before, which read as "destroys nothing"); 1.5
# `refused` on an entry whose manifest `plan` and `apply` refuse over it (drift counts it as found);
# 1.6 `owner`, the other stack an unmanaged entity's refId names (that stack's drift reports it);
# 1.7 `read_at`, when the read of the platform began, and each entry's `project_id`; 1.8
# `catalog_notes`, a plan's (plan/model.py), each with its manifest; 1.9 `looks_renamed_to` on an
# orphan that looks like a key renamed without `moved` (the plan's hint, plan/renames.py); 1.10 a
# missing connection's `name`, the manifest's (what a merge pairs another shard's orphan by); 1.11
# `carried_by` on a refused creation, the live ids carrying its refId (what a merge drops another
# shard's DUPLICATE of the sole carrier by); 1.12 `unread` on a gateway entry, the settings its
# `edge:` block declares that could not be read, and the report's `unread` count of them.
DRIFT_FORMAT_VERSION = "1.12"


class Status(StrEnum):
    IN_SYNC = "IN_SYNC"
    MODIFIED = "MODIFIED"
    MISSING = "MISSING"
    ORPHANED = "ORPHANED"  # the stack's own, no longer declared: the next apply removes it
    UNMANAGED = "UNMANAGED"  # not the stack's, not declared: reported, never touched
    DUPLICATE = "DUPLICATE"
    PENDING = "PENDING"
    UNREACHABLE = "UNREACHABLE"
    NOT_CHECKED = "NOT_CHECKED"

    @property
    def is_drift(self) -> bool:
        return self in (Status.MODIFIED, Status.MISSING, Status.ORPHANED, Status.UNMANAGED, Status.DUPLICATE)


# The order a report counts statuses in (columns, the summary line).
STATUS_ORDER = (
    Status.MISSING,
    Status.MODIFIED,
    Status.DUPLICATE,
    Status.ORPHANED,
    Status.UNMANAGED,
    Status.UNREACHABLE,
    Status.PENDING,
    Status.NOT_CHECKED,
    Status.IN_SYNC,
)

# Statuses the summary line names only when found: scripts grep that line, and it read the same
# before these existed.
RARE = (Status.DUPLICATE, Status.ORPHANED)


class Severity(StrEnum):
    """How urgently an entry needs a person; SEVERITY_ORDER ranks them."""

    # declared but absent, two copies of one entity, the wrong gateway at an address, an orphan or
    # a replacement (template changed) holding observations (the next apply destroys them)
    CRITICAL = "critical"
    HIGH = "high"  # a field that changes how data reads (metrics, units, template); an orphan
    MEDIUM = "medium"  # any other field differs
    LOW = "low"  # something extra on the platform, a gateway asleep or not answering
    INFO = "info"  # a setting the gateway cannot report: nothing is known to be wrong
    NONE = "none"  # in sync

    @property
    def rank(self) -> int:
        return SEVERITY_ORDER.index(self)


SEVERITY_ORDER = tuple(Severity)


@dataclass(frozen=True)
class Difference:
    path: str
    expected: Any  # the manifest's value
    actual: Any  # the platform's (or the gateway's) value


@dataclass(frozen=True)
class Below:
    """An entity folded into a reported ancestor: named, so a reader knows what went with it."""

    address: Address
    kind: Kind
    name: str | None = None  # the manifest's name (missing) or the platform's (unmanaged)


@record  # one per entity of a drift report, a million in a large fleet's: built fast, held small
class Entry:
    manifest: str
    site: str  # the connection's key: one site is one connection
    address: Address
    kind: Kind
    status: Status
    reason: str
    live_id: str | None = None
    differences: tuple[Difference, ...] = ()
    folded: int = 0  # descendants reported with this entry (a missing device's sensors)
    severity: Severity = Severity.NONE
    below: tuple[Below, ...] = ()  # the folded descendants themselves
    name: str | None = None  # the platform's name of an entity the manifest does not declare
    serial: str | None = None  # and its SERIAL_NO, the refId another tool gave it
    # What the next apply would destroy with it (a removal or replacement), as far as counted.
    observations: int = 0
    observations_unknown: bool = False
    # `plan` and `apply` refuse the manifest over it (its reason says why): found, as drift is,
    # whatever its status (an in-sync logger on a port the THREAD lacks is NOT_CHECKED and refused).
    refused: bool = False
    # Another stack's entity (its refId names that stack): listed, and left to that stack's drift.
    owner: str | None = None
    # The project it is in (1.7): one site key may name a connection in each project of a manifest.
    project_id: str | None = None
    # Of an orphan holding history: the missing entity it looks renamed to without `moved` (1.9), as
    # the plan hints it (plan/renames.py); its reason says how to keep the history.
    looks_renamed_to: Address | None = None
    # Of a creation `plan` refuses for a refId live devices or sensors carry (A1++): their live ids
    # (1.11). Another shard, reading the connection of one, cannot tell whether this entity is live
    # and calls it a copy: `merge` drops that DUPLICATE, as one run lists none (plan/merge.py).
    carried_by: tuple[str, ...] = ()
    # Of a gateway that could not be read (asleep, unreachable, rate limited, another THREAD at its
    # address): the settings its `edge:` block declares, none of them checked (1.12).
    unread: tuple[Address, ...] = ()

    @property
    def found(self) -> bool:
        """What a nightly run must act on: drift, or a refusal of its manifest's plan."""
        return (self.status.is_drift and not self.owned_elsewhere) or self.refused

    @property
    def gateway_unread(self) -> bool:
        """A gateway drift was asked to check and could not read (asleep, unreachable, rate limited,
        another THREAD at its address): what it declares went unchecked. A gateway read has no entry
        of its own (`{node}/edge`), only its settings' (plan/edge.py `edge_changes`)."""
        return self.kind is Kind.EDGE and self.address.rpartition("/")[2] == "edge"

    @property
    def owned_elsewhere(self) -> bool:
        """Another stack's entity under a connection both use: listed at severity info, and left to
        that stack's own drift (plan/drift_entries.py `_other_stack`)."""
        return self.owner is not None

    @property
    def destroys_data(self) -> bool:
        """The next apply destroys history with it: a count above zero, or one not read (an entry
        carries a count only where the next apply removes or replaces what holds it). A PENDING one
        is neither: its count unknown is one never read (a THREAD entity not listed yet), none destroyed."""
        if self.status is Status.PENDING:
            return False
        return self.observations > 0 or self.observations_unknown

    @property
    def rank(self) -> tuple[int, int, str]:
        return (self.severity.rank, STATUS_ORDER.index(self.status), self.address)


@dataclass(frozen=True)
class Coordinates:
    lat: float
    lon: float


@dataclass(frozen=True)
class Site:
    """One connection of one manifest, with its entries most severe first."""

    manifest: str
    key: str
    entries: tuple[Entry, ...]
    location: Coordinates | None = None

    @property
    def severity(self) -> Severity:
        return min((entry.severity for entry in self.entries), key=lambda s: s.rank, default=Severity.NONE)

    @property
    def status(self) -> Status:
        """The status of its most severe entry: what a map colours it by."""
        return self.entries[0].status if self.entries else Status.IN_SYNC

    @property
    def needs_attention(self) -> bool:
        """Anything beyond in sync and settings nobody can read back."""
        return self.severity.rank < Severity.INFO.rank

    @property
    def drifted(self) -> bool:
        return any(entry.found for entry in self.entries)

    @property
    def destroys_data(self) -> bool:
        return any(entry.destroys_data for entry in self.entries)

    @property
    def rank(self) -> tuple[bool, int, int, int, str, str]:
        """Sites whose next apply destroys history first, the most observations first (an orphaned
        connection is one finding, however much it holds: counting findings first would list it
        after every site with two, and a comment cut short would leave it out), then by severity and
        number of findings."""
        held = sum(entry.observations for entry in self.entries)
        findings = sum(entry.severity.rank < Severity.INFO.rank for entry in self.entries)
        return (not self.destroys_data, self.severity.rank, -held, -findings, self.manifest, self.key)


@dataclass
class Report:
    target: str
    entries: list[Entry] = field(default_factory=list)
    format_version: str = DRIFT_FORMAT_VERSION
    # A connection's declared location, by (manifest, site): what puts the site on a map.
    locations: dict[tuple[str, str], Coordinates] = field(default_factory=dict)
    made_by: str = ""  # the iotplan version: shards merge only from one version
    target_identity: str = ""
    manifests: dict[str, str] = field(default_factory=dict)  # each manifest's path → its digest
    shard: Coverage | None = None  # made with --shard, or merged from shards: which it covers
    # When its read of the platform began (UTC), as a plan's (plan/model.py). None: not recorded.
    read_at: datetime | None = None
    # Merged from shards read more than a few minutes apart (plan/merge.py `READS_APART`): when the
    # latest's read began, for its views to say the report joins two times' views. Not saved in JSON.
    read_until: datetime | None = None
    # Each manifest's plan's catalog notes (format 1.8), by its path: names kept as live entities hold them.
    catalog_notes: dict[str, tuple[CatalogNote, ...]] = field(default_factory=dict)

    @property
    def counts(self) -> Counter[Status]:
        return Counter(entry.status for entry in self.entries)

    @property
    def drifted(self) -> bool:
        return any(entry.found for entry in self.entries)

    @property
    def unread_gateways(self) -> int:
        return sum(entry.gateway_unread for entry in self.entries)

    @property
    def unread_settings(self) -> int:
        return sum(len(entry.unread) for entry in self.entries)

    @property
    def incomplete(self) -> bool:
        """Part of what it was asked to check was not read: never "No drift" (when iotplan cannot be
        sure, it says so), and an exit of its own (cli/drift_command.py `drift_exit`)."""
        return self.unread_gateways > 0

    def unread_phrase(self) -> str:
        """`1 gateway not read (7 settings unchecked)`."""
        settings = self.unread_settings
        unchecked = f" ({counted(settings, 'setting')} unchecked)" if settings else ""
        return f"{counted(self.unread_gateways, 'gateway')} not read{unchecked}"

    def sites(self) -> dict[tuple[str, str], list[Entry]]:
        grouped: dict[tuple[str, str], list[Entry]] = {}
        for entry in self.entries:
            grouped.setdefault((entry.manifest, entry.site), []).append(entry)
        return grouped

    def ranked_sites(self) -> list[Site]:
        """Every site, the most severe first; within a site, the most severe entry first."""
        sites = [
            Site(
                manifest,
                key,
                tuple(sorted(entries, key=lambda e: e.rank)),
                self.locations.get((manifest, key)),
            )
            for (manifest, key), entries in self.sites().items()
        ]
        return sorted(sites, key=lambda site: site.rank)

    def summary_line(self) -> str:
        counts = self.counts
        parts = [
            self._counted(status, counts[status])
            for status in STATUS_ORDER
            if counts[status] or status not in RARE  # named only when found
        ]
        verdict = "Drift detected" if self.drifted else "Incomplete" if self.incomplete else "No drift"
        if self.shard is not None and not self.shard.complete:  # the other shards are not in it
            verdict += f" in {self.shard.label()}"
        if self.incomplete:  # what was not read, in the line scripts and people read first
            verdict += f"{'' if self.drifted else ': no drift in what was read'}; {self.unread_phrase()}"
        return f"{verdict}: " + ", ".join(parts) + "."

    def _counted(self, status: Status, count: int) -> str:
        """`2 missing (10 more below them)`: an entry is an entity with what is folded into it, so a
        missing connection counts one, as the plan's line counts a removal, and what it carries is
        said beside it (the modified beside it count sensors)."""
        text = f"{count:,} {status.value.lower().replace('_', ' ')}"
        notes = []
        if status is Status.UNMANAGED:
            elsewhere = sum(entry.owned_elsewhere for entry in self.entries)
            notes += [f"{elsewhere:,} of other stacks"] if elsewhere else []
        folded = self.folded[status]
        notes += [f"{folded:,} more below {'it' if count == 1 else 'them'}"] if folded else []
        return text + f" ({'; '.join(notes)})" if notes else text

    @property
    def folded(self) -> Counter[Status]:
        """The descendants folded into the entries of each status."""
        folded: Counter[Status] = Counter()
        for entry in self.entries:
            folded[entry.status] += entry.folded
        return folded
