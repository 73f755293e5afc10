"""A declared sensor not yet live, beside a live one whose refId differs from its own only by
characters NFKC does not join (a hyphen U+2010 for `-`, a Cyrillic `е` for `e`), was created beside
it, exit 0, the look-alike listed as "not owned by stack": two sensors whose refIds read alike, the
history in the one iotplan does not write. A full-width look-alike was already refused. So was a
`moved` entry whose `from` is live only in another case, while one live only with a U+2010 hyphen
made the plan create anew, the old sensor and its history left aside. Both are refused now, naming
the characters they differ by, the look-alike's refId escaped."""

from __future__ import annotations

import pytest
import yaml

from tests.e2e.conftest import Workspace
from tests.e2e.test_look_alike_ref_ids_are_copies import connection, device, manifest, seeded, sensor, serials

HYPHEN = "qs:dam-a/lg/t\u2010new"  # the declared `qs:dam-a/lg/t-new` with U+2010 for `-`
CYRILLIC = "qs:dam-a/lg/t-n\u0435w"  # ... with a Cyrillic `е` for `e`
NAMED = {
    HYPHEN: "only by U+2010 HYPHEN for '-' at character 14",
    CYRILLIC: "only by U+0435 CYRILLIC SMALL LETTER IE for 'e' at character 16",
}
T_NEW = "              - {key: t-new, name: t, template: TEMPERATURE_SDE}\n"


def _with_t_new(workspace: Workspace, moved: str = "") -> str:
    path = manifest(workspace)
    (workspace.path / path).write_text((workspace.path / path).read_text() + T_NEW + moved)
    return path


def _seed(workspace: Workspace, look_alike: str) -> None:
    own = sensor("qs:dam-a/lg/t", 100)
    seeded(
        workspace, connection("qs:dam-a", "Dam A", device("qs:dam-a/lg", own, sensor(look_alike, 900, "o")))
    )


@pytest.mark.parametrize("look_alike", [HYPHEN, CYRILLIC])
def test_a_declared_sensor_is_not_created_beside_a_look_alike(workspace: Workspace, look_alike: str) -> None:
    _seed(workspace, look_alike)
    refused = workspace.run("plan", _with_t_new(workspace))
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, refused.output
    escaped = look_alike.encode("ascii", "backslashreplace").decode()
    assert f'carries "{escaped}", which differs from it {NAMED[look_alike]}' in said, said
    assert (
        "iotplan never creates dam-a/lg/t-new beside a live sensor whose refId only looks like its own"
        in said
    )
    adopt = said.split("Adopt it with `ref_id: ")[1].split("`")[0]
    assert adopt == f'"{escaped}"' and yaml.safe_load(f"ref_id: {adopt}") == {"ref_id": look_alike}
    applied = workspace.run("apply", "site.yaml", "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert serials(workspace, "sensors") == sorted(["qs:dam-a/lg/t", look_alike])


def test_a_moved_entry_whose_from_is_live_only_as_a_look_alike_is_refused(workspace: Workspace) -> None:
    _seed(workspace, "qs:dam-a/lg/t\u2010old")
    moved = "moved:\n  - {from: dam-a/lg/t-old, to: dam-a/lg/t-new}\n"
    refused = workspace.run("plan", _with_t_new(workspace, moved))
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, refused.output
    assert (
        'dam-a/lg/t-new: not found by its refId, nor by "qs:dam-a/lg/t-old" its `moved` entry renames from, '
        "but sensor "
        in said
        and "carries \"qs:dam-a/lg/t\\u2010old\", which differs from that only by U+2010 HYPHEN for '-' at "
        "character 14"
        in said
    ), said
    assert "iotplan does not create dam-a/lg/t-new beside it" in said, said
    assert "Rename it in the platform's web app" in said and "destroying 900 observations" in said, said
    assert "not owned by stack" not in said, said
