"""A `from` written under its parents' old keys names, beneath parents this manifest moves, the
entity under their new keys once an earlier apply made their moves: where that address is declared
(`dam-b/logger-1/crack-1` beside `{from: dam-a/logger-1/crack-1, to: dam-b/logger-1/crack-old}`), the
entry would rename another declared entity. It is refused as still declared at its line, as the plain
spelling is, a sensor's entry or a device's alike."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError, Problem
from iotplan.manifest import load_manifest

HEAD = """\
apiVersion: iotplan/v1
stack: t
projects:
  - id: p1
    nodes:
      - key: dam-b
        devices:
"""
SENSOR = (
    HEAD
    + """\
          - key: logger-1
            template: DEMO_DEVICE_SDE
            sensors:
              - {key: crack-1, template: TEMPERATURE_SDE}
              - {key: crack-old, template: TEMPERATURE_SDE}
moved:
  - {from: dam-a, to: dam-b}
  - {from: dam-a/logger-1/crack-1, to: dam-b/logger-1/crack-old}
"""
)
DEVICE = (
    HEAD
    + """\
          - {key: logger-1, template: DEMO_DEVICE_SDE}
          - {key: logger-9, template: DEMO_DEVICE_SDE}
moved:
  - {from: dam-a, to: dam-b}
  - {from: dam-a/logger-1, to: dam-b/logger-9}
"""
)


def problems(folder, site: str) -> list[Problem]:  # type: ignore[no-untyped-def]
    path = folder / "site.yaml"
    path.write_text(site)
    with pytest.raises(ManifestError) as raised:
        load_manifest(str(path))
    return list(raised.value.problems)


@pytest.mark.parametrize(
    ("site", "old", "line"), [(SENSOR, "dam-a/logger-1/crack-1", 15), (DEVICE, "dam-a/logger-1", 12)]
)
def test_a_from_declared_under_its_parents_new_keys_is_refused_as_still_declared(  # type: ignore[no-untyped-def]
    tmp_path, site: str, old: str, line: int
) -> None:
    [problem] = [each for each in problems(tmp_path, site) if each.address == "moved[1]"]
    assert problem.line == line
    assert problem.message.startswith(
        f"'from: {old}' is still declared: a moved entity must exist only at its new address"
    )
