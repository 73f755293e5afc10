"""`--exclude dam‐a` typed with a U+2010 hyphen matched nothing, and the refusal offered `did you mean
'dam-a'?`, quoting both alike to the eye: nothing said what to change. Now the option is quoted
escaped and the characters it differs by are named."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_look_alike_ref_ids_are_copies import DAM_A, manifest, seeded


def test_a_look_alike_exclude_names_the_character_that_differs(workspace: Workspace) -> None:
    seeded(workspace, DAM_A)
    planned = workspace.run("plan", manifest(workspace), "--exclude", "dam\u2010a")
    assert planned.exit_code == 1, planned.output
    said = " ".join(planned.stderr.split())
    assert (
        "did you mean 'dam-a'? \"dam\\u2010a\" differs from it only by U+2010 HYPHEN for '-' at character 4"
        in said
    ), planned.stderr
