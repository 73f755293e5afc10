"""A `from` beneath a parent may be written under the parent's old address or its new one; where a
swap makes those two different entities (`dam-a/logger-2` is logger-1's new address and logger-2's
old one), which sensor `dam-a/logger-2/crack-1` names is no rule's to guess: it is refused at its
entry, naming both, whatever the swap's own entries are refused for."""

from __future__ import annotations

from tests.manifest.refused_sites import problems

SWAPPED = """\
apiVersion: iotplan/v1
stack: t
projects:
  - id: p1
    nodes:
      - key: dam-a
        devices:
          - {key: logger-1}
          - key: logger-2
            sensors: [{key: crack-2, template: TEMPERATURE_SDE}]
moved:
  - {from: dam-a/logger-1, to: dam-a/logger-2}
  - {from: dam-a/logger-2, to: dam-a/logger-1}
  - {from: dam-a/logger-2/crack-1, to: dam-a/logger-2/crack-2}
"""


def test_a_from_under_a_swapped_parent_is_refused_naming_both_readings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    [problem] = [each for each in problems(tmp_path, SWAPPED) if each.address == "moved[2]"]
    assert problem.line == 14
    assert "'from: dam-a/logger-2/crack-1'" in problem.message
    assert "could name two entities: dam-a/logger-2/crack-1, as the platform has it now" in problem.message
    assert "or dam-a/logger-1/crack-1, reading dam-a/logger-2 as the address" in problem.message
    assert "Write `from:` with the address it has on the platform now" in problem.message
