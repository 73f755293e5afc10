"""A plan saved with --exclude dam-a/logger-2#<short id>, of three devices whose refIds end alike;
another writer then removes the excluded one itself, so two siblings stay at dam-a/logger-2#<their
own short ids>. Its apply is refused naming no place for the excluded entity: it stands nowhere, and
each sibling is a different device, one the plan destroys."""

from __future__ import annotations

from tests.e2e.alike_siblings import plan_saved_excluding, saved_plan_refused
from tests.e2e.conftest import Workspace


def test_a_saved_plan_whose_excluded_entity_was_removed_names_no_sibling_as_where_it_stands(
    workspace: Workspace,
) -> None:
    excluded = plan_saved_excluding(
        workspace,
        "quickstart:dam-q/logger-2",
        ("quickstart:dam-z/logger-2", 70),
        ("quickstart:dam-q/logger-2", 80),
        ("quickstart:dam-y/logger-2", 90),
    )
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "remove", "refId": "quickstart:dam-q/logger-2"}]
    )

    said = saved_plan_refused(workspace)

    assert f"--exclude '{excluded}', which matches nothing the platform holds now" in said, said
    assert f"{excluded} now at" not in said, said
    assert said.endswith("run iotplan plan again"), said
