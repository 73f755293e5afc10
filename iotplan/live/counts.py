"""Observation counts the REST answers lack, read from the JSON-RPC entity objects.

The documented REST answers carry `OBSERVATION_COUNT` on connections only; the JSON-RPC
`getDevices` and `getSensors` objects carry it on devices and sensors (Bentley's iTwin IoT API
reference, "Working With Entities"). A plan that would destroy entities whose counts REST did not
give asks JSON-RPC for them: two requests for any number of entities. A count that still cannot be
read (the JSON-RPC read failed, or did not answer for an id) stays unknown: treated as holding data.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from iotplan.errors import IotplanError, TransportError
from iotplan.live.model import LiveConnection, LiveEntity, observation_count
from iotplan.live.read import PlatformReader, read_connections

log = logging.getLogger(__name__)
# Nothing answered: most often the JSON-RPC API is not where iotplan looked. Whoever reads the
# warning learns what to set (clients/target.py names the option and the variable).
WHERE_IT_IS = (
    ". If the platform's JSON-RPC API is not at that address, give its ws:// or wss:// URL with "
    "--rpc-endpoint or IOTPLAN_RPC_ENDPOINT (by default iotplan looks on --endpoint's host, port 4201)"
)


class EntityReader(Protocol):
    async def get_devices(self, device_ids: Iterable[str]) -> list[dict[str, Any]]: ...
    async def get_sensors(self, sensor_ids: Iterable[str]) -> list[dict[str, Any]]: ...


def uncounted(connections: Iterable[LiveConnection]) -> tuple[list[LiveEntity], list[LiveEntity]]:
    """The devices and sensors of these connections whose answers carried no count."""
    devices = [d for c in connections for d in c.devices if d.observations is None]
    sensors = [
        s for c in connections for group in c.sensors.values() for s in group if s.observations is None
    ]
    return devices, sensors


async def fill_counts(reader: EntityReader, devices: list[LiveEntity], sensors: list[LiveEntity]) -> int:
    """Each entity's OBSERVATION_COUNT from JSON-RPC, written into its props; how many were found."""
    try:
        answers = await asyncio.gather(
            reader.get_devices([d.id for d in devices]), reader.get_sensors([s.id for s in sensors])
        )
    except IotplanError as error:
        log.warning(
            "observation counts could not be read through JSON-RPC (%s): they stay unknown, treated as "
            "holding data%s",
            error,
            WHERE_IT_IS if isinstance(error, TransportError) else "",
        )
        return 0
    counts = {
        raw.get("id"): raw.get("props", {}).get("OBSERVATION_COUNT") for answer in answers for raw in answer
    }
    found = 0
    for entity in (*devices, *sensors):
        count = observation_count(counts.get(entity.id))  # REST's rule: a count, or unknown
        if count is not None:
            entity.props["OBSERVATION_COUNT"] = count
            found += 1
    return found


async def counted_again(
    client: PlatformReader,
    reader: EntityReader | None,
    project_id: str,
    node_ids: Sequence[str],
    parallelism: int = 16,
) -> list[LiveConnection]:
    """These connections read again, with every count as a plan gets it: REST's, and JSON-RPC's
    for what REST did not count (`reader`, None where there is no JSON-RPC: those stay unknown)."""
    connections = await read_connections(client, project_id, node_ids, parallelism)
    devices, sensors = uncounted(connections)
    if reader is not None and (devices or sensors):
        await fill_counts(reader, devices, sensors)
    return connections
