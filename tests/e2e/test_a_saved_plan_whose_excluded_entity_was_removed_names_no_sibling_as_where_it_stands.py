"""A plan saved with --exclude dam-a/logger-2#<short id>, of three devices whose refIds end alike;
another writer then removes the excluded one itself, so two siblings stay at dam-a/logger-2#<their
own short ids>. Its apply is refused naming no place for the excluded entity: it stands nowhere, and
each sibling is a different device, one the plan destroys."""

from __future__ import annotations

from iotplan.live.model import short_id
from tests.e2e.alike_siblings import plan_saved_over_strays, saved_plan_refused
from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_saved_plan_whose_excluded_entity_was_removed_names_no_sibling_as_where_it_stands(
    workspace: Workspace,
) -> None:
    plan_saved_over_strays(
        workspace,
        ("quickstart:dam-z/logger-2", 70),
        ("quickstart:dam-q/logger-2", 80),
        ("quickstart:dam-y/logger-2", 90),
    )
    excluded = f"dam-a/logger-2#{short_id(workspace.live_entity('quickstart:dam-q/logger-2')['id'])}"
    planned = workspace.run("plan", QUICKSTART, "--exclude", excluded, "--out", "plan.json")
    assert planned.exit_code in (0, 2), planned.output
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "remove", "refId": "quickstart:dam-q/logger-2"}]
    )

    said = saved_plan_refused(workspace)

    assert f"--exclude '{excluded}', which matches nothing the platform holds now" in said, said
    assert f"{excluded} now at" not in said, said
    assert said.endswith("run iotplan plan again"), said
