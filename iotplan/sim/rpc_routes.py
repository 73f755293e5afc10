"""The JSON-RPC methods: each reads its params and hands them to the backend (rpc_backend.py),
as platform_routes.py does for REST. No rule lives here.

    method                        params                                       result
    getNodes/getDevices/getSensors {"nodes"|"devices"|"sensors": [ids]}       [entity objects]
    createNode                    {"node", "type", "props": {VERSION, ...}}   the entity object
    createDevice                  {"device", "type", "props": {NODE_ID, ...}} the entity object
    createSensor                  {"sensor", "type", "observationType"?, "props"}
    updateNode/Device/Sensor      {"node"|"device"|"sensor": id, "props"}     the entity object
    getMetrics                    {"sensors": [ids]}                          {sensor id: [metric objects]}
    getUnits                      {"metrics": [ids]}                          {metric id: [unit objects]}
    time, help                    none                                        {"time": ISO}, text

Every one but `time` and `help` reads `projectIds` from its params (rpc_backend.Scope).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from iotplan.sim import catalog
from iotplan.sim.backend import Reach
from iotplan.sim.errors import invalid_params
from iotplan.sim.props import now
from iotplan.sim.rpc_backend import RpcBackend

Params = dict[str, Any]
PLURALS = {"node": "nodes", "device": "devices", "sensor": "sensors"}


@dataclass(frozen=True)
class Method:
    run: Callable[[Params, Reach], Any]
    writes: bool
    usage: str  # what `help` says of it


class RpcRoutes:
    def __init__(self, backend: RpcBackend) -> None:
        self.backend = backend

    def methods(self) -> dict[str, Method]:
        table = {}
        for kind, plural in PLURALS.items():
            title = kind.capitalize()
            table[f"get{title}s"] = Method(self._getter(kind), False, f'{{"{plural}": [ids], "projectIds"?}}')
            table[f"create{title}"] = Method(self._creator(kind), True, _create_usage(kind))
            table[f"update{title}"] = Method(
                self._updater(kind), True, f'{{"{kind}": id, "props": {{...}}, "projectIds"?}}'
            )
        table["getMetrics"] = Method(self.get_metrics, False, '{"sensors": [ids], "projectIds"?}')
        table["getUnits"] = Method(self.get_units, False, '{"metrics": [metric ids]}')
        table["time"] = Method(lambda params, reach: {"time": now_z()}, False, "none")
        table["help"] = Method(lambda params, reach: self.help(), False, "none")
        return table

    def _getter(self, kind: str) -> Callable[[Params, Reach], Any]:
        def get(params: Params, reach: Reach) -> Any:
            scope = self.backend.scope(reach, params.get("projectIds"), writes=False)
            return self.backend.get(kind, _ids(params, PLURALS[kind]), scope)

        return get

    def _creator(self, kind: str) -> Callable[[Params, Reach], Any]:
        def create(params: Params, reach: Reach) -> Any:
            scope = self.backend.scope(reach, params.get("projectIds"), writes=True)
            return self.backend.create(
                kind,
                params.get(kind),
                params.get("type"),
                params.get("props", {}),
                scope,
                params.get("observationType"),
            )

        return create

    def _updater(self, kind: str) -> Callable[[Params, Reach], Any]:
        def update(params: Params, reach: Reach) -> Any:
            scope = self.backend.scope(reach, params.get("projectIds"), writes=True)
            return self.backend.update(kind, params.get(kind), params.get("props"), scope)

        return update

    def get_metrics(self, params: Params, reach: Reach) -> Any:
        scope = self.backend.scope(reach, params.get("projectIds"), writes=False)
        return self.backend.metrics(_ids(params, "sensors"), scope)

    def get_units(self, params: Params, reach: Reach) -> Any:
        found = {metric: catalog.rpc_units(metric) for metric in _ids(params, "metrics")}
        return {metric: units for metric, units in found.items() if units is not None}

    def help(self) -> str:
        """The reference prints the result as text ("\\r\\n" + result): a text it is."""
        lines = [f"{name} {method.usage}" for name, method in self.methods().items()]
        return "\n".join(['authenticate {"code": API key or JWT}', *lines])


def _ids(params: Params, name: str) -> list[str]:
    ids = params.get(name)
    if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids):
        raise invalid_params(f"{name} must be an array of ids.")
    return ids


def _create_usage(kind: str) -> str:
    required = {"node": "VERSION", "device": "NODE_ID", "sensor": "NAME"}[kind]
    extra = ', "observationType"' if kind == "sensor" else ""
    return f'{{"{kind}": id, "type"{extra}, "props": {{"{required}", ...}}, "projectIds"?}}'


def now_z() -> str:
    """The reference's time form: `2019-11-19T15:41:30.000Z`."""
    return now().replace("+00:00", "Z")
