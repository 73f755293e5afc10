"""A drift report as text, Markdown and JUnit XML. (JSON lives in drift_json.py, HTML in drift_html.py.)

Every view shows the same sites in the same order, the most severe first, with the sites that
need nobody folded into one line; only the dress differs. Secrets were masked when the report
was made (plan/drift.py), so no view can leak one.
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable
from datetime import UTC, datetime
from xml.etree import ElementTree

from iotplan.plan.drift import STATUS_ORDER, Entry, Report, Site, Status
from iotplan.plan.model import THREAD_PREFIX, Kind
from iotplan.plan.props import shown_serial
from iotplan.render.drift_json import drift_to_dict, render_drift_json
from iotplan.render.lines import encoding_note, shown_text, shown_value
from iotplan.render.markdown import (
    COMMENT_LIMIT,
    code_span,
    comment_size,
    markdown_text,
    read_phrase,
    table_code,
)
from iotplan.render.text import painter
from iotplan.secrets import mask_known
from iotplan.wording import LIVE_TEXT_SHOWN, counted, observations

# What drift's comment names within GitHub's limit, leaving room for its summary line.
COMMENT_BUDGET = COMMENT_LIMIT - 5_536

__all__ = [
    "difference_lines",
    "drift_to_dict",
    "entity_label",
    "entry_detail",
    "render_drift_json",
    "render_drift_junit",
    "render_drift_markdown",
    "render_drift_text",
]

STATUS_COLOURS = {
    Status.IN_SYNC: "green",
    Status.MODIFIED: "yellow",
    Status.MISSING: "red",
    Status.ORPHANED: "red",
    Status.UNMANAGED: "magenta",
    Status.DUPLICATE: "red",
    Status.PENDING: "cyan",
    Status.UNREACHABLE: "cyan",
    Status.NOT_CHECKED: "dim",
}
BELOW_NAMED = 10  # text and Markdown name this many folded entities; JSON and HTML name them all


def entity_label(entry: Entry) -> str:
    """How a person finds the entity: its address, the one the plan and the JSON give it, so one
    view's address finds it in another; for one that has no key in the manifest
    (`site-12/logger/#D34282`), followed by its name and serial number. A THREAD's entity has its
    name only (a THREAD sensor's SERIAL_NO is its logger's)."""
    address = shown_text(entry.address)
    own = entry.address.rpartition("/")[2]
    if not own.startswith("#") or entry.status not in (Status.UNMANAGED, Status.DUPLICATE):
        return address
    name = shown_name(entry.name) if entry.name else "(no name)"
    if (entry.live_id or "").startswith(THREAD_PREFIX):
        return f"{address} {name}"
    serial = f"serial {shown_text(str(shown_serial(entry.serial)))}" if entry.serial else "no serial"
    return f"{address} {name} ({serial})"


def entry_reason(entry: Entry) -> str:
    """Its reason as every view shows it: a platform's answer quoted in it is anyone's text, and
    may echo a secret of this run's."""
    return shown_text(mask_known(entry.reason))


def difference_lines(entry: Entry) -> list[str]:
    """Each difference: the manifest's value, then the live one (read as views read live text)."""
    return [
        f"{d.path}: expected {shown_value(d.path, d.expected)}, "
        f"actual {shown_value(d.path, d.actual)}{encoding_note(d.expected, d.actual)}"
        for d in entry.differences
    ]


def unread_lines(entry: Entry) -> list[str]:
    """The settings of a gateway not read, each named: not one of them was checked."""
    if not entry.unread:
        return []
    names = ", ".join(shown_text(address[len(entry.address) :].lstrip("/")) for address in entry.unread)
    return [f"not read, so not checked: {counted(len(entry.unread), 'setting')} ({names})"]


def entry_detail(entry: Entry, *, limit: int | None = None) -> list[str]:
    """The lines under an entry's heading: its differences, the settings not read, then what it
    carries (`limit` of them named)."""
    lines = difference_lines(entry) + unread_lines(entry)
    if entry.folded:
        lines.append(f"and {counted(entry.folded, 'entity')} below it:")
        named = entry.below if limit is None else entry.below[:limit]
        lines += [f"  {below_label(entry, each.address, each.name)}" for each in named]
        if len(named) < entry.folded:
            lines.append(
                f"  and {entry.folded - len(named):,} more (the JSON and HTML reports name them all)"
            )
    return lines


def below_label(entry: Entry, address: str, name: str | None) -> str:
    relative = shown_text(address[len(entry.address) :].lstrip("/#") or address)
    return f"{relative} {shown_name(name)}" if name else relative


def shown_name(name: str) -> str:
    """A name as drift shows it beside an address: a live one holding a credential is "(sensitive)",
    one longer than LIVE_TEXT_SHOWN cut as `live_quoted` cuts other live text: a hand-made sensor's
    name of 5,000 characters would make a line of 5,148, where the plan names it by its `#id`."""
    shown = shown_value("name", name)  # masked before it is cut: a secret cut is not known
    return shown if len(shown) <= LIVE_TEXT_SHOWN else f"{shown[: LIVE_TEXT_SHOWN - 5]}...{shown[-1]}"


def site_counts(entries: tuple[Entry, ...] | list[Entry]) -> list[tuple[Status, int]]:
    present = {entry.status for entry in entries}
    return [
        (status, sum(e.status is status for e in entries)) for status in STATUS_ORDER if status in present
    ]


def quiet_line(quiet: list[Site], hint: str) -> str:
    """The one line that stands for every site nobody needs to look at."""
    unread = sum(any(e.status is Status.NOT_CHECKED for e in site.entries) for site in quiet)
    text = f"{counted(len(quiet), 'site is')} in sync"
    if unread:
        text += f", {unread:,} apart from settings iotplan cannot verify"
    return f"{text}{f' ({hint})' if hint else ''}."


# --- the next step --------------------------------------------------------------------------
# Said of a report's modified and missing entities: `plan` shows what the next apply writes back.
_ON_PURPOSE = "a change made on purpose in the web app belongs in the manifest"
NAMED_IN_A_STEP = 3  # the manifests or gateways a next step names; more are counted


def next_step(report: Report, code: Callable[[str], str], plan_flags: tuple[str, ...] = ()) -> str | None:
    """The one step that ends the text and Markdown reports, fitting what was found where no entry's
    reason gives one (an orphan's says the next apply removes it, a refusal why `plan` refuses):
    modified and missing entities, gateways not read, another box at a gateway's address. None where
    none of those was found. `code` dresses a command or name as its view does; `plan_flags` are the
    template inputs and target options drift was given, for `plan` to read the same sites on the same
    platform (none known to `show` and `merge`, which read a saved report)."""
    steps = [
        _writing_back(report, code, plan_flags),
        _not_written_back(report),
        _another_box(report, code),
        _not_read(report),
    ]
    said = [step for step in steps if step]
    return f"Next: {'; '.join(said)}." if said else None


def _writing_back(report: Report, code: Callable[[str], str], plan_flags: tuple[str, ...]) -> str:
    """`plan` on the manifests holding modified or missing entities, which the next apply writes back."""
    found = [e for e in report.entries if _written_back(e)]
    if not found:
        return ""
    counts = ", ".join(_status_count(found, status) for status in _WRITTEN_BACK if _has(found, status))
    manifests = sorted({entry.manifest for entry in found})
    if len(manifests) == 1:
        command = code(shlex.join(["iotplan", "plan", manifests[0], *plan_flags]))
    else:
        command = f"{code(shlex.join(['iotplan', 'plan', *plan_flags]))} on each of {_named(manifests, code)}"
    refused = {e.manifest for e in report.entries if e.refused} & set(manifests)
    once = ", once `plan` no longer refuses it (see the refused entries)" if refused else ""
    return f"{command} shows what the next apply writes back ({counts}){once}; {_ON_PURPOSE}"


_WRITTEN_BACK = (Status.MODIFIED, Status.MISSING)


def _written_back(entry: Entry) -> bool:
    return (
        entry.status in _WRITTEN_BACK
        and not _another_box_answers(entry)
        and not entry.owned_elsewhere
        and not _never_written_back(entry)
    )


def _never_written_back(entry: Entry) -> bool:
    """Modified where the next apply writes nothing: a THREAD entity's SERIAL_NO cleared or edited
    (no difference of a field apply writes: iotplan writes no SERIAL_NO back), or a type, which no
    update changes (`plan` refuses it). Its reason names its own step (the web app, another key)."""
    if entry.status is not Status.MODIFIED or _another_box_answers(entry) or entry.owned_elsewhere:
        return False
    return not entry.differences or any(d.path == "type" for d in entry.differences)


def _not_written_back(report: Report) -> str:
    found = sum(_never_written_back(entry) for entry in report.entries)
    if not found:
        return ""
    return f"{found:,} modified the next apply does not write back: take each one's own step (its reason)"


def _another_box(report: Report, code: Callable[[str], str]) -> str:
    """A gateway's address answered by another box (its serial not the manifest's): nothing of it
    was read or written, and the next apply refuses it until the manifest's address (or the network's
    lease) is this gateway's again."""
    sites = sorted({entry.site for entry in report.entries if _another_box_answers(entry)})
    if not sites:
        return ""
    whose = (
        f"{_named(sites, code)}'s address" if len(sites) == 1 else f"the addresses of {_named(sites, code)}"
    )
    return (
        f"another box answers at {whose}: correct the address in the manifest or on the network "
        "before the next apply"
    )


def _another_box_answers(entry: Entry) -> bool:
    """The gateway itself (`site/edge`, not one of its settings) reported modified: an identity
    mismatch, the one way a gateway's own entry differs from git (plan/edge.py `_gateway_change`)."""
    return entry.kind is Kind.EDGE and entry.address.depth == 1 and entry.status is Status.MODIFIED


def _not_read(report: Report) -> str:
    """Gateways not read (unreachable, asleep): nothing of theirs was checked until drift runs again."""
    found = [
        e for e in report.entries if e.gateway_unread and e.status in (Status.UNREACHABLE, Status.PENDING)
    ]
    if not found:
        return ""
    counts = [_status_count(found, Status.UNREACHABLE)] if _has(found, Status.UNREACHABLE) else []
    counts += (
        [f"{sum(e.status is Status.PENDING for e in found):,} asleep"] if _has(found, Status.PENDING) else []
    )
    return f"run drift again once the gateways not read answer ({', '.join(counts)})"


def _status_count(entries: list[Entry], status: Status) -> str:
    """`2 modified`: a status counted as the summary line counts it."""
    return f"{sum(e.status is status for e in entries):,} {status.value.lower()}"


def _has(entries: list[Entry], status: Status) -> bool:
    return any(entry.status is status for entry in entries)


def _named(names: list[str], code: Callable[[str], str]) -> str:
    shown = ", ".join(code(name) for name in names[:NAMED_IN_A_STEP])
    more = len(names) - NAMED_IN_A_STEP
    return f"{shown} and {more:,} more" if more > 0 else shown


def _text_code(text: str) -> str:
    return f"`{shown_text(text)}`"


# --- text ----------------------------------------------------------------------------------
def render_drift_text(
    report: Report, *, color: bool, show_in_sync: bool = False, plan_flags: tuple[str, ...] = ()
) -> str:
    """The sites to look at, their findings, the summary line, then the next step (`next_step`)."""
    step = next_step(report, _text_code, plan_flags)
    return _text_findings(report, color=color, show_in_sync=show_in_sync) + (f"{step}\n" if step else "")


def _text_findings(report: Report, *, color: bool, show_in_sync: bool = False) -> str:
    paint = painter(color)
    lines: list[str] = []
    sites = report.ranked_sites()
    for site in sites:
        if not (show_in_sync or site.needs_attention):
            continue
        counts = ", ".join(f"{n:,} {s.value}" for s, n in site_counts(site.entries))
        lines.append(paint(f"# {site.key} ({site.manifest}): {site.severity}, {counts}", "bold"))
        for entry in site.entries:
            if show_in_sync or entry.status is not Status.IN_SYNC:
                status = paint(f"{entry.status.value:<11}", STATUS_COLOURS[entry.status])
                lines.append(f"  {status} {entry.kind} {entity_label(entry)}: {entry_reason(entry)}")
                lines += [f"      {line}" for line in entry_detail(entry, limit=BELOW_NAMED)]
        lines.append("")
    if not show_in_sync:
        quiet = [site for site in sites if not site.needs_attention]
        if quiet:
            lines += [quiet_line(quiet, "--show-in-sync lists them"), ""]
    lines.append(paint(report.summary_line(), "bold"))
    return "\n".join(lines) + "\n"


# --- Markdown ------------------------------------------------------------------------------
def render_drift_markdown(report: Report, *, plan_flags: tuple[str, ...] = ()) -> str:
    """`_markdown_findings`, ending in the next step (`next_step`): a line of a few hundred characters,
    within the room COMMENT_BUDGET leaves under GitHub's limit."""
    step = next_step(report, code_span, plan_flags)
    return _markdown_findings(report) + (f"**{step.replace('Next:', 'Next:**', 1)}\n" if step else "")


def _markdown_findings(report: Report) -> str:
    """A pull-request comment or CI job summary that always fits one comment (GitHub refuses longer
    ones). The budget goes first to the table of sites to look at (at most half of it), then to
    their findings, then to the names of the sites in sync; what does not fit is counted, not lost."""
    sites = report.ranked_sites()
    attention = [site for site in sites if site.needs_attention]
    quiet = [site for site in sites if not site.needs_attention]
    heading = [f"### iotplan drift: {report.summary_line()}{_destroyed(report)}", ""]
    # A job summary read later: which platform, and when it was read.
    heading += [
        f"**Target** {code_span(report.target)} · {read_phrase(report.read_at, report.read_until)}",
        "",
    ]
    budget = _Budget(COMMENT_BUDGET - comment_size(heading))
    table = _attention_table(attention, _Budget(budget.left // 2))  # half left for the findings
    budget.left -= comment_size(table)
    findings = _findings(attention, budget)
    names = _quiet_names(quiet, budget)
    return "\n".join(heading + table + names + findings) + "\n"


def _destroyed(report: Report) -> str:
    """What the next apply destroys, counted in the heading, which a comment never cuts: "1
    orphaned" alone does not say that an orphan holds a hundred thousand observations. Under a
    manifest `plan` refuses, no apply is made until that is dealt with, as its entries say."""
    destroying = [entry for entry in report.entries if entry.destroys_data]
    if not destroying:
        return ""
    refused = {entry.manifest for entry in report.entries if entry.refused}
    now = [entry for entry in destroying if entry.manifest not in refused]
    later = [entry for entry in destroying if entry.manifest in refused]
    said = [f"The next apply destroys {_held_at(now)}"] if now else []
    once = (
        f"{'an' if now else 'An'} apply, once `plan` is no longer refused (see the refused entries), destroys"
    )
    said += [f"{once} {_held_at(later)}"] if later else []
    return f" {'; '.join(said)}, listed first."


def _held_at(destroying: list[Entry]) -> str:
    held = observations(
        sum(e.observations for e in destroying), any(e.observations_unknown for e in destroying)
    )
    sites = len({(entry.manifest, entry.site) for entry in destroying})
    return f"**{held}** at {counted(sites, 'site')}"


class _Budget:
    """The characters left of one comment."""

    def __init__(self, left: int) -> None:
        self.left = left

    def take(self, lines: list[str]) -> bool:
        """Spend on `lines` if they fit; False (and nothing spent) if not."""
        size = comment_size(lines)
        if size > self.left:
            return False
        self.left -= size
        return True


def _attention_table(attention: list[Site], budget: _Budget) -> list[str]:
    if not attention:
        return []
    lines = ["| site | manifest | severity | " + " | ".join(s.value for s in STATUS_ORDER) + " |"]
    lines += ["| --- | --- | --- |" + " ---: |" * len(STATUS_ORDER)]
    budget.take(lines)
    for index, site in enumerate(attention):
        counts = [f"{sum(e.status is status for e in site.entries):,}" for status in STATUS_ORDER]
        row = (
            f"| {table_code(site.key)} | {table_code(site.manifest)} | {site.severity} | "
            + " | ".join(counts)
            + " |"
        )
        if not budget.take([row]):
            return [
                *lines,
                "",
                _not_shown(len(attention) - index, "more site to look at is", "more sites to look at are"),
                "",
            ]
        lines.append(row)
    return [*lines, ""]


def _findings(attention: list[Site], budget: _Budget) -> list[str]:
    """Each site's findings in a collapsible block, as many entries as fit."""
    lines: list[str] = []
    for index, site in enumerate(attention):
        shown = [e for e in site.entries if e.status is not Status.IN_SYNC]
        key = html.escape(site.key)  # in HTML, where Markdown is not read
        opening = [f"<details><summary><code>{key}</code>: {len(shown):,} to look at</summary>", ""]
        closing = ["", "</details>", ""]
        if not budget.take(opening + closing):
            return [
                *lines,
                _not_shown(len(attention) - index, "more site's findings are", "more sites' findings are"),
                "",
            ]
        items = _entries_within(shown, budget)
        lines += opening + items + closing
    return lines


def _entries_within(entries: list[Entry], budget: _Budget) -> list[str]:
    lines: list[str] = []
    for index, entry in enumerate(entries):
        label, reason = code_span(entity_label(entry)), markdown_text(entry_reason(entry))
        item = [f"- **{entry.status.value}** {entry.kind} {label}: {reason}"]
        item += [_markdown_item(line) for line in entry_detail(entry, limit=BELOW_NAMED)]
        if not budget.take(item):
            return [*lines, "- " + _not_shown(len(entries) - index, "more finding is", "more findings are")]
        lines += item
    return lines


def _quiet_names(quiet: list[Site], budget: _Budget) -> list[str]:
    """The sites in sync, named in a collapsible block when they fit, else counted."""
    if not quiet:
        return []
    names = ", ".join(code_span(site.key) for site in quiet)
    block = [f"<details><summary>{quiet_line(quiet, '')}</summary>", "", names, "", "</details>", ""]
    if not budget.take(block):
        return [quiet_line(quiet, "the JSON and HTML reports name them"), ""]
    return block


def _not_shown(count: int, one: str, many: str) -> str:
    return (
        f"_{count:,} {one if count == 1 else many} not shown here (comment size limit): "
        "the JSON and HTML reports (`--out html=drift.html`) hold them all._"
    )


def _markdown_item(line: str) -> str:
    """A detail line as a list item; an entity named below an entry nests one level deeper."""
    depth = "    " if line.startswith("  ") else "  "
    return f"{depth}- {markdown_text(line.strip())}"


# --- JUnit ---------------------------------------------------------------------------------
def render_drift_junit(report: Report) -> str:
    """One test suite per site, the most severe first; one test case per entry: drift and refusals
    fail, what else is unchecked is skipped."""
    suites = ElementTree.Element("testsuites", name="iotplan drift")
    for site in report.ranked_sites():
        suite = ElementTree.SubElement(suites, "testsuite", name=_xml_text(f"{site.key} ({site.manifest})"))
        _target_property(suite, report.target)
        _read_at(suite, report.read_at)
        for entry in site.entries:
            _test_case(suite, entry)
            for setting in entry.unread:
                _unread_case(suite, entry, setting)
        unread = sum(len(entry.unread) for entry in site.entries)
        suite.set("tests", str(len(site.entries) + unread))
        suite.set("failures", str(sum(entry.found for entry in site.entries)))
        suite.set("skipped", str(sum(_skipped(entry) for entry in site.entries) + unread))
    suites.set("tests", str(len(report.entries) + report.unread_settings))
    suites.set("failures", str(sum(entry.found for entry in report.entries)))
    ElementTree.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"
    )


def _read_at(suite: ElementTree.Element, read_at: datetime | None) -> None:
    """When the platform was read, as JUnit's `timestamp` (ISO 8601 without a zone, as its schema
    has it: UTC), not when a saved report was shown or merged."""
    if read_at is not None:
        suite.set("timestamp", read_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"))


def _unread_case(suite: ElementTree.Element, gateway: Entry, setting: str) -> None:
    """A setting of a gateway not read: a test case skipped, never one passed."""
    name, classname = _xml_text(setting), _xml_text(f"{gateway.site}.{gateway.kind}")
    case = ElementTree.SubElement(suite, "testcase", name=name, classname=classname)
    reason = f"not read, so not checked: {gateway.status.value}: {entry_reason(gateway)}"
    ElementTree.SubElement(case, "skipped", message=_xml_text(reason))


def _target_property(suite: ElementTree.Element, target: str) -> None:
    """Which platform a suite was checked on, as JUnit's own suite properties: a staging job's and a
    production job's results otherwise read the same in a CI's test page."""
    properties = ElementTree.SubElement(suite, "properties")
    ElementTree.SubElement(properties, "property", name="target", value=_xml_text(target))


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """XML 1.0 cannot hold most control characters, which a platform's SERIAL_NO may: shown escaped,
    as is what a CI page would act on (`shown_text`), line by line (a failure's text has lines)."""
    valid = _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
    return "\n".join(shown_text(line) for line in valid.split("\n"))


def _skipped(entry: Entry) -> bool:
    """Not checked, or another stack's to check, and nothing found: a refused entry is a failure,
    never counted as skipped too."""
    unchecked = (
        entry.status in (Status.PENDING, Status.UNREACHABLE, Status.NOT_CHECKED) or entry.owned_elsewhere
    )
    return not entry.found and unchecked


def _test_case(suite: ElementTree.Element, entry: Entry) -> None:
    name, classname = _xml_text(entry.address), _xml_text(f"{entry.site}.{entry.kind}")
    case = ElementTree.SubElement(suite, "testcase", name=name, classname=classname)
    message = _xml_text(f"{entry.status.value} ({entry.severity}): {entry_reason(entry)}")
    if entry.found:
        failure = ElementTree.SubElement(case, "failure", message=message)
        failure.set("type", entry.status.value)
        label = entity_label(entry)
        heading = [f"{label}: {entry_reason(entry)}"] if label != entry.address else [entry_reason(entry)]
        failure.text = _xml_text("\n".join([*heading, *entry_detail(entry)]))
    elif _skipped(entry):
        ElementTree.SubElement(case, "skipped", message=message)
