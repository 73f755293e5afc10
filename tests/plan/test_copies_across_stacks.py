"""Another stack's unnamed device where one of its key is to be created (a manifest merged into
this one), and several unmanaged copies with one name: each refused, naming what is in the way."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveEntity
from iotplan.plan.model import Action
from tests.plan.livebuilder import applied, empty, first_connection
from tests.plan.test_copies import _device, _project, _refused_beside, _without_logger
from tests.plan.test_diff import MANIFEST, find_change, load, plan_for

UNNAMED = MANIFEST.replace("            name: Logger\n", "")
TEMPLATE = {"INTEGRATION_ID": "IMPORT_DEVICE_SDE"}  # the default device template


def test_another_stacks_unnamed_device_with_the_key_to_create_is_named_as_its() -> None:
    """beta's manifest merged into this one: created beside it, the feed would write to one device and
    the history stay on the other (exit 0 before)."""
    beta, problem = _refused_beside({"SERIAL_NO": "beta:dam-b/logger-1", **TEMPLATE}, UNNAMED)
    assert problem == (
        f"  dam-a/logger-1: not found by its refId, but device {beta.id} (IMPORT_DEVICE_SDE, no name, key "
        "'logger-1') belongs to stack 'beta' (SERIAL_NO 'beta:dam-b/logger-1'). If this stack was renamed "
        "from 'beta', keep `stack: beta` (a stack cannot be renamed: stack 'beta' still owns all it made). "
        "An entity cannot move between stacks, and adopting it with `ref_id:` would give it two owners: "
        "leave it to stack 'beta', or give this one a name"
    )
    live = applied(load(UNNAMED))  # of another key, it is another logger: let be, as before
    _without_logger(live)
    _device(first_connection(live), "0B0B0B", {"SERIAL_NO": "beta:dam-b/logger-9", **TEMPLATE})
    assert find_change(plan_for(load(UNNAMED), live), "dam-a/logger-1").action is Action.CREATE


def test_every_unmanaged_connection_with_the_name_is_named() -> None:
    """Two applies at once where the platform keeps no connection refId leave two copies: the one to
    adopt is the one a feed writes to, so the refusal lists both."""
    live = empty(load())
    for node_id in ("/api/ABCDEF/node", "/api/FEDCBA/node"):
        _project(live).unclaimed.append(LiveEntity(node_id, {"NAME": "Dam A", "SERIAL_NO": node_id[5:11]}))
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    assert (
        "dam-a: not found by its refId, but 2 nodes named 'Dam A' are not this stack's: /api/ABCDEF/node "
        "(SERIAL_NO 'ABCDEF'), /api/FEDCBA/node (SERIAL_NO 'FEDCBA'): likely earlier copies"
    ) in str(refused.value)
    assert "(`id: /api/ABCDEF/node` or `id: /api/FEDCBA/node`)" in str(refused.value)
