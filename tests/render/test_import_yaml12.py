"""An imported manifest quotes every text YAML 1.2 reads as a number, inside a flow list too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from iotplan.manifest.yaml_numbers import yaml12_reads_a_number
from tests.render.test_imported import imported, ours


@pytest.mark.parametrize("name", ["1e3", "1.0e3", "0o17", "1e-7"])
def test_a_metric_name_yaml_1_2_reads_as_a_number_is_quoted_inside_the_flow_list(name: str) -> None:
    """YAML 1.2 reads a plain scalar by its core schema: a rewrite by an editor made it a number."""
    live = ours()
    sensor = live.sensors[live.devices[0].id][1]
    sensor.props.update(
        KNOWN_METRICS={}, KNOWN_UNITS={}, UNKNOWN_METRICS={"0": name}, UNKNOWN_UNITS={"0": name}
    )
    text = imported(live)
    read_as_numbers = [s.value for s in plain_scalars(yaml.compose(text)) if yaml12_reads_a_number(s.value)]
    assert read_as_numbers == [] and f"metrics: [{{custom_metric: '{name}', custom_unit: '{name}'}}]" in text


def plain_scalars(node: Any) -> Iterator[yaml.ScalarNode]:
    """The texts written bare: what YAML 1.2 reads by its core schema."""
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.tag == "tag:yaml.org,2002:str":  # text to YAML 1.1
            yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from plain_scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from plain_scalars(key)
            yield from plain_scalars(value)
