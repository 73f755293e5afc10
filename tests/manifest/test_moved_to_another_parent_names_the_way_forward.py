"""`moved: [{from: dam-a/logger-1, to: dam-b/logger-1}]` was refused with "an entity cannot move to
another parent on the platform: only keys can change" and no way forward (fz107). It now names the two:
keep the device under its parent (declare it back there and drop the entry, or rename it there), or
drop the entry so that the plan removes it with its history (--allow-destroy where it holds any) and
creates it anew under the other parent. Both ways once began "delete this entry", which, the device
still declared under dam-b, removed it with its history: keeping it now says to declare it back."""

from __future__ import annotations

from tests.manifest.refused_sites import only_problem

TO_ANOTHER_CONNECTION = """\
apiVersion: iotplan/v1
stack: t
projects:
  - id: p1
    nodes:
      - key: dam-a
      - key: dam-b
        devices: [{key: logger-1, template: DEMO_DEVICE_SDE}]
moved:
  - {from: dam-a/logger-1, to: dam-b/logger-1}
"""


def test_a_move_to_another_parent_names_the_way_forward(tmp_path) -> None:  # type: ignore[no-untyped-def]
    problem = only_problem(tmp_path, TO_ANOTHER_CONNECTION)
    assert (problem.line, problem.address) == (10, "moved[0]")
    assert problem.message == (
        "an entity cannot move to another parent on the platform: only keys can change; keep "
        "dam-a/logger-1 under dam-a (declare it back under dam-a and delete this entry, or rename it there: "
        "declare it as dam-a/NEW-KEY with `to: dam-a/NEW-KEY`), or, to move it indeed, delete the entry: "
        "the plan then removes dam-a/logger-1 with its observation history (--allow-destroy where it holds "
        "any) and creates dam-b/logger-1 anew"
    )
