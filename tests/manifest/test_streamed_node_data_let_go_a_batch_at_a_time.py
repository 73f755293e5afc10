"""A streamed manifest lets its nodes' YAML data go a batch of nodes at a time (manifest/loader.py
`_LET_GO_TOGETHER`): never more than a batch of it held beside the node handed out, and none once
the last node has been handed out."""

from __future__ import annotations

import gc

from iotplan.manifest import loader
from iotplan.manifest.loader import stream_parsed

HEADER = """apiVersion: iotplan/v1
stack: site
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
"""


# The device key of this test's nodes alone: what other tests in the process left alive is not counted.
DEVICE = "let-go-probe"


def _node_data() -> int:
    """This manifest's nodes' YAML data alive: each a mapping holding a list of device mappings (a
    model's own `__dict__` holds its Device models)."""
    return sum(
        type(each) is dict
        and isinstance(each.get("devices"), list)
        and bool(each["devices"])
        and all(type(device) is dict and device.get("key") == DEVICE for device in each["devices"])
        for each in gc.get_objects()
    )


def test_a_streamed_manifests_node_data_is_let_go_a_batch_at_a_time() -> None:
    nodes = 2 * loader._LET_GO_TOGETHER + 5
    text = HEADER + "".join(
        f"      - key: n{n}\n        devices:\n          - key: {DEVICE}\n" for n in range(nodes)
    )
    streamed = stream_parsed(text, "site.yaml")
    held = [_node_data() for _ in streamed.declared_nodes()]
    assert len(held) == nodes
    assert held[0] == nodes  # none let go before a batch is validated
    assert max(held[loader._LET_GO_TOGETHER :]) <= nodes - loader._LET_GO_TOGETHER  # the first batch's
    assert _node_data() == 0
