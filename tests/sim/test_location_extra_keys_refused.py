"""The `rest-location-extra-keys-refused` variant, with raw HTTP requests: a LOCATION carrying a key
the reference does not show (another tool's `crs`) is stored by default, refused 400 naming it under
the variant, on a new entity as on an update, nothing written; a seed still stores one."""

from __future__ import annotations

from typing import Any

from iotplan.sim import create_app, demo_seed
from tests.sim.test_integrate_rules import PROJECT, Platform, device, sensor

VARIANT = "rest-location-extra-keys-refused"
CRS = {"type": "name", "properties": {"name": "EPSG:4326"}}
WITH_CRS = {"type": "Point", "coordinates": [174.78, -41.27, 20.0], "crs": CRS}
DOCUMENTED = {"type": "Point", "coordinates": [174.78, -41.27, 20.0]}


def _renamed_with(location: dict[str, Any], node_id: str) -> dict[str, Any]:
    return {"nodeId": node_id, "changeState": "update", "props": {"NAME": "Dam", "LOCATION": location}}


def _refusal(response: Any) -> tuple[int, Any]:
    return response.status_code, response.json()


def test_rest_location_extra_keys_refused() -> None:
    default, variant = Platform(), Platform(VARIANT)
    node = default.node()["node"]
    assert default.integrate(_renamed_with(WITH_CRS, node["id"])).status_code == 200
    assert default.read(node["id"])["node"]["props"]["LOCATION"] == WITH_CRS
    node = variant.node()["node"]
    assert _refusal(variant.integrate(_renamed_with(WITH_CRS, node["id"]))) == (
        400,
        {"errors": [{"message": "Extra inputs are not permitted", "path": "integration.props.LOCATION.crs"}]},
    )
    props = variant.read(node["id"])["node"]["props"]
    assert "LOCATION" not in props and props["NAME"] != "Dam", "nothing of the refused call is written"
    assert variant.integrate(_renamed_with(DOCUMENTED, node["id"])).status_code == 200


def test_a_new_sensor_whose_location_has_a_key_of_its_own_is_refused_where_it_is() -> None:
    platform = Platform(VARIANT)
    new = sensor("s1", LOCATION={**DOCUMENTED, "epsg": 4326})
    answer = platform.integrate({"changeState": "new", "refId": "t:n", "devices": [device("d1", new)]})
    assert _refusal(answer) == (
        400,
        {
            "errors": [
                {
                    "message": "Extra inputs are not permitted",
                    "path": "integration.devices[0].sensors[0].props.LOCATION.epsg",
                }
            ]
        },
    )


def test_a_seed_stores_a_location_with_a_key_of_its_own_under_the_variant() -> None:
    seed = demo_seed()
    connection = {"ref_id": "other:dam", "props": {"NAME": "Dam", "LOCATION": WITH_CRS}}
    seed["networks"] = [{"project": PROJECT, "connections": [connection]}]
    platform = Platform(VARIANT)
    platform.app = create_app(seed=seed, variants=[VARIANT])
    listed = platform.call("GET", "/api/nodes/all", params={"projectIds": PROJECT}).json()
    assert [node["props"]["LOCATION"] for node in listed if node["props"]["SERIAL_NO"] == "other:dam"] == [
        WITH_CRS
    ]
