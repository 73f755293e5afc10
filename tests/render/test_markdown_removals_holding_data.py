"""The plan comment names the removals that destroy history before the empty ones of their depth, so
what its size limit leaves to "N more" is never the one removal holding the observations."""

from __future__ import annotations

from iotplan.plan.model import Action, Change
from iotplan.render import render_markdown
from tests.render.plans import change, plan


def empty_sensor_removals(count: int) -> list[Change]:
    return [change(f"c{n // 90}/d{n // 10 % 9}/s{n % 10}", Action.REMOVE, "gone") for n in range(count)]


def test_the_one_sensor_holding_data_among_thousands_of_empty_ones_is_named() -> None:
    holding = change("c99/d9/s9", Action.REMOVE, "gone", observations=42)
    markdown = render_markdown(plan(*empty_sensor_removals(9000), holding))
    assert "more removals are not shown here" in markdown  # cut, and what is cut holds nothing
    assert "holding" not in markdown
    listed = [line for line in markdown.splitlines() if line.startswith("- remove ")]
    assert listed[0] == "- remove sensor `c99/d9/s9`: **42 observations**"


def test_a_removal_whose_count_was_not_read_is_named_before_the_empty_ones() -> None:
    unknown = change("c99/d9/s9", Action.REMOVE, "gone", observations_unknown=True)
    markdown = render_markdown(plan(*empty_sensor_removals(9000), unknown))
    listed = [line for line in markdown.splitlines() if line.startswith("- remove ")]
    assert listed[0].startswith("- remove sensor `c99/d9/s9`: **an unknown number of observations**")


def test_connection_removals_are_listed_data_first_then_by_address_whatever_the_plan_order() -> None:
    """One run and a merge of its shards hold the same changes in different orders: one comment."""
    removals = [
        change(f"c19{n}", Action.REMOVE, "gone", observations=50_000 if n == 5 else 0)
        for n in (3, 0, 9, 5, 1)
    ]
    listed = [
        [line for line in render_markdown(plan(*order)).splitlines() if line.startswith("- remove ")]
        for order in (removals, removals[::-1])
    ]
    assert listed[0] == listed[1]
    assert [line.split("`")[1] for line in listed[0]] == ["c195", "c190", "c191", "c193", "c199"]
