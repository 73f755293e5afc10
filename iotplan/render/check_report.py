"""What `iotplan check-platform` found, as plain data, and its two views: a table for people and
JSON for tools.

One line per assumption: its name as docs/api-assumptions.md gives it, what the probe saw, and
what iotplan will do on this platform. A line `blocks_writes` when a write depends on it, or when
iotplan could write what it then cannot read back (A5+): such a line that does not hold (or could
not be tried, or was not checked because the platform answered an error that may pass) makes the
check fail. The other lines are reads iotplan handles either way, by coping
or by stopping before any write; they say which.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from iotplan.render.text import painter
from iotplan.wording import counted, live_quoted, live_text

# 1.1: earlier_scratch; 1.2: the list-order check; 1.3: each check's `result`, the table's word
# (additions: readers of 1.0 read them)
FORMAT_VERSION = "1.3"
WIDTH = 110
RESULT_WIDTH = 9  # "untested" and a space
NAME_WIDTH = 40


class Verdict(StrEnum):
    HOLDS = "holds"
    FAILS = "fails"  # the platform does otherwise
    UNTESTED = (
        "untested"  # the probe could not try it (an earlier step failed, an error that may pass, Ctrl-C)
    )


@dataclass(frozen=True)
class CheckLine:
    key: str  # stable: JSON and tests name a line by it
    assumption: str  # as docs/api-assumptions.md names it: A1, A4, all-or-nothing...
    title: str
    blocks_writes: bool
    verdict: Verdict
    saw: str
    iotplan: str  # what iotplan will do on this platform
    # Untested because the platform answered an error that may pass (5xx, 429, no answer): the
    # probe observed nothing, and another run may.
    transient: bool = False

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.HOLDS or not self.blocks_writes


@dataclass(frozen=True)
class Assumption:
    key: str
    name: str  # as docs/api-assumptions.md names it
    title: str
    blocks_writes: bool = True

    def holds(self, saw: str, iotplan: str) -> CheckLine:
        return CheckLine(self.key, self.name, self.title, self.blocks_writes, Verdict.HOLDS, saw, iotplan)

    def fails(self, saw: str, iotplan: str) -> CheckLine:
        return CheckLine(self.key, self.name, self.title, self.blocks_writes, Verdict.FAILS, saw, iotplan)

    def untested(self, why: str, *, transient: bool = False) -> CheckLine:
        then = "cannot be sure it holds: treat it as failing" if self.blocks_writes else "see the other lines"
        return CheckLine(
            self.key, self.name, self.title, self.blocks_writes, Verdict.UNTESTED, why, then, transient
        )

    def not_checked(self, answered: str) -> CheckLine:
        """The probe's request failed in a way that may pass (`answered`: "the platform answered
        500: ..."): nothing was observed, so the line neither holds nor fails."""
        return self.untested(f"not checked ({answered}; run check-platform again)", transient=True)


CONNECTION_REF_ID = Assumption(
    "connection-ref-id", "A4", "a new connection keeps integration.refId as SERIAL_NO"
)
CONNECTION_PROPS = Assumption(
    "connection-props", "A4", "a new connection takes NAME, NOTES from integration.props"
)
REF_ID = Assumption("ref-id", "A1", "a new device or sensor keeps its refId as SERIAL_NO")
RENAME = Assumption("rename", "A1+", "an update with a new props.SERIAL_NO renames (the refId follows)")
MERGE = Assumption("merge", "A2", "an update keeps the props it does not send")
NULL_CLEARS = Assumption("null-clears", "A2", "a prop sent as null is cleared")
METRICS_UPDATE = Assumption("metrics-update", "A8", "an update may add a metric to a generic sensor")
DEVICE_REMOVAL = Assumption("device-removal", "A3", "removing a device removes its sensors")
ALL_OR_NOTHING = Assumption(
    "all-or-nothing", "all-or-nothing", "an integrate call that fails changes nothing"
)
CONNECTION_REMOVAL = Assumption(
    "connection-removal", "A4", "removing a connection removes everything under it"
)
COUNTS = Assumption("observation-counts", "counts", "sensors carry OBSERVATION_COUNT in REST reads", False)
# Blocking although a read: a new THREAD site's first apply finds nothing listed and writes, and
# every read of the site after it (its verifying read included) stops at the parentless items.
LIST_PARENTS = Assumption(
    "list-parents", "A5+", "listed devices carry props.NODE_ID, listed sensors their device"
)
PAGING = Assumption("paging", "A5", "a list page holds up to pageSize=1000, pageNumber from 0", False)
LIST_ORDER = Assumption("list-order", "A5", "a list answers in one order from one request to the next", False)
PROJECT_IDS = Assumption(
    "project-ids", "projectIds", "a connection reads by id with projectIds and without", False
)
UNKNOWN_PROJECT = Assumption(
    "unknown-project", "unknown project", "GET /api/projects/{id} is 404 for an unknown id", False
)
# What no scratch connection can try: said with every result, so "all hold" is not read as more.
NOT_PROBED = (
    " Not probed: THREAD sites' JSON-RPC writes (A13-A17), which need a THREAD; each apply's verifying "
    "read checks what they made. Nor that a create of a refId that exists is answered 409 (A1+++: "
    "another code only changes apply's report), nor that a device's SIZE follows its sensors (A3: one "
    "left above them refuses plans creating a sensor under that device). Nor a page cap below the few "
    "sensors the A5 line lists (iotplan reads on to an empty page), nor what an upload changes "
    "(nothing is uploaded: a count that lags behind its upload or its connection's, a LAST_OBSERVATION "
    "REST may not show), nor whether another project than the one checked reads without projectIds "
    "(iotplan sends it on every read)."
)
ASSUMPTIONS = (  # in the order the report lists them: writes first
    CONNECTION_REF_ID,
    CONNECTION_PROPS,
    REF_ID,
    RENAME,
    MERGE,
    NULL_CLEARS,
    METRICS_UPDATE,
    DEVICE_REMOVAL,
    ALL_OR_NOTHING,
    CONNECTION_REMOVAL,
    LIST_PARENTS,
    COUNTS,
    PAGING,
    LIST_ORDER,
    PROJECT_IDS,
    UNKNOWN_PROJECT,
)


@dataclass(frozen=True)
class ScratchOutcome:
    """The connection the probe created and removed (or could not)."""

    ref_id: str
    name: str
    node_id: str | None  # None: it was never created
    removed: bool
    message: str  # one sentence for the user, naming the id when it is left behind


@dataclass(frozen=True)
class EarlierScratch:
    """A scratch connection listed before this run created its own: an earlier run's (killed before it
    removed it, or unable to), or a check running at the same time."""

    node_id: str
    ref_id: str | None
    name: str | None


@dataclass(frozen=True)
class CheckReport:
    project_id: str
    target: str
    lines: list[CheckLine]
    scratch: ScratchOutcome
    stopped: str = ""  # why the probes stopped before the end, if they did
    interrupted: bool = False
    earlier: tuple[EarlierScratch, ...] = ()

    def earlier_message(self) -> str:
        if not self.earlier:
            return ""
        each = "; ".join(map(_named, self.earlier))
        calls = " ".join(
            json.dumps({"integration": {"nodeId": found.node_id, "changeState": "remove"}})
            for found in self.earlier
        )
        return (
            f"{counted(len(self.earlier), 'scratch connection')} listed before this run's: {each}. "
            "Left by an earlier check-platform (killed, or unable to remove it), or made by one running "
            "now: check-platform does not remove them, as nothing tells the two apart. Their devices and "
            "sensors are in the lists the A5+, counts and A5 lines read. Once no check is running, remove "
            f"them in the iTwin IoT web app or with the integrate call {calls}."
        )

    @property
    def ok(self) -> bool:
        """Every assumption a write depends on holds, and nothing was left behind."""
        return all(line.ok for line in self.lines) and self.scratch.removed and not self.interrupted

    def summary(self) -> str:
        blocking = [line for line in self.lines if line.blocks_writes]
        broken = [line for line in blocking if line.verdict is not Verdict.HOLDS]
        differs = [line for line in self.lines if not line.blocks_writes and line.verdict is Verdict.FAILS]
        if broken:
            head = (
                f"{len(broken)} of the {len(blocking)} assumptions writes depend on "
                f"{'fails or was' if len(broken) == 1 else 'fail or were'} not tried: read those lines "
                "before applying to this project."
            )
        else:
            head = f"All {len(blocking)} assumptions writes depend on hold."
        if any(line.transient for line in self.lines):
            head += (
                " Some lines were not checked: the platform answered an error that may pass (5xx, 429, "
                "no answer); run check-platform again."
            )
        if differs:
            head += (
                f" {counted(len(differs), 'read-side difference')}: each line above says what iotplan "
                "does then (copes, or stops before any write)."
            )
        return head + NOT_PROBED


def _named(found: EarlierScratch) -> str:
    ref_id = live_text(found.ref_id or "none")
    return f"{live_text(found.node_id)} (refId {ref_id}, name {live_quoted(found.name)})"


def check_report_dict(report: CheckReport) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "project": report.project_id,
        "target": report.target,
        "ok": report.ok,
        "interrupted": report.interrupted,
        "stopped": report.stopped or None,
        "checks": [_check_dict(line) for line in report.lines],
        "scratch": asdict(report.scratch),
        "earlier_scratch": [asdict(found) for found in report.earlier],
        "summary": report.summary(),
    }


def _check_dict(line: CheckLine) -> dict[str, Any]:
    """One line as JSON: `verdict` what the probe found, `ok` whether the check passes with it (a
    read-side difference iotplan copes with or stops at does not fail it), `result` the table's word
    for the two together (`differs` for such a difference, `fails` for one writes depend on)."""
    verdict = str(line.verdict)
    return {**asdict(line), "verdict": verdict, "ok": line.ok, "result": _result_word(line).lower()}


def render_check_json(report: CheckReport) -> str:
    return json.dumps(check_report_dict(report), indent=2) + "\n"


def render_check_text(report: CheckReport, *, color: bool) -> str:
    """The table (result, assumption, what was seen → what iotplan will do), then the scratch
    connection's fate and one summary line."""
    paint = painter(color)
    header = f"{'RESULT':<{RESULT_WIDTH}}{'ASSUMPTION':<{NAME_WIDTH}}SAW → WHAT IOTPLAN WILL DO"
    lines = [paint(header, "bold")]
    for line in report.lines:
        lines += _row(line, paint)
    lines.append("")
    if report.stopped:
        lines.append(paint(report.stopped, "red"))
    lines.append(report.scratch.message if report.scratch.removed else paint(report.scratch.message, "red"))
    if report.earlier:
        lines.append(paint(report.earlier_message(), "yellow"))
    lines.append(paint(report.summary(), "bold" if report.ok else "red"))
    return "\n".join(lines) + "\n"


def _row(line: CheckLine, paint: Any) -> list[str]:
    result = _result_word(line)
    name = textwrap.wrap(f"{line.assumption}: {line.title}", NAME_WIDTH - 2)
    detail_width = WIDTH - RESULT_WIDTH - NAME_WIDTH
    detail = textwrap.wrap(line.saw, detail_width) + textwrap.wrap(
        f"→ {line.iotplan}", detail_width, subsequent_indent="  "
    )
    rows = []
    for index in range(max(len(name), len(detail))):
        left = result if index == 0 else ""
        middle = name[index] if index < len(name) else ""
        right = detail[index] if index < len(detail) else ""
        cell = f"{left:<{RESULT_WIDTH}}"
        if index == 0:
            cell = paint(cell, _colour(line))
        rows.append(f"{cell}{middle:<{NAME_WIDTH}}{right}".rstrip())
    return rows


def _result_word(line: CheckLine) -> str:
    if line.verdict is Verdict.HOLDS:
        return "ok"
    if not line.blocks_writes:
        return "differs" if line.verdict is Verdict.FAILS else "untested"
    return "FAILS" if line.verdict is Verdict.FAILS else "UNTESTED"


def _colour(line: CheckLine) -> str:
    if line.verdict is Verdict.HOLDS:
        return "green"
    return "yellow" if not line.blocks_writes else "red"
