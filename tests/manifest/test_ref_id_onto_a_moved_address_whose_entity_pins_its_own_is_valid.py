"""A `ref_id:` naming a sensor a `moved` entry moves (`{key: at2, ref_id: "t:dam-a/weather/air-temp"}` beside
`{from: dam-a/weather, to: dam-a/wx}`) is no double claim when the entity declared where the entry moves it
(dam-a/wx/air-temp) pins a `ref_id:` of its own: that entity is read through its pin, never through the moved
refId, so only at2 takes the sensor. validate refused at2 as "still declared" (cr126's S6). A pin there naming
the same refId as at2's is two claims on one sensor, and is still refused."""

from __future__ import annotations

from iotplan.manifest import load_manifest
from tests.manifest.refused_sites import problems

SITE = """\
apiVersion: iotplan/v1
stack: t
projects:
  - id: p1
    nodes:
      - key: dam-a
        devices:
          - key: wx
            template: DEMO_DEVICE_SDE
            sensors:
              - {{key: air-temp, template: BATTERY_CHARGE_SDE, ref_id: "{target_pin}"}}
              - {{key: at2, template: TEMPERATURE_SDE, ref_id: "t:dam-a/weather/air-temp"}}
moved:
  - {{from: dam-a/weather, to: dam-a/wx}}
"""


def test_a_ref_id_onto_a_moved_address_whose_entity_pins_another_refid_is_valid(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "site.yaml"
    path.write_text(SITE.format(target_pin="t:dam-a/weather/battery"))

    manifest = load_manifest(str(path))

    assert manifest.stack == "t"


def test_a_ref_id_onto_a_moved_address_whose_entity_pins_the_same_refid_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    refused = problems(tmp_path, SITE.format(target_pin="T:dam-a/weather/air-temp"))

    refused_at_at2 = [problem.message for problem in refused if problem.line == 12]
    assert any("two entities would be one" in message for message in refused_at_at2), refused_at_at2
    assert any("still declared" in message for message in refused_at_at2), refused_at_at2
