"""A `ref_id:` merely lying beneath what a `moved` entry moves is no double claim: a sensor pinned by an
earlier rename (`ref_id: "t:dam-a/weather/air-temp"` on dam-z/wx/air-temp) once its connection is moved
`{from: dam-a, to: dam-z}`, or a pin to a refId that never was (`t:dam-a/logger-1/brand-new` beside
`{from: dam-a/logger-1, to: dam-a/logger-2}`), names nothing declared at the address the entry moves it to.
validate refused both as "still declared", advising to drop the `moved` entry (which would recreate the
connection). Only one entity takes that refId: it is valid."""

from __future__ import annotations

import pytest

from iotplan.manifest import load_manifest

SITE = """\
apiVersion: iotplan/v1
stack: t
projects:
  - id: p1
    nodes:
      - key: {node}
        devices:
          - key: {device}
            template: DEMO_DEVICE_SDE
            sensors:
              - {{key: {sensor}, template: TEMPERATURE_SDE, ref_id: "{pinned}"}}
moved:
  - {{from: {old}, to: {new}}}
"""
# fz95's s6.yaml: the sensor pinned where an earlier apply renamed weather → wx, its connection moved now.
PINNED_BY_AN_EARLIER_RENAME = dict(
    node="dam-z", device="wx", sensor="air-temp", pinned="t:dam-a/weather/air-temp", old="dam-a", new="dam-z"
)
NEVER_WAS = dict(
    node="dam-a",
    device="logger-2",
    sensor="fresh",
    pinned="t:dam-a/logger-1/brand-new",
    old="dam-a/logger-1",
    new="dam-a/logger-2",
)


@pytest.mark.parametrize(
    "site", [PINNED_BY_AN_EARLIER_RENAME, NEVER_WAS], ids=["earlier-rename", "never-was"]
)
def test_a_ref_id_beneath_a_moved_entitys_old_address_naming_nothing_declared_there_is_valid(  # type: ignore[no-untyped-def]
    tmp_path, site: dict[str, str]
) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(SITE.format(**site))

    manifest = load_manifest(str(path))

    assert manifest.stack == "t"
