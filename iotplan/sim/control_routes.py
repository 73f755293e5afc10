"""The control plane under `/_sim/`, a prefix the real API never uses (moto's reserved prefix):
reset and seed the state, read request counts, inject faults, move or silence THREADs, add history.
Not authenticated, never faulted.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from iotplan.sim.backend import SimBackend
from iotplan.sim.calls import Call, RouteTable
from iotplan.sim.errors import SimError
from iotplan.sim.faults import FaultConfig, Faults
from iotplan.sim.gateways import GatewayBackend
from iotplan.sim.seed import SeedError
from iotplan.sim.shapes import first_problem
from iotplan.sim.variants import KNOWN

PREFIX = "/_sim"


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class History(_Body):
    sensor_id: Annotated[str, Field(min_length=1)]
    count: Annotated[int, Field(ge=1, le=10**12)] = 1


class TokenRequest(_Body):
    projects: Literal["*"] | list[str] = "*"
    expires_in: Annotated[float, Field(ge=-(10**9), le=10**9)] = 3600


class GatewayState(_Body):
    status: Literal["ok", "unreachable", "asleep"] | None = None
    host: Annotated[str, Field(min_length=1, max_length=300)] | None = None


Shape = TypeVar("Shape", bound=_Body)


def bad_control(message: str) -> SimError:
    return SimError(400, "BadControlRequest", message)


def body_of(shape: type[Shape], call: Call) -> Shape:
    try:
        return shape.model_validate(call.json())
    except ValidationError as error:
        path, message = first_problem(error)
        raise bad_control(f"{path}: {message}" if path else message) from None


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
            ("GET", f"{PREFIX}/variants", self.variants),
        ]

    def reset(self, call: Call) -> Any:
        """Forget everything, faults and counts too; a body is a seed to start again from."""
        try:
            self.backend.reset(call.json())
        except SeedError as error:  # the app's transaction puts the state back as it was
            raise bad_control(f"the seed is not one: {error}") from None
        self.faults.configure(FaultConfig())
        self.faults.reset_counts()
        return {"reset": True}

    def seed(self, call: Call) -> Any:
        try:
            self.backend.seed(call.json())
        except SeedError as error:
            raise bad_control(f"the seed is not one: {error}") from None
        return {"seeded": True}

    def requests(self, call: Call) -> Any:
        return self.faults.counts()

    def forget_requests(self, call: Call) -> Any:
        self.faults.reset_counts()
        return self.faults.counts()

    def current_faults(self, call: Call) -> Any:
        return self.faults.config.model_dump()

    def set_faults(self, call: Call) -> Any:
        try:
            self.faults.configure(FaultConfig.from_dict(call.json()))
        except ValueError as error:
            raise SimError(400, "BadFaults", str(error)) from None
        return self.faults.config.model_dump()

    def list_gateways(self, call: Call) -> Any:
        return {"gateways": self.gateways.all()}

    def set_gateway(self, call: Call) -> Any:
        state = body_of(GatewayState, call)
        return self.gateways.set_state(call.path_params["serial"], state.status, state.host)

    def observations(self, call: Call) -> Any:
        history = body_of(History, call)
        self.backend.add_observations(history.sensor_id, history.count)
        return {"sensor_id": history.sensor_id, "added": history.count}

    def make_token(self, call: Call) -> Any:
        """A token for tests: `expires_in` may be negative to make an expired one."""
        token = body_of(TokenRequest, call)
        return {"access_token": self.backend.test_token(token.projects, token.expires_in)}

    def variants(self, call: Call) -> Any:
        """The variants on, and every one the emulator knows (docs/api-assumptions.md)."""
        known = {name: {"assumption": v.assumption, "variant": v.alternative} for name, v in KNOWN.items()}
        return {"active": self.backend.variants.names(), "known": known}
