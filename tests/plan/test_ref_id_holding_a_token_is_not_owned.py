"""A live refId in the stack's prefix that holds a credential is no address a manifest gives, so it is
not the stack's (README "Ownership"): whatever shape of credential masking knows holds it, a URL's
password or a token told by its shape (`ghp_...`, a JWT), it is unmanaged and shown by its id, never
planned for removal under its refId. Pruned, such an entity's saved `ref_id` and `live_ref_id` are
masked as its reason is."""

from __future__ import annotations

import json

import pytest

from iotplan.manifest.addresses import owned_by, owner_of
from iotplan.plan.model import Action
from iotplan.render.json_plan import plan_to_json
from tests.guards.fleet import FLEET, add_device, connection_of, live_fleet, plan_for

GITHUB_TOKEN = "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig-abcdefgh"
HELD = [
    pytest.param(f"site:dam-b/{GITHUB_TOKEN}", id="github-token"),
    pytest.param(f"site:dam-b/{JWT}", id="jwt"),
    pytest.param("site:dam-b/xoxb-1234567890-abc", id="slack-token"),
    pytest.param("site:dam-b/https://user:pa55w0rd@host.example/x", id="url-password"),
]


@pytest.mark.parametrize("serial", HELD)
def test_a_refid_holding_a_credential_names_no_stack(serial: str) -> None:
    assert not owned_by("site", serial, 1)
    assert owner_of(serial, 1) is None


def test_a_refid_holding_no_credential_is_still_the_stacks() -> None:
    assert owned_by("site", "site:dam-b/logger-9", 1)
    assert owner_of("site:dam-b/logger-9", 1) == "site"


@pytest.mark.parametrize("serial", HELD)
def test_a_device_whose_refid_holds_a_credential_is_unmanaged_by_its_id(serial: str) -> None:
    live = live_fleet()
    add_device(connection_of(live, "site:dam-b"), "0F0F0F", serial)
    plan = plan_for(FLEET, live)
    change = next(change for change in plan.changes if change.live_id and "/0F0F0F/" in change.live_id)
    assert (change.address, change.action) == ("dam-b/#0F0F0F", Action.UNMANAGED)
    assert not plan.writes
    written = plan_to_json(plan)
    assert "pa55w0rd" not in written and GITHUB_TOKEN not in written and JWT not in written


@pytest.mark.parametrize("serial", [f"Bearer {JWT}", f"other:{GITHUB_TOKEN}", f"site:dam-b/{GITHUB_TOKEN}"])
def test_a_pruned_entitys_saved_refids_are_masked(serial: str) -> None:
    live = live_fleet()
    add_device(connection_of(live, "site:dam-b"), "0F0F0F", serial)
    document = json.loads(plan_to_json(plan_for(FLEET, live, prune_unmanaged=True)))
    pruned = next(change for change in document["changes"] if change["address"] == "dam-b/#0F0F0F")
    assert (pruned["action"], pruned["cause"]) == ("remove", "pruned")
    assert (pruned["ref_id"], pruned["live_ref_id"]) == ("(sensitive)", "(sensitive)")
