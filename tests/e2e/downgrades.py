"""What the `--allow-downgrade` tests share: THREAD 5D6E7F (thread-south, reporting app version
7.17.0) answering at localhost, as on-device mode reaches it, its node declaring an `app_version`."""

from __future__ import annotations

from typing import Any

from click.testing import Result

from tests.e2e.conftest import Workspace
from tests.e2e.test_on_device import EDGE, SIM

SOUTH = "5D6E7F"
ON_DEVICE = "http://localhost/api"  # how the emulator reaches the gateway declared at localhost
TARGET = ("--on-device", "--sim-db", SIM, "--target", "thread-south/edge/app_version")


def declare_south_version(workspace: Workspace, version: str) -> None:
    workspace.api("POST", f"/_sim/gateways/{SOUTH}", json={"host": "localhost"})
    workspace.edit(
        EDGE, "            parity: EVEN\n", f"            parity: EVEN\n          app_version: {version}\n"
    )


def update_south_behind_our_back(workspace: Workspace, version: str) -> None:
    """`POST /update?version=...` at the gateway's local API, as the vendor's tool or a person would."""
    workspace.api("POST", f"{ON_DEVICE}/update", params={"version": version})


def on_device(workspace: Workspace, command: str, *args: str) -> Result:
    return workspace.run(command, EDGE, *TARGET, *args)


def south(workspace: Workspace) -> dict[str, Any]:
    """The gateway as the emulator holds it: its `app_version`, and its count of `writes` taken."""
    [gateway] = [g for g in workspace.api("GET", "/_sim/gateways")["gateways"] if g["serial"] == SOUTH]
    return dict(gateway)
