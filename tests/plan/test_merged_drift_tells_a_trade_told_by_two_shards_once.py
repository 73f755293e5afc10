"""The merge of shards' drift reports tells a trade of names between two shards' connections once, at
the first connection, the other pointing there, as one run does: each shard told it from its own side
(fx406). Found by the entries' names alone: a trade within one shard, and keys shifting round three
connections, are left as their shards told them (a shard holding two of a ring told it at one)."""

from __future__ import annotations

from iotplan import __version__
from iotplan.plan.coverage import Coverage, shard_of
from iotplan.plan.drift import Difference, Entry, Report, Severity, Status
from iotplan.plan.merge import Part, merge_reports
from iotplan.plan.model import Kind

REFUSED = "; `plan` and `apply` refuse it: "


def taking(site: str, declared: str, live: str) -> Entry:
    """A connection refused for taking `declared`, another's name, its own `live`, told from its side."""
    return Entry(
        manifest="m.yaml",
        site=site,
        address=site,
        kind=Kind.NODE,
        status=Status.MODIFIED,
        reason=f"differs from the manifest{REFUSED}{site}: would take {declared!r}",
        differences=(Difference("name", declared, live),),
        severity=Severity.HIGH,
        refused=True,
        project_id="p",
    )


def merged(count: int, *entries: Entry) -> dict[str, str]:
    """Each entry in its shard's report of `count`, merged: each site's reason."""
    parts = [
        Part(
            f"drift-{index}.json",
            Report(
                target="t",
                entries=[entry for entry in entries if shard_of(entry.site, count) == index],
                made_by=__version__,
                shard=Coverage(count, (index,)),
            ),
        )
        for index in range(1, count + 1)
    ]
    return {entry.address: entry.reason for entry in merge_reports(parts).entries}


def sites_of(count: int, shards: list[int]) -> list[str]:
    """A site of each shard of `shards` (1-based, of `count`), each after the one before it."""
    sites = [""]
    for wanted in shards:
        sites.append(
            next(
                site
                for n in range(1000)
                if shard_of(site := f"s-{n:03}", count) == wanted and site > sites[-1]
            )
        )
    return sites[1:]


def test_a_trade_between_two_shards_is_told_once_at_the_first() -> None:
    one, other = sites_of(2, [1, 2])
    reasons = merged(2, taking(one, "B", "A"), taking(other, "A", "B"))
    assert reasons[one] == f"differs from the manifest{REFUSED}{one}: would take 'B'"
    assert reasons[other] == f"differs from the manifest{REFUSED}see {one}"


def test_a_trade_within_one_shard_is_left_as_told() -> None:
    one, other = sites_of(2, [1, 1])
    reasons = merged(2, taking(one, "B", "A"), taking(other, "A", "B"))
    assert reasons[other] == f"differs from the manifest{REFUSED}{other}: would take 'A'"


def test_keys_shifting_round_three_shards_are_left_as_told() -> None:
    first, second, third = sites_of(3, [1, 2, 3])
    entries = (taking(first, "B", "A"), taking(second, "C", "B"), taking(third, "A", "C"))
    reasons = merged(3, *entries)
    assert [reasons[site] for site in (first, second, third)] == [entry.reason for entry in entries]
