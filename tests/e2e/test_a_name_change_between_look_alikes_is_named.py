"""A name changed in the web app to a look-alike NFKC does not join (a Cyrillic `т` for `t`, a
non-breaking hyphen U+2011 for `-`) showed as `~ name: "т" → "t"` in plan and drift, both sides
alike to the eye, with no note: only NFC/NFD encodings were named. The note now names the
characters that differ."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_look_alike_ref_ids_are_copies import connection, device, manifest, seeded, sensor

NOTE = "(they read alike, differing only by U+0442 CYRILLIC SMALL LETTER TE for 't' at character 1)"


def _seed(workspace: Workspace) -> str:
    seeded(
        workspace,
        connection("qs:dam-a", "Dam A", device("qs:dam-a/lg", sensor("qs:dam-a/lg/t", 5, "\u0442"))),
    )
    return manifest(workspace)


def test_plan_names_the_look_alike_characters_of_a_name_change(workspace: Workspace) -> None:
    planned = workspace.run("plan", _seed(workspace))
    assert planned.exit_code == 0, planned.output
    assert f'~ name: "\u0442" → "t" {NOTE}' in planned.stdout, planned.stdout


def test_drift_names_them_too(workspace: Workspace) -> None:
    drifted = workspace.run("drift", _seed(workspace))
    assert NOTE in drifted.stdout, drifted.stdout
