"""--shard i/n: the same split on every machine, checked input, and a fair share of the fleet."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import Counter

import pytest

from iotplan.plan.coverage import MAX_SHARDS, Coverage, Shard, shard_of


def test_a_connection_lands_in_the_same_shard_in_every_release() -> None:
    # Pinned once: a change to the hash would move connections between the shards of a CI matrix
    # whose plans were made by two versions, and merge refuses mixed versions only afterwards.
    assert [shard_of(address, 10) for address in ("dam-a", "dam-b", "site-01", "é-site")] == [10, 6, 3, 1]
    assert shard_of("site-01", MAX_SHARDS) == 135


def test_the_split_does_not_depend_on_pythons_salted_hash() -> None:
    code = "from iotplan.plan.coverage import shard_of; print([shard_of(f'site-{i}', 7) for i in range(50)])"
    answers = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "random")
    }
    assert len(answers) == 1


def test_ten_thousand_sites_spread_evenly_over_ten_shards() -> None:
    counts = Counter(shard_of(f"site-{index:05d}", 10) for index in range(10_000))
    assert sorted(counts) == list(range(1, 11))
    assert all(900 <= count <= 1100 for count in counts.values()), counts


def test_every_connection_is_in_exactly_one_shard() -> None:
    for count in (1, 2, 3, 256):
        shards = [Shard(index, count) for index in range(1, count + 1)]
        for address in ("dam-a", "site-17", "x"):
            assert sum(shard.holds(address) for shard in shards) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0/4", "1 <= i <= n <= 256"),
        ("5/4", "1 <= i <= n <= 256"),
        ("1/257", "1 <= i <= n <= 256"),
        ("3", "is not i/n"),
        ("a/b", "is not i/n"),
        ("-1/4", "is not i/n"),
        ("", "is not i/n"),
    ],
)
def test_a_shard_outside_one_to_n_is_refused_with_the_rule(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Shard.parse(text)


def test_gitlab_and_github_indices_read_as_given() -> None:
    assert Shard.parse("1/1") == Shard(1, 1)
    assert Shard.parse(" 256/256 ") == Shard(256, 256)
    assert str(Shard.parse("3/10")) == "3/10"


def test_a_merged_plan_says_which_shard_each_connection_came_from() -> None:
    merged = Coverage(3, (1, 2, 3), {"dam-a": 2, "dam-b": 3})
    assert merged.complete and merged.shard_of_connection("dam-b") == 3
    assert Coverage(3, (2,)).shard_of_connection("anything") == 2
    assert Coverage(10, (1, 2, 3, 5)).label() == "shards 1-3, 5 of 10"


def test_the_documented_formula_is_the_split() -> None:
    """README: `(the first 8 bytes of sha256(address), big-endian) mod n + 1`, computed another way."""
    for address in ("dam-a", "site-01", "é-site", "a/b"):
        for count in (2, 3, 10, MAX_SHARDS):
            first_16_hex = hashlib.sha256(address.encode()).hexdigest()[:16]
            assert shard_of(address, count) == int(first_16_hex, 16) % count + 1
