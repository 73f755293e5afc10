"""A stack really renamed in case only (applied as `stack: QUICKSTART`, then spelt `quickstart` with a
new connection dam-b, which `apply --target dam-b` made as `quickstart:`) (cr142). Once the new
spelling owned those three entities, the plan said the network's own connection, `QUICKSTART:dam-a`
and its history, "is a copy another writer made ... if nobody needs it, remove it": following that
splits or deletes the network's history. Where the other spelling owns as much as this one or more,
both are named, the rename first, each with what it holds, and no removal of the side holding history."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

DAM_B = """\
                template: BATTERY_CHARGE_SDE
      - key: dam-b
        kind: api
        name: Dam B feed
        devices:
          - key: lg
            name: LG
            sensors:
              - key: s1
                name: S1
                template: TEMPERATURE_SDE
"""


@pytest.mark.parametrize("count", [0, 5000], ids=["no-history", "with-history"])
def test_the_rename_is_named_first_and_the_history_never_removed(workspace: Workspace, count: int) -> None:
    workspace.edit(QUICKSTART, "stack: quickstart ", "stack: QUICKSTART ")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    if count:
        sensor_id = workspace.live_entity("QUICKSTART:dam-a/weather/air-temp")["id"]
        workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor_id, "count": count})
    connection_id = workspace.live_entity("QUICKSTART:dam-a")["id"]
    workspace.edit(QUICKSTART, "stack: QUICKSTART ", "stack: quickstart ")
    workspace.edit(QUICKSTART, "                template: BATTERY_CHARGE_SDE\n", DAM_B)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--target", "dam-b")
    assert applied.exit_code == 0, applied.output

    refused = workspace.run("plan", QUICKSTART)

    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.stderr.split())
    assert "so this is no rename" not in said
    rename = "If this stack was renamed in case only, keep `stack: QUICKSTART`"
    made = "the 3 entities made as `quickstart:` (holding 0 observations)"
    holds = f"{'5,000' if count else '0'} observations"
    copy = f"If instead node {connection_id} (refId 'QUICKSTART:dam-a', holding {holds}) is a copy"
    assert rename in said and made in said and copy in said
    assert said.index(rename) < said.index(made) < said.index(copy)
    assert "remove it in the platform's web app" not in said  # the side holding the network's history
