"""A REST removal of what REST counts at 0: the apply's recount doubts that 0 and asks JSON-RPC for
the count (live/counts.py `doubt_zero_counts`), one `getSensors` beside each read of the connection,
which the estimate left out: "about 2" requests, 3 sent. Counted here as the embedded platform
receives them from the plan's confirmation on, with each later call's recount (`--entities-per-call`)
and with two connections, each read once confirmed and again just before its own writes."""

from __future__ import annotations

import pytest

from tests.apply.test_impact_counts_an_authenticate_beside_a_rest_removal import (
    REST_SITE,
    FromConfirmation,
    applied,
    confirmed,  # noqa: F401 (a fixture)
    observations_on_pz_2,
    with_a_rest_site,
    without_logger_2,
)
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE

LOGGER_3 = """          - key: logger-3
            name: Spillway datalogger
            sensors:
              - key: pz-3
                name: Piezometer PZ-3
                metrics:
                  - {custom_metric: pore_pressure, custom_unit: kPa_gauge}
"""
ANOTHER = REST_SITE.replace("key: dam-a", "key: dam-b").replace("Dam A feed", "Dam B feed")


def without(workspace: Workspace, removed: str, until: str) -> None:
    text = (workspace.path / SITE).read_text()
    start = text.index(removed)
    end = text.index(until, start) + len(until)
    (workspace.path / SITE).write_text(text[:start] + text[end:])


def test_a_device_holding_nothing_removed(workspace: Workspace, confirmed: FromConfirmation) -> None:  # noqa: F811
    with_a_rest_site(workspace, confirmed)
    without_logger_2(workspace)

    estimate, sent = applied(workspace, confirmed, "--allow-destroy")

    assert sent.count("rpc getSensors") == 1, sent
    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"


def test_two_devices_holding_nothing_removed_in_a_call_each(
    workspace: Workspace,
    confirmed: FromConfirmation,  # noqa: F811
) -> None:
    """The second call carries a removal: its connection is read again before it is sent, and its
    REST 0 asked of JSON-RPC again."""
    workspace.edit(SITE, "    nodes:\n", f"    nodes:{REST_SITE}{LOGGER_3}")
    applied(workspace, confirmed)
    without_logger_2(workspace)
    without(workspace, "          - key: logger-3\n", "custom_unit: kPa_gauge}\n")

    estimate, sent = applied(workspace, confirmed, "--allow-destroy", "--entities-per-call", "1")

    assert sent.count("POST iotplan-embedded/api/integrations/integrate") == 2, sent
    assert sent.count("rpc getSensors") == 2, sent
    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"


@pytest.mark.parametrize("holding", [0, 1], ids=["neither-holds", "one-holds"])
def test_a_device_removed_from_each_of_two_connections(
    workspace: Workspace,
    confirmed: FromConfirmation,  # noqa: F811
    holding: int,
) -> None:
    """Read once confirmed (both connections, one JSON-RPC read for the project's doubted 0s), then
    each just before its own writes (a JSON-RPC read for its own, where it has one)."""
    workspace.edit(SITE, "    nodes:\n", f"    nodes:{REST_SITE}{ANOTHER}")
    applied(workspace, confirmed)
    if holding:
        observations_on_pz_2(workspace)
    without_logger_2(workspace)
    without(workspace, "          - key: logger-2\n", "custom_unit: kPa_gauge}\n")

    estimate, sent = applied(workspace, confirmed, "--allow-destroy")

    assert sent.count("rpc getSensors") == 3 - holding, sent
    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"


@pytest.mark.parametrize("shard", [(), ("--shard", "1/2"), ("--shard", "2/2")], ids=["whole", "1/2", "2/2"])
def test_a_device_holding_nothing_removed_beside_a_port_setting(
    workspace: Workspace,
    confirmed: FromConfirmation,  # noqa: F811
    shard: tuple[str, ...],
) -> None:
    """The gateway's push goes on beside the connection's recount; a shard estimates its own part."""
    with_a_rest_site(workspace, confirmed)
    without_logger_2(workspace)
    workspace.edit(SITE, "serial: 19200 8N1", "serial: 9600 8N1")

    estimate, sent = applied(workspace, confirmed, "--allow-destroy", *shard)

    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"
