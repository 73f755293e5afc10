"""The comment's list of removals, what `--allow-destroy` is approved from, says of each removal that
looks like a key renamed without `moved` that `moved` keeps its history, and its heading counts them:
the connection blocks are collapsed and cut first, so a fleet of 40 sites renamed must not read as 40
sites' history deleted."""

from __future__ import annotations

import dataclasses

from iotplan.plan.address import Address
from iotplan.plan.model import Action, Change
from iotplan.render.markdown import COMMENT_LIMIT, render_markdown
from tests.render.plans import change, plan

KEEP = ": add `moved` to keep its history"


def renamed_site(n: int, observations: int) -> list[Change]:
    return [
        change(f"dam-{n}", Action.CREATE, "not on the platform", after={"name": f"Feed {n}"}),
        change(
            f"site-{n}",
            Action.REMOVE,
            "not in the manifest; owned by stack 'dams'",
            observations=observations,
            looks_renamed_to=Address(f"dam-{n}"),
        ),
    ]


def removal_lines(comment: str) -> list[str]:
    return [line for line in comment.splitlines() if line.startswith("- remove ")]


def test_each_removal_line_says_it_looks_renamed_and_the_heading_counts_them() -> None:
    gone = change("wharf-9", Action.REMOVE, "not in the manifest; owned by stack 'dams'", observations=10)
    comment = render_markdown(plan(*renamed_site(1, 500), *renamed_site(2, 300), gone))
    assert removal_lines(comment) == [
        f"- remove node `site-1`: **500 observations** — looks renamed to `dam-1`{KEEP}",
        f"- remove node `site-2`: **300 observations** — looks renamed to `dam-2`{KEEP}",
        "- remove node `wharf-9`: **10 observations**",
    ]
    heading = "**3 removals** (cannot be undone; 2 of them look like renames: `moved` keeps their history):"
    assert heading in comment.splitlines(), comment


def test_thousands_of_renamed_removals_keep_the_comment_under_the_limit() -> None:
    changes = [each for n in range(3_000) for each in renamed_site(n, 1_000 + n)]
    comment = render_markdown(plan(*changes))
    assert len(comment) <= COMMENT_LIMIT
    listed = removal_lines(comment)
    assert 100 < len(listed) < 3_000
    assert all(line.endswith(KEEP) for line in listed)


def test_a_removal_another_shard_names_alike_says_to_check_which_is_the_old_key() -> None:
    created, removal = renamed_site(1, 500)
    doubted = dataclasses.replace(removal, named_alike_elsewhere=(Address("site-1"),))
    (line,) = removal_lines(render_markdown(plan(created, doubted)))
    assert line.endswith(
        " — looks renamed to `dam-1`, as does `site-1` in another shard: check which is its old key, and add "
        "`moved` to keep its history"
    )
