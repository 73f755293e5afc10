"""A drift report as text, JSON, Markdown and JUnit XML. (HTML lives in drift_html.py.)

Every view shows the same entries in the same order; only the dress differs. Secrets were masked
when the report was made (plan/drift.py), so no view can leak one.
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree

from iotplan.plan.drift import STATUS_ORDER, Entry, Report, Status
from iotplan.render.lines import shown_value
from iotplan.render.text import painter

STATUS_COLOURS = {
    Status.IN_SYNC: "green",
    Status.MODIFIED: "yellow",
    Status.MISSING: "red",
    Status.UNMANAGED: "magenta",
    Status.DUPLICATE: "red",
    Status.PENDING: "cyan",
    Status.UNREACHABLE: "cyan",
    Status.NOT_CHECKED: "dim",
}


def entry_detail(entry: Entry) -> list[str]:
    """The lines under an entry's heading: its differences, or what it stands for."""
    lines = [
        f"{d.path}: expected {shown_value(d.path, d.expected)}, actual {shown_value(d.path, d.actual)}"
        for d in entry.differences
    ]
    if entry.folded:
        lines.append(f"and {entry.folded} {'entity' if entry.folded == 1 else 'entities'} below it")
    return lines


def ordered(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda entry: (STATUS_ORDER.index(entry.status), entry.address))


# --- text ----------------------------------------------------------------------------------
def render_drift_text(report: Report, *, color: bool, show_in_sync: bool = False) -> str:
    paint = painter(color)
    lines: list[str] = []
    quiet = 0
    for (manifest, site), entries in report.sites().items():
        shown = [e for e in ordered(entries) if show_in_sync or e.status is not Status.IN_SYNC]
        if not shown:
            quiet += 1
            continue
        counts = ", ".join(f"{n} {s.value}" for s, n in _site_counts(entries))
        lines.append(paint(f"# {site} ({manifest}): {counts}", "bold"))
        for entry in shown:
            status = paint(f"{entry.status.value:<11}", STATUS_COLOURS[entry.status])
            lines.append(f"  {status} {entry.kind} {entry.address}: {entry.reason}")
            lines += [f"      {line}" for line in entry_detail(entry)]
        lines.append("")
    if quiet:
        lines += [
            f"{quiet} {'site is' if quiet == 1 else 'sites are'} fully in sync (--show-in-sync lists them).",
            "",
        ]
    lines.append(paint(report.summary_line(), "bold"))
    return "\n".join(lines) + "\n"


def _site_counts(entries: list[Entry]) -> list[tuple[Status, int]]:
    present = {entry.status for entry in entries}
    return [
        (status, sum(e.status is status for e in entries)) for status in STATUS_ORDER if status in present
    ]


# --- JSON ----------------------------------------------------------------------------------
def drift_to_dict(report: Report) -> dict[str, Any]:
    return {
        "format_version": report.format_version,
        "kind": "iotplan-drift",
        "target": report.target,
        "drifted": report.drifted,
        "summary": {status.value: report.counts[status] for status in STATUS_ORDER},
        "sites": [
            {"manifest": manifest, "site": site, "summary": {s.value: n for s, n in _site_counts(entries)}}
            for (manifest, site), entries in report.sites().items()
        ],
        "entries": [_entry_dict(entry) for entry in report.entries],
    }


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
    }


def render_drift_json(report: Report) -> str:
    return json.dumps(drift_to_dict(report), indent=2, ensure_ascii=False) + "\n"


# --- Markdown ------------------------------------------------------------------------------
def render_drift_markdown(report: Report) -> str:
    lines = [f"### iotplan drift: {report.summary_line()}", ""]
    lines += ["| site | manifest | " + " | ".join(s.value for s in STATUS_ORDER) + " |"]
    lines += ["| --- | --- |" + " ---: |" * len(STATUS_ORDER)]
    for (manifest, site), entries in report.sites().items():
        counts = [str(sum(e.status is status for e in entries)) for status in STATUS_ORDER]
        lines.append(f"| `{site}` | `{manifest}` | " + " | ".join(counts) + " |")
    lines.append("")
    for (_, site), entries in report.sites().items():
        drifted = [e for e in ordered(entries) if e.status is not Status.IN_SYNC]
        if not drifted:
            continue
        lines += [f"<details><summary><code>{site}</code>: {len(drifted)} to look at</summary>", ""]
        for entry in drifted:
            lines.append(
                f"- **{entry.status.value}** {entry.kind} `{entry.address}`: {_escape(entry.reason)}"
            )
            lines += [f"  - {_escape(line)}" for line in entry_detail(entry)]
        lines += ["", "</details>", ""]
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


# --- JUnit ---------------------------------------------------------------------------------
def render_drift_junit(report: Report) -> str:
    """One test suite per site, one test case per entry: drift fails, unchecked is skipped."""
    suites = ElementTree.Element("testsuites", name="iotplan drift")
    for (manifest, site), entries in report.sites().items():
        suite = ElementTree.SubElement(suites, "testsuite", name=_xml_text(f"{site} ({manifest})"))
        for entry in entries:
            _test_case(suite, entry)
        suite.set("tests", str(len(entries)))
        suite.set("failures", str(sum(entry.status.is_drift for entry in entries)))
        suite.set("skipped", str(sum(_skipped(entry) for entry in entries)))
    suites.set("tests", str(len(report.entries)))
    suites.set("failures", str(sum(entry.status.is_drift for entry in report.entries)))
    ElementTree.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"
    )


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """XML 1.0 cannot hold most control characters, which a platform's SERIAL_NO may: shown escaped."""
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def _skipped(entry: Entry) -> bool:
    return entry.status in (Status.PENDING, Status.UNREACHABLE, Status.NOT_CHECKED)


def _test_case(suite: ElementTree.Element, entry: Entry) -> None:
    name, classname = _xml_text(entry.address), _xml_text(f"{entry.site}.{entry.kind}")
    case = ElementTree.SubElement(suite, "testcase", name=name, classname=classname)
    message = _xml_text(f"{entry.status.value}: {entry.reason}")
    if entry.status.is_drift:
        failure = ElementTree.SubElement(case, "failure", message=message)
        failure.set("type", entry.status.value)
        failure.text = _xml_text("\n".join([entry.reason, *entry_detail(entry)]))
    elif _skipped(entry):
        ElementTree.SubElement(case, "skipped", message=message)
