"""A gateway reporting `7.18.0-rc1`, its node declaring `7.18.0`: whether the release candidate is
older or newer than the release, the MAJOR.MINOR.PATCH comparison cannot say (510fb42c), so it is
not called a downgrade and the update needs no --allow-downgrade."""

from __future__ import annotations

from iotplan.sim import demo_seed
from iotplan.sim.backend import SimBackend
from iotplan.sim.seed import apply_seed
from iotplan.sim.store import Store
from iotplan.sim.variants import Variants
from tests.e2e.conftest import Workspace
from tests.e2e.downgrades import SOUTH, declare_south_version, on_device, south
from tests.e2e.test_on_device import SIM


def seed_south_reporting(workspace: Workspace, version: str) -> None:
    """The demo seed, THREAD 5D6E7F reporting `version`: written before first use, as the embedded
    platform seeds its file (iotplan/sim/__init__.py `embedded_transport`)."""
    seed = demo_seed()
    [gateway] = [g for g in seed["gateways"] if g["serial"] == SOUTH]
    gateway["app_version"] = version
    (workspace.path / SIM).parent.mkdir(parents=True, exist_ok=True)
    backend = SimBackend(Store(workspace.path / SIM), Variants(()))
    try:
        apply_seed(backend, seed)
    finally:
        backend.store.close()


def test_an_app_version_the_comparison_cannot_order_needs_no_allow_downgrade(workspace: Workspace) -> None:
    seed_south_reporting(workspace, "7.18.0-rc1")
    declare_south_version(workspace, "7.18.0")

    result = on_device(workspace, "apply", "--auto-approve")

    assert result.exit_code == 0, result.output
    assert "downgrade" not in result.output
    assert south(workspace)["app_version"] == "7.18.0"
