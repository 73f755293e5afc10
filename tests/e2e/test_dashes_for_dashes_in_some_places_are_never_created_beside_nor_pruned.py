"""A live sensor whose refId has a dash for `-` in four places, a plain `-` kept in a fifth (as a tool
or a hand retyping part of it leaves it), passed the three-places limit of a look-alike: the plan
created the declared sensor beside it, exit 0, and --prune-unmanaged planned its removal with its
history. So did one whose last `-` is a full-width `－` (an IME types it), which NFKC folds to `-`.
A dash for a dash never makes another word: refused beside, never pruned, in any number of places."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_look_alike_ref_ids_are_copies import declaring, pruned_beside_t, seeded_beside_t, serials

SOME = "qs:dam\u2010a/lg/t\u20101\u2010a\u2010b-c"  # the declared `qs:dam-a/lg/t-1-a-b-c`, four U+2010
FULL_WIDTH = "qs:dam\u2010a/lg/t\u20101\u2010a\u2010b\uff0dc"  # ... the last `-` a full-width `－`
DECLARED = "qs:dam-a/lg/t-1-a-b-c"
T_1_A_B_C = "              - {key: t-1-a-b-c, name: t, template: TEMPERATURE_SDE}\n"


@pytest.mark.parametrize("look_alike", [SOME, FULL_WIDTH], ids=["four of five", "the fifth full-width"])
@pytest.mark.parametrize("prune", [(), ("--prune-unmanaged",)], ids=["plan", "prune"])
def test_the_declared_sensor_is_not_created_beside_it(
    workspace: Workspace, look_alike: str, prune: tuple[str, ...]
) -> None:
    seeded_beside_t(workspace, "another's", look_alike)
    refused = workspace.run("plan", declaring(workspace, T_1_A_B_C), *prune)
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, refused.output
    assert "which differs from it only by U+2010 HYPHEN for '-' at character 7" in said, said
    assert "iotplan never creates dam-a/lg/t-1-a-b-c beside a live sensor whose refId only looks" in said, (
        said
    )
    assert "destroys" not in said, said
    assert serials(workspace, "sensors") == sorted(["qs:dam-a/lg/t", look_alike])


def test_prune_leaves_it_beside_the_declared_sensor_live(workspace: Workspace) -> None:
    said = pruned_beside_t(workspace, T_1_A_B_C, "another's", DECLARED, SOME)
    assert (
        "differs from 'qs:dam-a/lg/t-1-a-b-c' (sensor dam-a/lg/t-1-a-b-c) only by U+2010 HYPHEN for '-' at "
        "character 7"
    ) in said, said
