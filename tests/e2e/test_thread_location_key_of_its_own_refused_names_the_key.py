"""A THREAD node whose LOCATION another tool stored with a key of its own (`crs`), its coordinates
numbers, renamed, on a JSON-RPC platform refusing that key (as REST's `rest-location-extra-keys-refused`
does; no variant of the emulator's JSON-RPC does, so its type check is widened here): the refusal says
the form it was sent in as REST's does, a key of its own, never "coordinates not all numbers", and
its step, in the unit and the closing error, names the key to remove."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.sim.errors import invalid_params
from iotplan.sim.rpc_backend import RpcBackend
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import NODE, SITE, rpc

CRS = {"type": "name", "properties": {"name": "EPSG:4326"}}
STEP = (
    'set LOCATION of tunnel-thread to {"coordinates": [174.7806, -41.2706, 12.5], "type": "Point"} (removing '
    "its key crs) in the platform's web app, then apply again"
)


def _refusing_keys_of_its_own(original: Any) -> Any:
    def checked(backend: RpcBackend, changes: dict[str, Any]) -> None:
        location = changes.get("LOCATION")
        if isinstance(location, dict) and set(location) - {"type", "coordinates"}:
            raise invalid_params("LOCATION.crs: Extra inputs are not permitted.")
        original(backend, changes)

    return checked


def test_a_node_rename_refused_over_its_locations_crs_names_the_key(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    [node] = rpc(workspace, "getNodes", {"nodes": [NODE]})
    rpc(
        workspace,
        "updateNode",
        {"node": NODE, "props": {"LOCATION": {**node["props"]["LOCATION"], "crs": CRS}}},
    )
    monkeypatch.setattr(RpcBackend, "_check_types", _refusing_keys_of_its_own(RpcBackend._check_types))
    workspace.edit(SITE, "name: Tunnel Section 3 THREAD", "name: Tunnel S3 THREAD")
    applied = workspace.run("--no-color", "apply", SITE, "--auto-approve")
    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.stdout.split())
    assert "not all numbers" not in said
    assert '"type": "Point"} (a key of its own, another writer\'s), not as the manifest declares it' in said
    assert f"running apply again is refused the same way: {STEP}" in said
    assert f"deal with the errors above: {STEP}" in " ".join(applied.stderr.split())
