"""The documented entity methods of the JSON-RPC API (Bentley's iTwin IoT API reference,
"Working With Entities", "Creating Entities"), each one request through `call`, with the answer
checked against the documented shape. A create answered otherwise (or sent again after the rate
limit and told its id exists) is read back by its id: found, it was made; otherwise its outcome is
unknown, never "not applied"."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from iotplan.clients.errors import UNKNOWN_OUTCOME
from iotplan.errors import PlatformError

log = logging.getLogger(__name__)


class UnsettledCreate(PlatformError):
    """A create whose outcome is unknown until the entity is read back by its id
    (`EntityCalls._created`): found, it was made. `why`: the message without the unknown-outcome
    advice, to say how the read back went."""

    def __init__(self, why: str, *, request: object = None, response: object = None) -> None:
        super().__init__(why + UNKNOWN_OUTCOME, request=request, response=response, outcome_unknown=True)
        self.why = why

    def unsettled(self, reason: str) -> PlatformError:
        """Still unknown after the read back, for `reason`."""
        message = f"{self.why}; {reason}{UNKNOWN_OUTCOME}"
        return PlatformError(message, request=self.request, response=self.response, outcome_unknown=True)


class CreateResent(UnsettledCreate):
    """A create the rate limit refused (-32029), sent again and answered that its id already exists
    (-32009): a platform that wrote before it refused (`rpc-rate-limited-after-write`) made it on the
    first attempt."""


class EntityCalls:
    """Mixed into JsonRpcClient, which provides `call` and `shown`."""

    async def call(self, method: str, params: Mapping[str, Any] | None = None) -> Any:
        raise NotImplementedError

    def shown(self, answer: Any) -> str:
        raise NotImplementedError

    # --- entities (reference: "Working With Entities", "Creating Entities") ------------------
    async def get_nodes(self, node_ids: Iterable[str]) -> list[dict[str, Any]]:
        return await self._entities("getNodes", "nodes", node_ids)

    async def get_devices(self, device_ids: Iterable[str]) -> list[dict[str, Any]]:
        return await self._entities("getDevices", "devices", device_ids)

    async def get_sensors(self, sensor_ids: Iterable[str]) -> list[dict[str, Any]]:
        return await self._entities("getSensors", "sensors", sensor_ids)

    async def create_node(self, node_id: str, type: str, props: Mapping[str, Any]) -> dict[str, Any]:
        """Documented: `{"node", "type", "props"}`; props needs NAME, SERIAL_NO and VERSION."""
        return await self._created("createNode", {"node": node_id, "type": type, "props": dict(props)})

    async def create_device(self, device_id: str, type: str, props: Mapping[str, Any]) -> dict[str, Any]:
        """Documented: `{"device", "type", "props"}`; props needs NAME and NODE_ID."""
        params = {"device": device_id, "type": type, "props": dict(props)}
        return await self._created("createDevice", params)

    async def create_sensor(
        self, sensor_id: str, type: str, observation_type: str, props: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Documented: `{"sensor", "observationType", "type", "props"}`; props needs NAME."""
        params = {
            "sensor": sensor_id,
            "observationType": observation_type,
            "type": type,
            "props": dict(props),
        }
        return await self._created("createSensor", params)

    async def update_node(self, node_id: str, props: Mapping[str, Any]) -> Any:
        """ASSUMED (the reference names updateNode but prints no example): `{"node", "props"}`,
        changing only the props given. The answer is returned as the platform gives it."""
        return await self.call("updateNode", {"node": node_id, "props": dict(props)})

    async def update_device(self, device_id: str, props: Mapping[str, Any]) -> Any:
        """ASSUMED, as update_node: `{"device", "props"}`."""
        return await self.call("updateDevice", {"device": device_id, "props": dict(props)})

    async def update_sensor(self, sensor_id: str, props: Mapping[str, Any]) -> Any:
        """ASSUMED, as update_node: `{"sensor", "props"}`."""
        return await self.call("updateSensor", {"sensor": sensor_id, "props": dict(props)})

    # --- metrics and utilities -----------------------------------------------------------------
    async def get_metrics(self, sensor_ids: Iterable[str]) -> dict[str, Any]:
        """Documented: `{"sensors": [ids]}` → `{sensor id: [metric objects]}`."""
        ids = list(sensor_ids)
        if not ids:
            return {}
        answer = await self.call("getMetrics", {"sensors": ids})
        return self._expect(dict, answer, "getMetrics", "the documented object of metrics by sensor id")

    async def time(self) -> Any:
        """The server's time: documented as `result.time`, an ISO date."""
        return await self.call("time")

    async def help(self) -> Any:
        """Documented as "information on all available API requests and their parameters"."""
        return await self.call("help")

    # --- typed answers -------------------------------------------------------------------------
    async def _entities(self, method: str, key: str, ids: Iterable[str]) -> list[dict[str, Any]]:
        wanted = list(ids)
        if not wanted:  # an empty list might mean "all" to the platform: asking for none gets none
            return []
        answer = await self.call(method, {key: wanted})
        entities = self._expect(list, answer, method, "the documented list of entity objects")
        for entity in entities:
            self._expect(dict, entity, method, "the documented entity object in its list")
        return entities

    async def _created(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        try:
            answer = await self.call(method, params)
        except CreateResent as resent:
            return await self._read_back(method, params, resent)
        if isinstance(answer, dict) and isinstance(answer.get("id"), str):
            return answer
        # An answer of no documented shape (an object without a text id included: `{}`, an `id: 12345`)
        # says neither that the create was made nor that it was not, nor which id it was made as (a
        # platform that answers so may well have made it): what is there is read back by its id.
        why = f"JSON-RPC {method} answered {self.shown(answer)}, not the documented created entity object"
        found = await self._read_back(method, params, UnsettledCreate(why))
        log.warning("%s; read back by its id, it is there: taken as made", why)
        return found

    async def _read_back(
        self, method: str, params: dict[str, Any], unsettled: UnsettledCreate
    ) -> dict[str, Any]:
        """The entity a create of unknown outcome may have made, read back by its id: there, it is
        taken as made by this create (the ids are iotplan's own); not there, or unreadable, the
        create's outcome stays unknown."""
        kind = method.removeprefix("create").lower()  # node, device or sensor: the id's param
        entity_id, read = params[kind], f"get{kind.title()}s"
        try:
            found = await self._entities(read, f"{kind}s", [entity_id])
        except PlatformError as error:
            raise unsettled.unsettled(f"reading it back by its id ({read}) failed: {error}") from None
        for entity in found:
            if entity.get("id") == entity_id:
                return entity
        raise unsettled.unsettled(f"read back by its id ({read}), it is not found in this project") from None

    def _expect(self, kind: type, answer: Any, method: str, documented: str) -> Any:
        if not isinstance(answer, kind):
            raise PlatformError(f"JSON-RPC {method} answered {self.shown(answer)}, not {documented}")
        return answer
