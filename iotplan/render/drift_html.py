"""A drift report as one self-contained HTML file: readable offline, sortable and filterable.

The rows are rendered here, so the page reads without JavaScript; a few lines of inline script add
sorting (click a column) and filtering (status boxes, a search field). No external asset is loaded.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from iotplan.plan.drift import STATUS_ORDER, Entry, Report, Status
from iotplan.render.drift import entry_detail, ordered

COLOURS = {
    Status.IN_SYNC: "#1a7f37",
    Status.MODIFIED: "#9a6700",
    Status.MISSING: "#cf222e",
    Status.UNMANAGED: "#8250df",
    Status.DUPLICATE: "#cf222e",
    Status.PENDING: "#0969da",
    Status.UNREACHABLE: "#0969da",
    Status.NOT_CHECKED: "#6e7781",
}

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328}
h1{font-size:1.5rem;margin:0 0 .25rem} h2{font-size:1.15rem;margin:2rem 0 .5rem}
.meta{color:#59636e;margin-bottom:1rem}
table{border-collapse:collapse;width:100%} th,td{padding:.35rem .6rem;border-bottom:1px solid #d1d9e0;
text-align:left;vertical-align:top} th{background:#f6f8fa;cursor:pointer;user-select:none;white-space:nowrap}
th.num,td.num{text-align:right} td.zero{color:#b0b7be}
.status{font-weight:600;font-size:.8rem;padding:.1rem .4rem;border-radius:.3rem;color:#fff;white-space:nowrap}
.controls{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:.5rem 0 1rem}
.controls input[type=search]{padding:.3rem .5rem;min-width:18rem}
td code{white-space:nowrap} code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
ul{margin:.2rem 0;padding-left:1.1rem}
.verdict{font-size:1.05rem;font-weight:600}
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
"""


def render_drift_html(report: Report, generated_at: datetime | None = None) -> str:
    when = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>iotplan drift report: {escape(report.summary_line())}</title>",
            f"<style>{STYLE}</style></head><body>",
            "<h1>iotplan drift report</h1>",
            f'<div class="meta">Target {escape(report.target)} · generated {when}</div>',
            f'<p class="verdict">{escape(report.summary_line())}</p>',
            "<h2>Sites</h2>",
            _sites_table(report),
            "<h2>Entities</h2>",
            _controls(),
            _entries_table(report),
            f"<script>{SCRIPT}</script>",
            "</body></html>",
        ]
    )


def _badge(status: Status) -> str:
    return f'<span class="status" style="background:{COLOURS[status]}">{status.value}</span>'


def _sites_table(report: Report) -> str:
    head = "".join(f'<th class="num">{_badge(status)}</th>' for status in STATUS_ORDER)
    rows = []
    for (manifest, site), entries in sorted(report.sites().items(), key=_needs_attention_first):
        cells = []
        for status in STATUS_ORDER:
            count = sum(entry.status is status for entry in entries)
            cells.append(f'<td class="num{"" if count else " zero"}">{count}</td>')
        rows.append(
            f"<tr><td><code>{escape(site)}</code></td><td>{escape(manifest)}</td>{''.join(cells)}</tr>"
        )
    return (
        f'<table class="sortable" id="sites"><thead><tr><th>site</th><th>manifest</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _needs_attention_first(site: tuple[tuple[str, str], list[Entry]]) -> tuple[int, tuple[str, str]]:
    (key, entries) = site
    return (-sum(entry.status is not Status.IN_SYNC for entry in entries), key)


def _controls() -> str:
    boxes = "".join(
        f'<label><input type="checkbox" class="status-filter" value="{status.value}"'
        f"{'' if status is Status.IN_SYNC else ' checked'}> {_badge(status)}</label>"
        for status in STATUS_ORDER
    )
    search = '<input type="search" id="search" placeholder="Filter by address, site or reason">'
    return f'<div class="controls">{boxes}{search}</div>'


def _entries_table(report: Report) -> str:
    rows = "".join(_entry_row(entry) for entry in ordered(report.entries))
    head = "<th>status</th><th>site</th><th>kind</th><th>address</th><th>details</th>"
    return f'<table class="sortable" id="entries"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _entry_row(entry: Entry) -> str:
    details = "".join(f"<li>{escape(line)}</li>" for line in entry_detail(entry))
    order = STATUS_ORDER.index(entry.status)
    return (
        f'<tr data-status="{entry.status.value}"><td data-sort="{order}">{_badge(entry.status)}</td>'
        f"<td><code>{escape(entry.site)}</code></td><td>{escape(entry.kind)}</td>"
        f"<td><code>{escape(entry.address)}</code></td>"
        f"<td>{escape(entry.reason)}{f'<ul>{details}</ul>' if details else ''}</td></tr>"
    )
