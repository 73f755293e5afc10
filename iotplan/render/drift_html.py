"""A drift report as one self-contained HTML file: readable offline, for a site engineer.

The first screen answers "where do I go?": every site that needs someone, most severe first, and a
map of all the sites coloured by status, each dot a link to its site's section. The sites that need
nobody are one line. Below: a section per site to look at, then every entity in a table that a few
lines of inline script sort and filter. The page reads without JavaScript and loads nothing.
"""

from __future__ import annotations

import re
from html import escape

from iotplan.plan.drift import STATUS_ORDER, Entry, Report, Site, Status
from iotplan.render.drift import (
    below_label,
    difference_lines,
    entity_label,
    entry_reason,
    quiet_line,
    site_counts,
    unread_lines,
)
from iotplan.render.drift_map import render_sites_map
from iotplan.render.lines import shown_text
from iotplan.render.read_time import SHARDS_READ_APART, read_time
from iotplan.wording import counted

COLOURS = {
    Status.IN_SYNC: "#1a7f37",
    Status.MODIFIED: "#9a6700",
    Status.MISSING: "#cf222e",
    Status.ORPHANED: "#bc4c00",
    Status.UNMANAGED: "#8250df",
    Status.DUPLICATE: "#a40e26",
    Status.PENDING: "#0969da",
    Status.UNREACHABLE: "#0550ae",
    Status.NOT_CHECKED: "#6e7781",
}

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem 2rem;color:#1f2328}
h1{font-size:1.4rem;margin:0} h2{font-size:1.1rem;margin:1.5rem 0 .5rem} h3{font-size:1rem;margin:0 0 .4rem}
h3 code{font-size:1rem} h3 .manifest{font-weight:400;color:#59636e;font-size:.85rem}
.meta{color:#59636e;margin:.1rem 0 .6rem}
.verdict{font-size:1.05rem;font-weight:600;margin:.3rem 0}
.overview{display:grid;grid-template-columns:minmax(22rem,1fr) minmax(20rem,1.25fr);gap:1.5rem;
align-items:start}
@media (max-width:60rem){.overview{grid-template-columns:1fr}}
ol.attention{list-style:none;margin:0;padding:0}
ol.attention li{display:flex;gap:.5rem;align-items:baseline;padding:.2rem 0;border-bottom:1px solid #eaeef2}
ol.attention li a{font-weight:600} ol.attention .where{color:#59636e;font-size:.85rem}
ol.attention .finding{color:#59636e;font-size:.85rem;overflow:hidden;text-overflow:ellipsis;
white-space:nowrap;
flex:1;min-width:0}
.sev{font-size:.72rem;font-weight:700;text-transform:uppercase;width:4.6rem;flex:none}
.sev-critical{color:#a40e26}.sev-high{color:#bc4c00}.sev-medium{color:#9a6700}.sev-low{color:#0550ae}
.sev-info,.sev-none{color:#6e7781}
.quiet{color:#59636e;margin:.6rem 0} .quiet summary{cursor:pointer}
.quiet-list{columns:10rem;font-size:.85rem;margin:.4rem 0}
.quiet-list span{display:block}
svg.map{max-width:100%;height:auto;display:block}
svg.map .grid{stroke:#d8dee4;stroke-width:1} svg.map .grid-label{font-size:10px;fill:#8c959f}
svg.map .map-label{font-size:11px;font-weight:600;fill:#1f2328;paint-order:stroke;stroke:#f6f8fa;
stroke-width:3px}
svg.map a:hover circle,svg.map a:focus circle{stroke:#1f2328;stroke-width:2}
.legend{display:flex;flex-wrap:wrap;gap:.3rem .9rem;font-size:.8rem;color:#59636e;margin:.3rem 0}
.legend i{display:inline-block;width:.7rem;height:.7rem;border-radius:50%;margin-right:.25rem;
vertical-align:-1px}
section.site{border:1px solid #d1d9e0;border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}
section.site:target{outline:3px solid #0969da}
table.findings{table-layout:fixed} table.findings th{cursor:default}
table.findings th:nth-child(1){width:8.5rem} table.findings th:nth-child(2){width:4.5rem}
table.findings th:nth-child(3){width:34%} table.findings td code{white-space:normal;word-break:break-all}
table{border-collapse:collapse;width:100%} th,td{padding:.3rem .5rem;border-bottom:1px solid #d1d9e0;
text-align:left;vertical-align:top} th{background:#f6f8fa;cursor:pointer;user-select:none;white-space:nowrap}
.status{font-weight:600;font-size:.75rem;padding:.1rem .4rem;border-radius:.3rem;color:#fff;
white-space:nowrap}
.counts .status{margin-right:.25rem}
.controls{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:.5rem 0 1rem}
.controls input[type=search]{padding:.3rem .5rem;min-width:18rem}
td code{white-space:nowrap} code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
ul{margin:.2rem 0;padding-left:1.1rem} .nowhere{color:#59636e;font-size:.85rem}
"""

SCRIPT = """
document.querySelectorAll("table.sortable th").forEach((th, column) => th.addEventListener("click", () => {
  const body = th.closest("table").tBodies[0];
  const ascending = th.dataset.order !== "asc";
  th.closest("tr").querySelectorAll("th").forEach(other => delete other.dataset.order);
  th.dataset.order = ascending ? "asc" : "desc";
  const key = row => row.cells[column].dataset.sort ?? row.cells[column].textContent.trim();
  const rows = [...body.rows].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const order = isNaN(x) || isNaN(y) ? x.localeCompare(y) : Number(x) - Number(y);
    return ascending ? order : -order;
  });
  rows.forEach(row => body.appendChild(row));
}));
const filter = () => {
  const shown = new Set([...document.querySelectorAll("input.status-filter:checked")].map(box => box.value));
  const words = document.getElementById("search").value.toLowerCase();
  document.querySelectorAll("#entries tbody tr").forEach(row => {
    const visible = shown.has(row.dataset.status) && row.textContent.toLowerCase().includes(words);
    row.hidden = !visible;
  });
};
document.querySelectorAll("input.status-filter, #search")
  .forEach(input => input.addEventListener("input", filter));
filter();
const reveal = () => {  // a map dot of an in-sync site points into the folded list: unfold it
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  for (let node = target; node; node = node.parentElement) if (node.tagName === "DETAILS") node.open = true;
};
window.addEventListener("hashchange", reveal);
reveal();
"""


# Past this many, entities in sync are left out of the table of every entity: the benchmark fleet's
# 111,000 rows made a 30 MB page that a browser takes seconds to open and nobody reads.
IN_SYNC_LISTED = 2_000


def render_drift_html(report: Report) -> str:
    sites = report.ranked_sites()
    anchors = _anchors(sites)
    attention = [site for site in sites if site.needs_attention]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>iotplan drift report: {escape(report.summary_line())}</title>",
            f"<style>{STYLE}</style></head><body>",
            "<h1>iotplan drift report</h1>",
            # When the platform was read, as the Markdown says it: a saved report shown or merged a week
            # later is a week old, not made now.
            f'<div class="meta">Target {escape(report.target)} · {_read(report)}</div>',
            f'<p class="verdict">{escape(report.summary_line())}</p>',
            '<div class="overview">',
            _overview(sites, anchors),
            _map(report, sites, anchors),
            "</div>",
            *(["<h2>Findings, site by site</h2>"] if attention else []),
            *(_site_section(site, anchors[id(site)]) for site in attention),
            "<h2>Every entity</h2>",
            _controls(),
            _entries_table(report),
            f"<script>{SCRIPT}</script>",
            "</body></html>",
        ]
    )


def _read(report: Report) -> str:
    """`read 2026-12-05 07:30 UTC`, or that the read time is not recorded (an older report's); a merge of
    shards read apart names the earliest and the latest read, as the Markdown does."""
    when = read_time(report.read_at)
    if not report.read_at:
        return when
    if report.read_until is None:
        return f"read <b>{when}</b>"
    return f"read <b>{when}</b> to <b>{read_time(report.read_until)}</b> ({escape(SHARDS_READ_APART)})"


def _anchors(sites: list[Site]) -> dict[int, str]:
    """A fragment id per site: its key, made unique when two manifests share one."""
    taken: set[str] = set()
    anchors: dict[int, str] = {}
    for site in sites:
        anchor = "site-" + re.sub(r"[^A-Za-z0-9_.-]", "_", site.key)
        while anchor in taken:
            anchor += "-"
        taken.add(anchor)
        anchors[id(site)] = anchor
    return anchors


def _badge(status: Status, text: str | None = None) -> str:
    label = escape(text or status.value)
    return f'<span class="status" style="background:{COLOURS[status]}">{label}</span>'


def _overview(sites: list[Site], anchors: dict[int, str]) -> str:
    attention = [site for site in sites if site.needs_attention]
    quiet = [site for site in sites if not site.needs_attention]
    items = "".join(_attention_item(site, anchors[id(site)]) for site in attention)
    heading = (
        f"<h2>{counted(len(attention), 'site')} to look at</h2>"
        if attention
        else "<h2>Nothing to look at</h2>"
    )
    parts = [f"<div>{heading}", f'<ol class="attention">{items}</ol>' if items else ""]
    if quiet:
        names = "".join(
            f'<span id="{anchors[id(site)]}"><code>{escape(site.key)}</code></span>' for site in quiet
        )
        summary = escape(quiet_line(quiet, ""))
        parts.append(
            f'<details class="quiet" id="in-sync"><summary>{summary}</summary>'
            f'<div class="quiet-list">{names}</div></details>'
        )
    parts.append("</div>")
    return "".join(parts)


def _attention_item(site: Site, anchor: str) -> str:
    counts = "".join(
        _badge(status, f"{count:,} {status.value}")
        for status, count in site_counts(site.entries)
        if status is not Status.IN_SYNC
    )
    first = site.entries[0]
    finding = f"{first.kind} {entity_label(first)}: {entry_reason(first)}"
    return (
        f'<li><span class="sev sev-{site.severity}">{site.severity}</span>'
        f'<a href="#{anchor}"><code>{escape(site.key)}</code></a>'
        f'<span class="counts">{counts}</span><span class="finding" title="{escape(finding)}">'
        f"{escape(finding)}</span></li>"
    )


def _map(report: Report, sites: list[Site], anchors: dict[int, str]) -> str:
    svg = render_sites_map(sites, COLOURS, lambda site: anchors[id(site)])
    present = [status for status in STATUS_ORDER if report.counts[status] or status is Status.IN_SYNC]
    legend = "".join(
        f'<span><i style="background:{COLOURS[status]}"></i>{status.value}</span>' for status in present
    )
    nowhere = [site.key for site in sites if site.location is None]
    note = (
        f'<div class="nowhere">{counted(len(nowhere), "site")} without a location in the manifest: '
        f"{escape(', '.join(nowhere[:10]))}{' …' if len(nowhere) > 10 else ''}</div>"
        if nowhere
        else ""
    )
    if not svg:
        return f"<div>{note}</div>"
    caption = f'<div class="legend">Each dot is a site, coloured by its most severe finding: {legend}</div>'
    return f'<figure style="margin:0">{svg}<figcaption>{caption}{note}</figcaption></figure>'


def _site_section(site: Site, anchor: str) -> str:
    counts = "".join(
        _badge(status, f"{count:,} {status.value}") for status, count in site_counts(site.entries)
    )
    rows = "".join(_site_row(entry) for entry in site.entries if entry.status is not Status.IN_SYNC)
    return (
        f'<section class="site" id="{anchor}"><h3>'
        f'<span class="sev sev-{site.severity}">{site.severity}</span> <code>{escape(site.key)}</code> '
        f'<span class="manifest">{escape(site.manifest)}</span> <span class="counts">{counts}</span></h3>'
        f'<table class="findings"><thead><tr>{FINDING_COLUMNS}</tr></thead><tbody>{rows}</tbody></table>'
        "</section>"
    )


FINDING_COLUMNS = "<th>status</th><th>kind</th><th>entity</th><th>details</th>"


def _site_row(entry: Entry) -> str:
    return (
        f"<tr><td>{_badge(entry.status)}</td><td>{escape(entry.kind)}</td>"
        f"<td><code>{escape(entity_label(entry))}</code></td><td>{_details(entry)}</td></tr>"
    )


def _details(entry: Entry) -> str:
    """The reason, the differences, and every entity folded into this one, nested under it."""
    lines = [f"<li>{escape(line)}</li>" for line in difference_lines(entry) + unread_lines(entry)]
    if entry.below:
        named = "".join(f"<li>{escape(below_label(entry, b.address, b.name))}</li>" for b in entry.below)
        lines.append(f"<li>and {counted(entry.folded, 'entity')} below it<ul>{named}</ul></li>")
    listed = "".join(lines)
    return f"{escape(entry_reason(entry))}{f'<ul>{listed}</ul>' if listed else ''}"


def _controls() -> str:
    boxes = "".join(
        f'<label><input type="checkbox" class="status-filter" value="{status.value}"'
        f"{'' if status is Status.IN_SYNC else ' checked'}> {_badge(status)}</label>"
        for status in STATUS_ORDER
    )
    search = '<input type="search" id="search" placeholder="Filter by address, site, name or reason">'
    return f'<div class="controls">{boxes}{search}</div>'


def _entries_table(report: Report) -> str:
    ranked = [entry for site in report.ranked_sites() for entry in site.entries]
    in_sync = sum(entry.status is Status.IN_SYNC for entry in ranked)
    note = ""
    if in_sync > IN_SYNC_LISTED:
        ranked = [entry for entry in ranked if entry.status is not Status.IN_SYNC]
        note = (
            f'<p class="nowhere">{in_sync:,} entities in sync are not listed one by one (the sites above '
            "count them; the JSON report names each).</p>"
        )
    rows = "".join(_entry_row(entry) for entry in ranked)
    head = "<th>status</th><th>severity</th><th>site</th><th>kind</th><th>entity</th><th>details</th>"
    table = (
        f'<table class="sortable" id="entries"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )
    return note + table


def _entry_row(entry: Entry) -> str:
    order = STATUS_ORDER.index(entry.status)
    return (
        f'<tr data-status="{entry.status.value}"><td data-sort="{order}">{_badge(entry.status)}</td>'
        f'<td data-sort="{entry.severity.rank}" class="sev-{entry.severity}">{entry.severity}</td>'
        f"<td><code>{escape(entry.site)}</code></td><td>{escape(entry.kind)}</td>"
        f'<td><code title="{escape(shown_text(entry.address))}">{escape(entity_label(entry))}</code></td>'
        f"<td>{_details(entry)}</td></tr>"
    )
