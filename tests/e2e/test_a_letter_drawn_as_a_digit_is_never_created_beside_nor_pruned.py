"""A live sensor `qs:dam-a/lg/pz-1О` (U+041E CYRILLIC CAPITAL LETTER O for the digit 0, 5,000
observations) beside a declared pz-10 reads as pz-10's own refId. While a letter stood for no digit,
the plan created pz-10 beside it (exit 0) and --prune-unmanaged destroyed it with its history. A
letter Unicode's confusables draw as the digit, standing alone, is a look-alike: refused beside,
never pruned."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_look_alike_ref_ids_are_copies import declaring, pruned_beside_t, seeded_beside_t, serials

LOOK_ALIKE = "qs:dam-a/lg/pz-1\u041e"
PZ_10 = "              - {key: pz-10, name: Piezometer 10, template: TEMPERATURE_SDE}\n"


@pytest.mark.parametrize("prune", [(), ("--prune-unmanaged",)], ids=["plan", "prune"])
def test_the_declared_sensor_is_not_created_beside_it(workspace: Workspace, prune: tuple[str, ...]) -> None:
    seeded_beside_t(workspace, "PZ-10", LOOK_ALIKE)
    refused = workspace.run("plan", declaring(workspace, PZ_10), *prune)
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, refused.output
    assert "which differs from it only by U+041E CYRILLIC CAPITAL LETTER O for '0' at character 17" in said, (
        said
    )
    assert 'Adopt it with `ref_id: "qs:dam-a/lg/pz-1\\u041e"`' in said, said
    assert "destroys" not in said, said
    assert serials(workspace, "sensors") == sorted(["qs:dam-a/lg/t", LOOK_ALIKE])


def test_prune_leaves_it_beside_the_declared_sensor_live(workspace: Workspace) -> None:
    said = pruned_beside_t(workspace, PZ_10, "PZ-10", "qs:dam-a/lg/pz-10", LOOK_ALIKE)
    assert (
        "differs from 'qs:dam-a/lg/pz-10' (sensor dam-a/lg/pz-10) only by U+041E CYRILLIC CAPITAL LETTER O "
        "for '0' at character 17"
    ) in said, said


RUN_OF_THREE = (
    "qs:dam-a/lg/pz-1\u041e\u041e\u041e"  # three U+041E for `000`: the same letter repeated, no word
)
PZ_1000 = "              - {key: pz-1000, name: Piezometer 1000, template: TEMPERATURE_SDE}\n"


def test_prune_leaves_a_run_of_them_beside_the_declared_sensor_live(workspace: Workspace) -> None:
    """While a letter stood for a digit only in a run of at most two, `pz-1ООО` beside a declared,
    live pz-1000 was no look-alike, and --prune-unmanaged destroyed it with its 5,000 observations."""
    said = pruned_beside_t(workspace, PZ_1000, "PZ-1000", "qs:dam-a/lg/pz-1000", RUN_OF_THREE)
    assert (
        "differs from 'qs:dam-a/lg/pz-1000' (sensor dam-a/lg/pz-1000) only by "
        "U+041E CYRILLIC CAPITAL LETTER O for '0' at character 17 and "
        "U+041E CYRILLIC CAPITAL LETTER O for '0' at character 18 and "
        "U+041E CYRILLIC CAPITAL LETTER O for '0' at character 19"
    ) in said, said
    assert serials(workspace, "sensors") == sorted(["qs:dam-a/lg/t", "qs:dam-a/lg/pz-1000", RUN_OF_THREE])


@pytest.mark.parametrize("run", ["\u041e\u041e\u043e", "\u043e\u041e\u041e"], ids=["OOo", "oOO"])
def test_prune_leaves_a_run_of_a_capital_and_its_small_form_beside_the_declared_sensor_live(
    workspace: Workspace, run: str
) -> None:
    """`pz-1ООо` (two U+041E, a small U+043E) read as pz-1000 as `pz-1ООО` does, yet was no look-alike:
    --prune-unmanaged destroyed it with its 5,000 observations."""
    mixed = "qs:dam-a/lg/pz-1" + run
    said = pruned_beside_t(workspace, PZ_1000, "PZ-1000", "qs:dam-a/lg/pz-1000", mixed)
    assert "CYRILLIC SMALL LETTER O for '0'" in said, said
    assert serials(workspace, "sensors") == sorted(["qs:dam-a/lg/t", "qs:dam-a/lg/pz-1000", mixed])
