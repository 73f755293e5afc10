"""Shared setup of the tests of a THREAD logger whose change is refused: the example applied, then its
IPI logger's `type` edited in the manifest (a type cannot be changed, A17), so neither the logger nor
its declared sensors have a change of their own."""

from __future__ import annotations

from tests.e2e.conftest import Workspace

SITE = "examples/thread/site.yaml"
REFUSAL = (
    "tunnel-thread/ipi-chain: /fn/6C7D8E/node/dgsimlogger/032434/device is a DGSI_M_LOGGER, not a "
    "IPI_CHAIN_LOGGER: a type cannot be changed"
)


def applied_then_type_edited(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(SITE, "type: DGSI_M_LOGGER", "type: IPI_CHAIN_LOGGER")


def applied_then_type_edited_by_id(workspace: Workspace) -> None:
    """As `applied_then_type_edited`, the logger given its `id:` first: found by it, so compared
    with its live self (`_compared`), not taken for an earlier copy."""
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(
        SITE,
        "type: DGSI_M_LOGGER",
        "id: /fn/6C7D8E/node/dgsimlogger/032434/device\n            type: IPI_CHAIN_LOGGER",
    )
