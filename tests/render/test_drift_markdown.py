"""The Markdown drift report shows a name as the platform holds it: rendered as CommonMark with
GitHub's tables (markdown-it-py, which rich brings), the text a reader sees is the name itself."""

from __future__ import annotations

from html.parser import HTMLParser

from markdown_it import MarkdownIt

from iotplan.plan.drift import Report
from iotplan.plan.drift_entries import drift_entries
from iotplan.plan.model import Action, FieldChange
from iotplan.render.drift import render_drift_markdown
from tests.render import plans
from tests.render.plans import change

NAME = "R&D <north> `logger` &lt; *x* | [l](u) _y_"


class _Text(HTMLParser):
    """What a reader sees: the text of the rendered page, entities decoded."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def seen(markdown: str) -> str:
    page = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    reader = _Text()
    reader.feed(page)
    return "".join(reader.parts)


def report(manifest: str = "sites/dams.yaml") -> Report:
    plan = plans.plan(
        change(
            "dam-a/#8D9370", Action.UNMANAGED, "not declared", live_ref_id="hand:rd", before={"name": NAME}
        ),
        change("dam-a/d", Action.UPDATE, "differs", fields=(FieldChange("name", NAME, "Dam"),)),
    )
    return Report(target="t", entries=drift_entries(plan, manifest))


def test_a_live_name_reads_as_it_is_in_a_code_span_and_in_running_text() -> None:
    shown = seen(render_drift_markdown(report()))
    assert f'dam-a/#8D9370 "{NAME}" (serial hand:rd): not declared' in shown
    assert f'name: expected "Dam", actual "{NAME}"' in shown


def test_a_pipe_in_a_table_cell_stays_in_its_cell() -> None:
    page = MarkdownIt("commonmark").enable("table").render(render_drift_markdown(report("sites/a|b.yaml")))
    assert "<code>sites/a|b.yaml</code></td>" in page
