"""A `ref_id:` equal to the refId a `moved` entry's `from` names (`{key: spare, ref_id: "t:dam-a/logger-1"}`
beside `{from: dam-a/logger-1, to: dam-a/logger-2}`) takes the very entity the entry moves: two declared
entities would be one on the platform, the plan renaming it to one and writing the other's name to it
while removing its sensors. It is refused at the `ref_id:` line, as the plain address is refused still
declared; so is one naming it under its parents' new keys (an earlier apply having made their moves), or
naming one of its sensors, which move with it."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError, Problem
from iotplan.manifest import load_manifest

SITE = """\
apiVersion: iotplan/v1
stack: t
projects:
  - id: p1
    nodes:
      - key: {node}
        devices:
          - key: logger-2
            template: DEMO_DEVICE_SDE
            sensors:
              - {{key: crack-1, template: TEMPERATURE_SDE}}
          - key: spare
            ref_id: "{pinned}"
            template: DEMO_DEVICE_SDE
          - key: other
            template: DEMO_DEVICE_SDE
            sensors:
              - {{key: crack-9, template: TEMPERATURE_SDE, ref_id: "{pinned_sensor}"}}
moved:
{moves}
"""
DEVICE_MOVED = "  - {from: dam-a/logger-1, to: dam-a/logger-2}"
UNDER_MOVED_NODE = "  - {from: dam-x, to: dam-a}\n  - {from: dam-x/logger-1, to: dam-a/logger-2}"


def problems(folder, site: str) -> list[Problem]:  # type: ignore[no-untyped-def]
    path = folder / "site.yaml"
    path.write_text(site)
    with pytest.raises(ManifestError) as raised:
        load_manifest(str(path))
    return list(raised.value.problems)


@pytest.mark.parametrize(
    ("moves", "pinned", "pinned_sensor", "line", "named"),
    [
        (DEVICE_MOVED, "t:dam-a/logger-1", "t:elsewhere/x", 13, "t:dam-a/logger-1"),
        (DEVICE_MOVED, "t:elsewhere/x", "t:dam-a/logger-1/crack-1", 18, "t:dam-a/logger-1/crack-1"),
        (UNDER_MOVED_NODE, "t:dam-x/logger-1", "t:elsewhere/x", 13, "t:dam-x/logger-1"),
        (UNDER_MOVED_NODE, "t:dam-a/logger-1", "t:elsewhere/x", 13, "t:dam-a/logger-1"),
    ],
)
def test_a_ref_id_naming_what_a_moved_entry_moves_is_refused_at_its_line(  # type: ignore[no-untyped-def]
    tmp_path, moves: str, pinned: str, pinned_sensor: str, line: int, named: str
) -> None:
    site = SITE.format(node="dam-a", pinned=pinned, pinned_sensor=pinned_sensor, moves=moves)
    [problem] = [each for each in problems(tmp_path, site) if "still declared" in each.message]
    assert problem.line == line
    assert named in problem.message
    assert "moved[" in problem.message
