"""An imported location with an elevation is written `{lat, lon, elevation}`, as README and the
examples write it, not with its keys sorted (`{elevation: 20.5, lat: -41.27, lon: 174.785}`)."""

from __future__ import annotations

import pytest

from iotplan.live.model import LiveEntity
from tests.render.test_imported import connection, entity, imported

GEOJSON = {"type": "Point", "coordinates": [174.785, -41.27, 20.5]}


@pytest.mark.parametrize("kind", ["api", "thread"])
def test_a_location_with_an_elevation_is_written_lat_lon_elevation(kind: str) -> None:
    if kind == "api":
        node = entity("/api/B08851/node", SERIAL_NO="dams:dam-a", NAME="Dam A", LOCATION=GEOJSON)
        live = connection(node)
    else:
        thread = entity("/fn/4A1B2C/node", SERIAL_NO="4A1B2C", NAME="THREAD north")
        logger = LiveEntity(
            "/fn/4A1B2C/node/vwlogger/77/device",
            {"EXTERNAL_PORT": 1, "LOCATION": GEOJSON},
            thread.id,
            "VW_LOGGER",
        )
        live = connection(thread, (logger, []))

    text = imported(live)

    assert "location: {lat: -41.27, lon: 174.785, elevation: 20.5}" in text, text
