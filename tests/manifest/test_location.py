from iotplan.manifest import Location


def test_wellington_is_sent_longitude_first() -> None:
    # The reference's Wellington examples carry coordinates [174.78, -41.27, 20].
    wellington = Location(lat=-41.27, lon=174.78, elevation=20)
    assert wellington.to_geojson() == {"type": "Point", "coordinates": [174.78, -41.27, 20]}


def test_missing_elevation_is_sent_as_null() -> None:
    assert Location(lat=1.5, lon=2.5).to_geojson()["coordinates"] == [2.5, 1.5, None]
