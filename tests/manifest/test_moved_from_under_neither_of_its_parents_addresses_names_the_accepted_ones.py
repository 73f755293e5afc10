"""A `from` beneath a renamed connection and a renamed device written under an address neither had
(the connection's old key, the device's new one) is refused: the refusal said only that an entity
cannot move to another parent. It now names the spellings accepted: the address the sensor has on the
platform now, and the one under its parents' new addresses."""

from __future__ import annotations

from tests.manifest.refused_sites import only_problem

MIXED = """\
apiVersion: iotplan/v1
stack: t
projects:
  - id: p1
    nodes:
      - key: dam-b
        devices:
          - key: logger-2
            sensors: [{key: crack-2, template: TEMPERATURE_SDE}]
moved:
  - {from: dam-a, to: dam-b}
  - {from: dam-a/logger-1, to: dam-b/logger-2}
  - {from: dam-a/logger-2/crack-1, to: dam-b/logger-2/crack-2}
"""


def test_a_from_under_neither_parent_address_names_the_accepted_ones(tmp_path) -> None:  # type: ignore[no-untyped-def]
    problem = only_problem(tmp_path, MIXED)
    assert (problem.line, problem.address) == (13, "moved[2]")
    assert "cannot move to another parent" in problem.message
    assert "`from: dam-a/logger-1/crack-1`, its address on the platform now" in problem.message
    assert "or `from: dam-b/logger-2/crack-1`" in problem.message
