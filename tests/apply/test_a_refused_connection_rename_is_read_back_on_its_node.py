"""A connection's `moved` rename in a refused call is read back on the connection's node (its refId
is the node's SERIAL_NO, never a device's): made when the node holds the new refId, not made when it
holds the old one, and not to be told when it holds neither (another writer renamed it elsewhere)."""

from __future__ import annotations

import asyncio

from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import Outcome
from tests.apply.test_refused import Refusing
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, load, plan_for

# dam-a renamed dam-b, its device and sensors with it: four renames in one call.
MOVED = MANIFEST.replace("- key: dam-a", "- key: dam-b") + "moved:\n  - {from: dam-a, to: dam-b}\n"


def refused_read_showing(node_ref_id: str) -> Outcome:
    """The call refused (422), its read showing every device and sensor renamed and the node
    holding `node_ref_id`."""
    kept = applied(load(MOVED))
    find(kept, "site:dam-b").props["SERIAL_NO"] = node_ref_id
    changes = list(plan_for(load(MOVED), applied(load())).changes)
    return asyncio.run(apply_connection(Refusing(kept), "dam-b", changes, resolve=lambda _: "x"))


def test_a_refused_connection_rename_is_read_back_on_its_node() -> None:
    """Before, a connection's rename always read as "cannot be told": its refId was looked for among
    the devices and sensors alone."""
    renamed = refused_read_showing("site:dam-b")
    assert "dam-b" in renamed.found_made and renamed.unsure == [], renamed.message
    as_it_was = refused_read_showing("site:dam-a")
    assert "dam-b" in as_it_was.pending and as_it_was.unsure == [], as_it_was.message
    elsewhere = refused_read_showing("site:dam-z")
    assert elsewhere.unsure == ["dam-b"], elsewhere.message
