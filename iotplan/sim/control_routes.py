"""The control plane under `/_sim/`, a prefix the real API never uses (moto's reserved prefix):
reset and seed the state, read request counts, inject faults, move or silence THREADs, add history.
Not authenticated, never faulted.
"""

from __future__ import annotations

from typing import Any

from iotplan.sim.backend import SimBackend
from iotplan.sim.calls import Call, RouteTable
from iotplan.sim.errors import SimError
from iotplan.sim.faults import FaultConfig, Faults
from iotplan.sim.gateways import GatewayBackend

PREFIX = "/_sim"


class ControlResponses:
    def __init__(self, backend: SimBackend, gateways: GatewayBackend, faults: Faults) -> None:
        self.backend = backend
        self.gateways = gateways
        self.faults = faults

    def routes(self) -> RouteTable:
        return [
            ("POST", f"{PREFIX}/reset", self.reset),
            ("POST", f"{PREFIX}/seed", self.seed),
            ("GET", f"{PREFIX}/requests", self.requests),
            ("DELETE", f"{PREFIX}/requests", self.forget_requests),
            ("GET", f"{PREFIX}/faults", self.current_faults),
            ("POST", f"{PREFIX}/faults", self.set_faults),
            ("GET", f"{PREFIX}/gateways", self.list_gateways),
            ("POST", PREFIX + "/gateways/{serial}", self.set_gateway),
            ("POST", f"{PREFIX}/observations", self.observations),
            ("POST", f"{PREFIX}/tokens", self.make_token),
        ]

    def reset(self, call: Call) -> Any:
        """Forget everything, faults and counts too; a body is a seed to start again from."""
        seed = call.json()
        self.faults.configure(FaultConfig())
        self.faults.reset_counts()
        self.backend.reset(seed)
        return {"reset": True}

    def seed(self, call: Call) -> Any:
        self.backend.seed(call.json())
        return {"seeded": True}

    def requests(self, call: Call) -> Any:
        return self.faults.counts()

    def forget_requests(self, call: Call) -> Any:
        self.faults.reset_counts()
        return self.faults.counts()

    def current_faults(self, call: Call) -> Any:
        return self.faults.config.__dict__

    def set_faults(self, call: Call) -> Any:
        try:
            self.faults.configure(FaultConfig.from_dict(call.json()))
        except (TypeError, ValueError) as error:
            raise SimError(400, "BadFaults", str(error)) from None
        return self.faults.config.__dict__

    def list_gateways(self, call: Call) -> Any:
        return {"gateways": self.gateways.all()}

    def set_gateway(self, call: Call) -> Any:
        changes = call.json()
        return self.gateways.set_state(call.path_params["serial"], changes.get("status"), changes.get("host"))

    def observations(self, call: Call) -> Any:
        body = call.json()
        self.backend.add_observations(str(body.get("sensor_id")), int(body.get("count", 1)))
        return {"sensor_id": body.get("sensor_id"), "added": int(body.get("count", 1))}

    def make_token(self, call: Call) -> Any:
        """A token for tests: `expires_in` may be negative to make an expired one."""
        body = call.json()
        token = self.backend.test_token(body.get("projects", "*"), float(body.get("expires_in", 3600)))
        return {"access_token": token}
