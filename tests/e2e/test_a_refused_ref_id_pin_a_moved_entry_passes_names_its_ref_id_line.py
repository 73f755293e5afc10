"""A sensor pinned `ref_id: quickstart:dam-a/logger-2/pz-1` beneath logger-1 renamed logger-2 by its
`moved` entry: the entry does not rewrite a `ref_id:`, so the plan is refused, every way out it offers
an edit of that `ref_id:`. The refusal is told at the `ref_id:` line; it was told at the `moved`
entry, which its text names only to say it leaves the pin as written."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

PZ_1 = "              - key: pz-1\n"
PIN = "                ref_id: quickstart:dam-a/logger-2/pz-1\n"


def test_a_refused_ref_id_pin_a_moved_entry_passes_names_its_ref_id_line(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "- key: logger-1\n", "- key: logger-2\n")
    workspace.edit(
        QUICKSTART, "defaults:\n", "moved:\n  - {from: dam-a/logger-1, to: dam-a/logger-2}\ndefaults:\n"
    )
    workspace.edit(QUICKSTART, PZ_1, PZ_1 + PIN)

    shown = workspace.run("plan", QUICKSTART)

    assert shown.exit_code == 1, shown.output
    lines = (workspace.path / QUICKSTART).read_text().splitlines(keepends=True)
    where = f"{QUICKSTART}:{lines.index(PIN) + 1}:{PIN.index('quickstart') + 1}"
    refusal = next(text for text in shown.output.splitlines() if "is kept as written" in text)
    assert refusal.startswith(f"  {where}: dam-a/logger-2/pz-1: not found by its refId"), refusal
