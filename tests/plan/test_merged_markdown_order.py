"""A merged plan's Markdown names its connections as one run's does, not shard after shard (its shards'
changes come one after the other: cr58 #5), and the connections it leaves out point at what lists them:
`iotplan show` of the saved plan (`--detail` only unfolds identical updates)."""

from __future__ import annotations

import dataclasses
import re

from iotplan import __version__
from iotplan.plan.coverage import Coverage, shard_of_change
from iotplan.plan.merge import Part, merge_plans
from iotplan.plan.model import Action, FieldChange, Plan
from iotplan.plan.shard import shard_slice
from iotplan.render.markdown import render_markdown
from tests.render.plans import change, plan


def renamed(count: int) -> Plan:
    """One run's plan: connections c0, c1, ... each renamed, in the manifest's order."""
    return plan(
        *(
            change(f"c{index}", Action.UPDATE, "differs", fields=(FieldChange("name", "Old", "New"),))
            for index in range(count)
        )
    )


def merged(whole: Plan, count: int = 2) -> Plan:
    connections = {c.connection: shard_of_change(c.connection, count) for c in whole.changes}
    split = dataclasses.replace(
        whole, made_by=__version__, shard=Coverage(count, tuple(range(1, count + 1)), connections)
    )
    return merge_plans([Part(f"plan-{i}.json", shard_slice(split, i)) for i in range(1, count + 1)])


def table(markdown: str) -> list[str]:
    return re.findall(r"^\| `(c[0-9]+)` \|", markdown, re.MULTILINE)


def test_the_merged_table_names_the_connections_as_one_run_does() -> None:
    whole = renamed(8)
    assert [c.connection for c in merged(whole).changes] != [c.connection for c in whole.changes]  # by shard
    assert (
        table(render_markdown(merged(whole))) == table(render_markdown(whole)) == [f"c{i}" for i in range(8)]
    )


def test_the_connections_left_out_point_at_show_which_lists_them() -> None:
    markdown = render_markdown(merged(renamed(3_000)), saved_as="merged.json")
    [left_out] = [line for line in markdown.splitlines() if "more connections are not in this table" in line]
    assert "`iotplan show merged.json`" in left_out and "--detail" not in left_out
