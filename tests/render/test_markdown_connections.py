"""The plan comment's table of connections: a row for each connection the plan writes to (adds,
changes, destroys, observations lost), those destroying history first, so a plan of hundreds of
connections, whose blocks a comment holds only a few of, still shows each. Cut to the comment's
size, it is cut from the end: a connection destroying history goes after every one that does not."""

from __future__ import annotations

import re

from iotplan.plan.model import Action, Change, FieldChange
from iotplan.render import render_markdown
from iotplan.render.markdown import COMMENT_LIMIT
from tests.render.plans import change, in_sync, plan

HEADER = "| connection | add | change | destroy | observations lost |"
ROW = re.compile(r"^\| `([^`]+)` \|", re.MULTILINE)


def _rows(markdown: str) -> list[str]:
    """The connections the table names, in its order (the table is the only one with code cells)."""
    return ROW.findall(markdown)


def _update(connection: str, number: int = 0) -> Change:
    return change(f"{connection}/logger-{number}", Action.UPDATE, "differs: name " + "x" * 120)


def _removal(connection: str, held: int) -> Change:
    return change(f"{connection}/logger/pz", Action.REMOVE, "not in the manifest", observations=held)


def test_each_connection_with_changes_has_a_row_those_destroying_history_first() -> None:
    markdown = render_markdown(
        plan(
            _update("dam-a"),
            change("dam-c", Action.CREATE, "not on the platform"),
            in_sync("dam-d"),  # no changes: no row
            _removal("dam-b", 5),
            _removal("dam-e", 900),
            change("dam-e/logger/t", Action.REMOVE, "not in the manifest", observations_unknown=True),
        )
    )
    assert HEADER in markdown and "**4 connections with changes**" in markdown
    assert "| `dam-e` | 0 | 0 | 2 | at least 900 |" in markdown
    assert "| `dam-b` | 0 | 0 | 1 | 5 |" in markdown
    assert "| `dam-a` | 0 | 1 | 0 | 0 |" in markdown
    assert _rows(markdown) == ["dam-e", "dam-b", "dam-a", "dam-c"]
    # One connection written to: the summary table says it all.
    assert HEADER not in render_markdown(plan(_update("dam-a"), _update("dam-a", 1), in_sync("dam-b")))


def test_connections_ranked_alike_keep_the_plan_order_of_their_first_write() -> None:
    """The blocks below put a connection whose unit change rereads history first, and order by a
    connection's first entity, in sync or not: the table keeps the order its writes come in."""
    reread = change(
        "dam-b/logger/pz",
        Action.UPDATE,
        "differs: unit",
        fields=(FieldChange("unit", "kPa", "Pa"),),
        touches_data_model=True,
        observations=40,
    )
    markdown = render_markdown(plan(in_sync("dam-c"), _update("dam-a"), reread, _update("dam-c", 1)))
    assert _rows(markdown) == ["dam-a", "dam-b", "dam-c"]
    blocks = re.findall(r"<summary><code>([^<]+)</code>", markdown)
    assert blocks == ["dam-b", "dam-c", "dam-a"]  # the table's order is its own, not the blocks'


def test_two_hundred_connections_each_get_a_row_though_few_get_a_block() -> None:
    changes = [
        change(f"c{n}/logger-{k}", Action.CREATE, "not on the platform " + "x" * 120)
        for n in range(200)
        for k in range(20)
    ]
    changes += [_removal(f"c{n}", 10 * n) for n in range(0, 200, 10)]
    markdown = render_markdown(plan(*changes))
    assert len(markdown) <= COMMENT_LIMIT and markdown.count("<details>") < 20
    rows = _rows(markdown)
    assert sorted(rows) == sorted(f"c{n}" for n in range(200))
    assert rows[:19] == [f"c{n}" for n in range(190, 0, -10)]  # the most history lost first


def test_cut_to_the_comment_it_keeps_every_connection_that_destroys_history() -> None:
    """Three thousand connections changing names, then twenty removing history, last in the plan."""
    changes = [_update(f"site-{n:04}") for n in range(3000)]
    changes += [_removal(f"gone-{n:02}", 7) for n in range(20)]
    markdown = render_markdown(plan(*changes))
    assert len(markdown) <= COMMENT_LIMIT
    rows = _rows(markdown)
    assert rows[:20] == [f"gone-{n:02}" for n in range(20)] and len(rows) < 3020
    assert f"_{3020 - len(rows):,} more connections are not in this table (comment size limit)" in markdown


def test_connections_destroying_history_cut_are_counted_with_it() -> None:
    changes = [_removal(f"site-{n:04}", 10) for n in range(3000)]
    markdown = render_markdown(plan(*changes), saved_as="plan.json")
    assert len(markdown) <= COMMENT_LIMIT
    left = 3000 - len(_rows(markdown))
    assert 0 < left < 3000
    assert (
        f"_{left:,} more connections, {left:,} of them destroying {left * 10:,} observations, are not in "
        "this table (comment size limit): see `iotplan plan` or `iotplan show plan.json`._"
    ) in markdown
