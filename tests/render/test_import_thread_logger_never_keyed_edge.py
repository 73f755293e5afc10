"""A THREAD logger whose serial (or, its serial being no key, whose name) is `edge` was imported
keyed `edge`: the manifest `import` wrote was refused by validate, the key of the node's gateway
settings (`{node}/edge/port1.power`) being reserved under a THREAD."""

from __future__ import annotations

import pytest

from iotplan.live.model import LiveEntity
from iotplan.manifest import parse_manifest
from tests.render.test_import_thread_ids import plan_of_it_keeps_all
from tests.render.test_imported import connection, entity, imported, nodes


@pytest.mark.parametrize(
    ("serial", "name"),
    [
        ("edge", "VW"),
        ("no key", "edge"),
    ],  # keyed by its serial, or by its name (a serial with a space is no key)
)
def test_a_thread_logger_serial_or_named_edge_is_imported_under_another_key(serial: str, name: str) -> None:
    thread = entity("/fn/4A1B2C/node", SERIAL_NO="4A1B2C", NAME="THREAD north")
    logger = LiveEntity(
        f"/fn/4A1B2C/node/vwlogger/{serial}/device",
        {"NAME": name, "EXTERNAL_PORT": 1},
        thread.id,
        "VW_LOGGER",
    )
    sensor = LiveEntity(
        f"{logger.id}/port1.power/sensor", {"NAME": "pz", "MUX_INDEX": 1}, logger.id, "VW_PIEZOMETER"
    )
    live = connection(thread, (logger, [sensor]))
    text = imported(live)
    [device] = nodes(text)[0]["devices"]
    assert device["key"] == "edge-2"
    parse_manifest(text, "imported.yaml")  # validate takes it
    plan_of_it_keeps_all(text, live)
