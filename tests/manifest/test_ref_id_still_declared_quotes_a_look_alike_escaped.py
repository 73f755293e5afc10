"""A `ref_id:` that names what a `moved` entry moves only as folded (a full-width hyphen for `-`) was
quoted raw in its refusal, reading as the plain refId. It is quoted escaped now, as other lines quote it."""

from __future__ import annotations

from tests.manifest.test_ref_id_naming_a_moved_entitys_old_refid_is_still_declared import (
    DEVICE_MOVED,
    SITE,
    problems,
)


def test_a_look_alike_ref_id_still_declared_is_quoted_escaped(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pinned = "t:dam-a/logger\\uff0d1"  # YAML reads the escape back as U+FF0D
    site = SITE.format(node="dam-a", pinned=pinned, pinned_sensor="t:elsewhere/x", moves=DEVICE_MOVED)
    [problem] = [each for each in problems(tmp_path, site) if "still declared" in each.message]
    assert 'ref_id "t:dam-a/logger\\uff0d1" is still declared' in problem.message, problem.message
