"""A live sensor `qs:dam-a/lg/pz-1О` (U+041E CYRILLIC CAPITAL LETTER O for the digit 0, 5,000
observations) beside a declared pz-10 reads as pz-10's own refId. While a letter stood for no digit,
the plan created pz-10 beside it (exit 0) and --prune-unmanaged destroyed it with its history. A
letter Unicode's confusables draw as the digit, standing alone, is a look-alike: refused beside,
never pruned."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_look_alike_ref_ids_are_copies import connection, device, manifest, seeded, sensor, serials

LOOK_ALIKE = "qs:dam-a/lg/pz-1\u041e"
PZ_10 = "              - {key: pz-10, name: Piezometer 10, template: TEMPERATURE_SDE}\n"


def _declaring_pz_10(workspace: Workspace) -> str:
    path = manifest(workspace)
    (workspace.path / path).write_text((workspace.path / path).read_text() + PZ_10)
    return path


def _seed(workspace: Workspace, *live: str) -> None:
    sensors = [sensor("qs:dam-a/lg/t", 100), *(sensor(each, 5000, "PZ-10") for each in live)]
    seeded(workspace, connection("qs:dam-a", "Dam A", device("qs:dam-a/lg", *sensors)))


@pytest.mark.parametrize("prune", [(), ("--prune-unmanaged",)], ids=["plan", "prune"])
def test_the_declared_sensor_is_not_created_beside_it(workspace: Workspace, prune: tuple[str, ...]) -> None:
    _seed(workspace, LOOK_ALIKE)
    refused = workspace.run("plan", _declaring_pz_10(workspace), *prune)
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, refused.output
    assert "which differs from it only by U+041E CYRILLIC CAPITAL LETTER O for '0' at character 17" in said, (
        said
    )
    assert 'Adopt it with `ref_id: "qs:dam-a/lg/pz-1\\u041e"`' in said, said
    assert "destroys" not in said, said
    assert serials(workspace, "sensors") == sorted(["qs:dam-a/lg/t", LOOK_ALIKE])


def test_prune_leaves_it_beside_the_declared_sensor_live(workspace: Workspace) -> None:
    _seed(workspace, "qs:dam-a/lg/pz-10", LOOK_ALIKE)
    planned = workspace.run("plan", _declaring_pz_10(workspace), "--prune-unmanaged")
    said = " ".join(planned.stdout.split())
    assert planned.exit_code == 0, planned.output
    assert "destroys" not in said and "0 to destroy" in said, planned.stdout
    assert (
        "differs from 'qs:dam-a/lg/pz-10' (sensor dam-a/lg/pz-10) only by U+041E CYRILLIC CAPITAL LETTER O "
        "for '0' at character 17"
    ) in said, planned.stdout


RUN_OF_THREE = (
    "qs:dam-a/lg/pz-1\u041e\u041e\u041e"  # three U+041E for `000`: the same letter repeated, no word
)
PZ_1000 = "              - {key: pz-1000, name: Piezometer 1000, template: TEMPERATURE_SDE}\n"


def test_prune_leaves_a_run_of_them_beside_the_declared_sensor_live(workspace: Workspace) -> None:
    """While a letter stood for a digit only in a run of at most two, `pz-1ООО` beside a declared,
    live pz-1000 was no look-alike, and --prune-unmanaged destroyed it with its 5,000 observations."""
    sensors = [
        sensor("qs:dam-a/lg/t", 100),
        *(sensor(each, 5000, "PZ-1000") for each in ("qs:dam-a/lg/pz-1000", RUN_OF_THREE)),
    ]
    seeded(workspace, connection("qs:dam-a", "Dam A", device("qs:dam-a/lg", *sensors)))
    path = manifest(workspace)
    (workspace.path / path).write_text((workspace.path / path).read_text() + PZ_1000)
    planned = workspace.run("plan", path, "--prune-unmanaged")
    said = " ".join(planned.stdout.split())
    assert planned.exit_code == 0, planned.output
    assert "destroys" not in said and "0 to destroy" in said, planned.stdout
    assert (
        "differs from 'qs:dam-a/lg/pz-1000' (sensor dam-a/lg/pz-1000) only by "
        "U+041E CYRILLIC CAPITAL LETTER O for '0' at character 17 and "
        "U+041E CYRILLIC CAPITAL LETTER O for '0' at character 18 and "
        "U+041E CYRILLIC CAPITAL LETTER O for '0' at character 19"
    ) in said, planned.stdout
    assert serials(workspace, "sensors") == sorted(["qs:dam-a/lg/t", "qs:dam-a/lg/pz-1000", RUN_OF_THREE])


@pytest.mark.parametrize("run", ["\u041e\u041e\u043e", "\u043e\u041e\u041e"], ids=["OOo", "oOO"])
def test_prune_leaves_a_run_of_a_capital_and_its_small_form_beside_the_declared_sensor_live(
    workspace: Workspace, run: str
) -> None:
    """`pz-1ООо` (two U+041E, a small U+043E) read as pz-1000 as `pz-1ООО` does, yet was no look-alike:
    --prune-unmanaged destroyed it with its 5,000 observations."""
    mixed = "qs:dam-a/lg/pz-1" + run
    sensors = [
        sensor("qs:dam-a/lg/t", 100),
        *(sensor(each, 5000, "PZ-1000") for each in ("qs:dam-a/lg/pz-1000", mixed)),
    ]
    seeded(workspace, connection("qs:dam-a", "Dam A", device("qs:dam-a/lg", *sensors)))
    path = manifest(workspace)
    (workspace.path / path).write_text((workspace.path / path).read_text() + PZ_1000)
    planned = workspace.run("plan", path, "--prune-unmanaged")
    said = " ".join(planned.stdout.split())
    assert planned.exit_code == 0, planned.output
    assert "destroys" not in said and "0 to destroy" in said, planned.stdout
    assert "CYRILLIC SMALL LETTER O for '0'" in said, planned.stdout
    assert serials(workspace, "sensors") == sorted(["qs:dam-a/lg/t", "qs:dam-a/lg/pz-1000", mixed])
