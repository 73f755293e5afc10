"""A live sensor whose refId is a declared one's plus a trailing U+2800 BRAILLE PATTERN BLANK, which
draws as nothing and NFKC keeps, was no look-alike: only one of the same length was. A sensor was
created beside it (exit 0, its history left in the other), a `moved` entry whose `from` was live only
so spelt created anew, and --prune-unmanaged planned its removal. All three now treat it as the
U+2010 look-alike is treated, naming the character it adds."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_a_creation_beside_a_look_alike_nfkc_does_not_join_is_refused import _seed, _with_t_new
from tests.e2e.test_look_alike_ref_ids_are_copies import connection, device, manifest, seeded, sensor, serials

BLANK = "qs:dam-a/lg/t-new\u2800"  # the declared `qs:dam-a/lg/t-new` and a U+2800 after it
ADDED = "only by U+2800 BRAILLE PATTERN BLANK added at character 18"


def test_a_declared_sensor_is_not_created_beside_one_with_a_trailing_blank(workspace: Workspace) -> None:
    _seed(workspace, BLANK)
    refused = workspace.run("plan", _with_t_new(workspace))
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, refused.output
    assert f'carries "qs:dam-a/lg/t-new\\u2800", which differs from it {ADDED}' in said, said
    applied = workspace.run("apply", "site.yaml", "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert serials(workspace, "sensors") == sorted(["qs:dam-a/lg/t", BLANK])


def test_a_moved_entry_whose_from_is_live_with_a_trailing_blank_is_refused(workspace: Workspace) -> None:
    _seed(workspace, "qs:dam-a/lg/t-old\u2800")
    moved = "moved:\n  - {from: dam-a/lg/t-old, to: dam-a/lg/t-new}\n"
    refused = workspace.run("plan", _with_t_new(workspace, moved))
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, refused.output
    assert 'carries "qs:dam-a/lg/t-old\\u2800", which differs from that only by U+2800' in said, said


def test_prune_leaves_a_sensor_with_a_trailing_blank(workspace: Workspace) -> None:
    own, blank = sensor("qs:dam-a/lg/t", 100), sensor("qs:dam-a/lg/t\u2800", 300, "b")
    seeded(workspace, connection("qs:dam-a", "Dam A", device("qs:dam-a/lg", own, blank)))
    planned = workspace.run("plan", manifest(workspace), "--prune-unmanaged")
    said = " ".join(planned.stdout.split())
    assert planned.exit_code == 0, planned.output
    assert "0 to destroy" in said and "destroys 300" not in said, planned.stdout
    assert (
        "its refId \"qs:dam-a/lg/t\\u2800\" differs from 'qs:dam-a/lg/t' (sensor dam-a/lg/t) only by "
        "U+2800 BRAILLE PATTERN BLANK added at character 14" in said
    ), planned.stdout


def test_the_refusal_spells_the_refid_to_rename_to(workspace: Workspace) -> None:
    _seed(workspace, "qs:dam-a/lg/t-old\u2800")
    moved = "moved:\n  - {from: dam-a/lg/t-old, to: dam-a/lg/t-new}\n"
    refused = workspace.run("plan", _with_t_new(workspace, moved))
    said = " ".join(refused.output.split())
    assert 'Rename it in the platform\'s web app to "qs:dam-a/lg/t-new" (the refId' in said, said


def test_a_target_with_a_trailing_blank_names_it(workspace: Workspace) -> None:
    seeded(workspace, connection("qs:dam-a", "Dam A", device("qs:dam-a/lg", sensor("qs:dam-a/lg/t", 1))))
    planned = workspace.run("plan", manifest(workspace), "--target", "dam-a/lg/t\u2800")
    said = " ".join(planned.stderr.split())
    assert planned.exit_code == 1, planned.output
    assert (
        "did you mean 'dam-a/lg/t'? \"dam-a/lg/t\\u2800\" differs from it only by U+2800 BRAILLE PATTERN "
        "BLANK added at character 11" in said
    ), planned.stderr
