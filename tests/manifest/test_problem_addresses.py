"""Problems are named by their entity's address without walking the manifest once per problem.

Counted, not timed (speed targets live in benchmarks/): a mistake repeated over 10,000 sensors
walked the fleet 10,000 times and took 90 s to tell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import addresses, parse_manifest

NODES = 30
HEADER = """apiVersion: iotplan/v1
stack: site
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
"""
NODE = """      - key: {key}
        devices:
          - key: logger
            sensors:
              - key: pz-1
                {field}: Piezometer
                metrics: [{{custom_metric: p, custom_unit: kPa}}]
"""


def unknown_fields(broken: int) -> str:
    """NODES nodes, the first `broken` of them with a misspelt sensor field."""
    return HEADER + "".join(
        NODE.format(key=f"site-{index}", field="nmae" if index < broken else "name") for index in range(NODES)
    )


def duplicate_keys(broken: int) -> str:
    """NODES nodes, the first `broken` of them with the same key."""
    return HEADER + "".join(
        NODE.format(key="site" if index < broken else f"site-{index}", field="name") for index in range(NODES)
    )


def walks_and_problems(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    """How many times the manifest's entities were walked into, and the problems told."""
    walked = 0
    walk = addresses._walk

    def counted(*arguments: Any) -> None:
        nonlocal walked
        walked += 1
        walk(*arguments)

    monkeypatch.setattr(addresses, "_walk", counted)
    with pytest.raises(ManifestError) as caught:
        parse_manifest(text, "fleet.yaml")
    return walked, [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("broken", "fewest"),
    [(unknown_fields, 1), (duplicate_keys, 2)],
    ids=["validation: an unknown field", "manifest checks: a duplicate key"],
)
def test_a_mistake_in_every_node_walks_the_manifest_no_more_than_one_mistake_does(
    broken: Callable[[int], str], fewest: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    once, [first] = walks_and_problems(broken(fewest), monkeypatch)
    everywhere, told = walks_and_problems(broken(NODES), monkeypatch)
    assert len(told) >= NODES - 1
    assert first in told  # the same words, at the same place, however many are told
    assert everywhere == once
