"""A manifest streamed node by node (what plan, apply and drift load): the same desired state as
the whole manifest, never more than one node's models held, and every problem still told."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import Node, load_manifest, stream_manifest
from iotplan.manifest.loader import stream_parsed
from iotplan.plan.desired import desired_state

EXAMPLES = Path(__file__).parents[2] / "examples"
HEADER = """apiVersion: iotplan/v1
stack: site
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
"""


def _nodes(*keys: str) -> str:
    return "".join(
        f"      - key: {key}\n        devices:\n          - key: logger\n            sensors:\n"
        "              - {key: pz-1, metrics: [{custom_metric: level, custom_unit: m}]}\n"
        for key in keys
    )


@pytest.mark.parametrize("example", ["quickstart", "edge", "thread"])
def test_streamed_and_whole_manifests_give_one_desired_state(example: str) -> None:
    path = str(EXAMPLES / example / "site.yaml")
    assert desired_state(stream_manifest(path)) == desired_state(load_manifest(path))


def test_a_rendered_template_streams_to_the_desired_state_of_its_whole_load() -> None:
    path = str(EXAMPLES / "multi-site" / "site.yaml.j2")
    sites = str(EXAMPLES / "multi-site" / "sites.csv")
    assert desired_state(stream_manifest(path, sites_file=sites)) == desired_state(
        load_manifest(path, sites_file=sites)
    )


def _live_nodes() -> int:
    return sum(isinstance(each, Node) for each in gc.get_objects())


def test_no_more_than_one_node_model_is_held_while_streaming() -> None:
    gc.collect()
    before = _live_nodes()
    held = [
        _live_nodes() - before for _ in stream_parsed(HEADER + _nodes("a", "b", "c"), "f").declared_nodes()
    ]
    assert held == [1, 1, 1]


def test_a_bad_node_is_told_after_the_last_node_and_no_desired_state_is_made() -> None:
    text = HEADER + _nodes("a") + "      - key: b/c\n" + _nodes("d")
    with pytest.raises(ManifestError) as caught:
        desired_state(stream_parsed(text, "site.yaml"))
    assert [(p.line, p.column) for p in caught.value.problems] == [(11, 14)]
    assert "b/c" in str(caught.value)


def test_problems_outside_the_nodes_are_told_with_the_nodes_own() -> None:
    text = (
        HEADER.replace("stack: site", "stack: 'no good'")
        + _nodes("a")
        + "      - key: b\n        colour: red\n"
    )
    with pytest.raises(ManifestError) as caught:
        stream_parsed(text, "site.yaml")
    told = str(caught.value)
    assert "stack" in told and "unknown field 'colour'" in told


def test_a_nodes_entry_that_is_not_a_mapping_is_told_where_it_is_written() -> None:
    with pytest.raises(ManifestError) as caught:
        desired_state(stream_parsed(HEADER + _nodes("a") + "      - just-a-name\n", "site.yaml"))
    (problem,) = caught.value.problems
    assert (problem.line, "a mapping" in problem.message) == (11, True)


def test_once_a_problem_is_known_no_further_node_is_handed_out() -> None:
    handed: list[str] = []
    with pytest.raises(ManifestError):
        for _, node in stream_parsed(
            HEADER + _nodes("a") + "      - key: b/c\n" + _nodes("d"), "f"
        ).declared_nodes():
            handed.append(node.key)
    assert handed == ["a"]


def test_a_streamed_manifest_is_read_once_not_read_again_as_empty() -> None:
    # read again, the nodes would be none: a manifest declaring nothing plans removing everything
    streamed = stream_parsed(HEADER + _nodes("a"), "f")
    assert len(desired_state(streamed).nodes) == 1
    with pytest.raises(RuntimeError, match="handed out once"):
        desired_state(streamed)


def test_a_nodes_yaml_data_goes_once_the_node_is_validated() -> None:
    """So that a shard, which keeps a tenth of the nodes, does not hold the whole manifest's data
    to the last node. Measured against what the load holds before its first node is asked for."""
    defaults = "defaults:\n  sensor:\n    notes: filled in node by node\n"
    text = HEADER.replace("projects:", defaults + "projects:") + _nodes(*(f"n{i}" for i in range(300)))
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        streamed = stream_parsed(text, "site.yaml")
        at_first = tracemalloc.get_traced_memory()[0] - before
        for _ in streamed.declared_nodes():
            at_last = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert at_last < at_first * 0.4, (at_first, at_last)
