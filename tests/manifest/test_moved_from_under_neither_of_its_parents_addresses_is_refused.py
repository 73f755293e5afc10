"""A `from` beneath a renamed connection and a renamed device may be written under each parent's
old address or its new one, never under an address neither parent had: `dam-a/logger-2/crack-1`
(the old connection, the device's new key) was the old connection renamed onto the new device key
and accepted, and the plan found nothing by it."""

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


def test_a_from_under_neither_of_its_parents_addresses_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    problem = only_problem(tmp_path, MIXED)
    assert (problem.line, problem.address) == (13, "moved[2]")
    assert "cannot move to another parent" in problem.message
