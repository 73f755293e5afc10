"""The Markdown view: what a pull-request comment needs, and nothing a reviewer could misread."""

from __future__ import annotations

import dataclasses

from iotplan.plan.model import Action, Change, FieldChange, Kind
from iotplan.render import render_markdown, render_text
from iotplan.render.json_plan import plan_digest
from tests.render.plans import SCENARIOS, change, plan


def test_it_ends_with_the_pinned_summary_line() -> None:
    for make in SCENARIOS.values():
        the_plan = make()
        assert render_markdown(the_plan).rstrip("\n").splitlines()[-1] == the_plan.summary.line()


def test_the_warning_totals_every_observation_destroyed() -> None:
    assert "destroys **53,544 observations**" in render_markdown(SCENARIOS["destruction"]())
    assert "[!WARNING]" not in render_markdown(SCENARIOS["update"]())


def test_html_in_a_connection_address_is_escaped_in_its_summary() -> None:
    markdown = render_markdown(plan(change("<img src=x>&co", Action.CREATE, "not on the platform")))
    assert "<summary><code>&lt;img src=x&gt;&amp;co</code>: 1 to add</summary>" in markdown


def test_backticks_in_a_reason_cannot_close_the_diff_block() -> None:
    markdown = render_markdown(plan(change("dam-a", Action.CREATE, "see ```the docs```")))
    assert "````diff\n" in markdown and "\n````\n" in markdown


def test_a_huge_plan_fits_a_pull_request_comment_and_says_what_it_left_out() -> None:
    changes = [change(f"site-{n:04}", Action.CREATE, "not on the platform " + "x" * 200) for n in range(2000)]
    markdown = render_markdown(plan(*changes))
    assert len(markdown) < 65_536
    shown = markdown.count("<details>")
    assert 0 < shown < 2000
    assert f"_{2000 - shown:,} more connections are not shown here" in markdown
    assert markdown.rstrip("\n").endswith("Plan: 2000 to add, 0 to change, 0 to destroy.")


def test_a_thousand_removals_are_each_named_and_the_comment_still_fits() -> None:
    removals = [
        change(f"site-{n:04}/logger/pz-1", Action.REMOVE, "not in the manifest", observations=n)
        for n in range(1000)
    ]
    updates = [change(f"site-{n:04}", Action.UPDATE, "differs " + "y" * 300) for n in range(1000)]
    markdown = render_markdown(plan(*updates, *removals))
    assert len(markdown) < 65_536
    assert all(f"`site-{n:04}/logger/pz-1`" in markdown for n in range(1000))


def test_removals_past_one_comment_are_named_as_far_as_it_holds_and_the_rest_counted_with_their_history() -> (
    None
):
    removals = [
        change(f"site-{n:04}/logger/pz-1", Action.REMOVE, "not in the manifest", observations=10)
        for n in range(5000)
    ]
    markdown = render_markdown(plan(*removals))
    assert len(markdown) < 65_536
    named = sum(f"`site-{n:04}/logger/pz-1`" in markdown for n in range(5000))
    left = 5000 - named
    assert named > 500
    assert f"- _{left:,} more removals, holding {left * 10:,} observations, are not shown here" in markdown
    assert markdown.rstrip("\n").endswith("Plan: 0 to add, 0 to change, 5000 to destroy.")


def test_the_comment_carries_the_digest_of_the_plan_it_shows() -> None:
    the_plan = SCENARIOS["update"]()
    assert f"**Plan** `{plan_digest(the_plan)}`" in render_markdown(the_plan)
    assert plan_digest(the_plan) != plan_digest(SCENARIOS["creation"]())


def test_counts_group_their_thousands_but_in_the_pinned_summary_line() -> None:
    """One way to write a count in one comment; the `Plan:` line is an interface scripts parse as it is."""
    unit = (FieldChange("metrics[0].unit", "mm", "m"),)
    updates = [change(f"dam-a/logger/s{n}", Action.UPDATE, "differs", fields=unit) for n in range(1200)]
    markdown = render_markdown(plan(*updates))
    assert "| 0 | 1,200 | 0 | 0 | 0 |" in markdown
    assert "<code>dam-a</code>: 1,200 to change</summary>" in markdown
    assert "~ 1,200 sensors: " in markdown and " and 1,197 more (--detail lists them)" in markdown
    assert "# connection dam-a: 1,200 to change" in render_text(plan(*updates), color=False)
    assert markdown.rstrip("\n").endswith("Plan: 0 to add, 1200 to change, 0 to destroy.")


def test_the_removals_heading_counts_what_there_is() -> None:
    """It said "**1 removal and replacements**" of a plan with one removal and no replacement."""
    removal = change("dam-a/old", Action.REMOVE, "not in the manifest")
    replacement = change("dam-a/new", Action.REPLACE, "template changed")
    assert "**1 removal** (cannot be undone):" in render_markdown(plan(removal))
    assert "**1 replacement** (cannot be undone):" in render_markdown(plan(replacement))
    removals = [change(f"dam-a/old-{n}", Action.REMOVE, "not in the manifest") for n in range(2)]
    both = render_markdown(plan(*removals, replacement))
    assert "**2 removals and 1 replacement** (cannot be undone):" in both


def test_the_digest_line_names_the_saved_plan_it_was_saved_as_and_never_guesses_one() -> None:
    the_plan = SCENARIOS["update"]()
    named = render_markdown(the_plan, saved_as="q4 plan.json")
    assert "(`iotplan apply 'q4 plan.json'` prints the digest it applies)" in named
    unnamed = render_markdown(the_plan)
    assert "plan.json" not in unnamed
    assert "(`iotplan apply` of the saved plan prints the digest it applies)" in unnamed


def _unit_change(address: str, observations: int) -> Change:
    unit = (FieldChange("metrics[0].unit", "Pa", "kPa"),)
    return change(
        address, Action.UPDATE, "differs", fields=unit, touches_data_model=True, observations=observations
    )


def _cut_off(address: str) -> Change:
    setting = change(address, Action.UPDATE, "differs", fields=(FieldChange("baud_rate", 9600, 19200),))
    return dataclasses.replace(setting, kind=Kind.EDGE, cuts_off=True)


def test_a_unit_changed_fleet_wide_leaves_room_for_the_removal_of_a_connection() -> None:
    """9,900 sensors' unit made a 128 KB comment (GitHub takes 65,536) that named every sensor and,
    with no room left, not the connection removed with 221,663 observations."""
    sensors = [f"c{c}/d{d}/s{s}" for c in range(99) for d in range(10) for s in range(10)]
    removal = change("c99", Action.REMOVE, "not in the manifest", observations=221_663)
    markdown = render_markdown(plan(*(_unit_change(address, 10) for address in sensors), removal))
    assert len(markdown) <= 65_536
    assert "- remove node `c99`: **221,663 observations**" in markdown
    assert (
        "> 9,900 sensors with history change metrics or units (needs `--allow-data-model-change`):\n"
        '> - `metrics[0].unit: "Pa" → "kPa"` on 9,900 sensors '
        "in 99 connections: `c0`, `c1`, `c2` and 96 more\n" in markdown
    )


def test_thousands_of_long_addresses_of_every_kind_fit_one_comment() -> None:
    """Every list that can run long is cut to the limit, whatever the others hold."""
    long = "x" * 200
    changes = [change(f"site-{n}-{long}", Action.UPDATE, "differs " + long) for n in range(2_000)]
    changes += [_unit_change(f"site-{n}-{long}/logger/pz", 5) for n in range(2_000)]
    changes += [_cut_off(f"site-{n}-{long}/edge/port1.baud_rate") for n in range(2_000)]
    changes += [
        change(f"site-{n}-{long}/logger/pz-{n}", Action.REMOVE, "gone", observations=n) for n in range(2_000)
    ]
    changes += [
        change(f"site-{n}-{long}/logger/t", Action.REPLACE, "template", observations=7) for n in range(2_000)
    ]
    changes += [
        change(f"site-{n}-{long}/logger", Action.REMOVE, "gone", observations_unknown=True)
        for n in range(2_000)
    ]
    changes += [
        change(f"gone-{n}-{long}", Action.REMOVE, "not in the manifest", observations=9) for n in range(2_000)
    ]
    for saved_as in (None, f"plans/{long * 3}.json"):
        markdown = render_markdown(plan(*changes), saved_as=saved_as)
        assert len(markdown) <= 65_536
        assert f"- remove node `gone-0-{long}`: **9 observations**" in markdown
        assert markdown.rstrip("\n").endswith(
            "Plan: 0 to add, 6000 to change, 6000 to destroy, 2000 to replace."
        )


def test_removals_are_listed_connections_first_so_the_size_limit_cuts_the_smallest() -> None:
    """Listed in plan order, where connections come last, 1,980 sensors' removals hid the removal
    of a connection holding 271,281 observations (`c50` was nowhere in the comment)."""
    sensors = [f"c{c}/d{d}/s{s}" for c in range(99) for d in range(10) for s in (8, 9)]
    removals = [
        change(address, Action.REMOVE, "not in the manifest", observations=1_711) for address in sensors
    ]
    device = change("c99/d0", Action.REMOVE, "not in the manifest", observations=20)
    connection = change("c50", Action.REMOVE, "not in the manifest", observations=271_281)
    markdown = render_markdown(plan(*removals, device, connection))
    assert "more removals, holding" in markdown
    listed = [line for line in markdown.splitlines() if line.startswith("- remove ")]
    assert listed[:2] == [
        "- remove node `c50`: **271,281 observations**",
        "- remove device `c99/d0`: **20 observations**",
    ]
    assert listed[2] == "- remove sensor `c0/d0/s8`: **1,711 observations**"


def test_replacements_left_out_are_counted_as_replacements() -> None:
    """ "**201 removals and 15 replacements**" was followed by "216 more removals ... not shown"."""
    removals = [
        change(f"site-{n:04}/logger/pz-1", Action.REMOVE, "gone", observations=2) for n in range(5000)
    ]
    replacements = [
        change(f"site-9999/logger/t-{n}", Action.REPLACE, "template", observations=1) for n in range(15)
    ]
    markdown = render_markdown(plan(*removals, *replacements))
    assert "**5,000 removals and 15 replacements** (cannot be undone):" in markdown
    named = sum(f"`site-{n:04}/logger/pz-1`" in markdown for n in range(5000))
    left = 5000 - named
    assert (
        f"- _{left:,} more removals and 15 more replacements, holding {left * 2 + 15:,} observations, are not"
        in markdown
    )


def test_one_sensor_whose_unit_changes_is_said_in_the_singular() -> None:
    markdown = render_markdown(plan(_unit_change("dam-a/logger-1/pz-1", 10)))
    assert "> 1 sensor with history changes metrics or units (needs `--allow-data-model-change`)" in markdown
