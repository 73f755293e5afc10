"""Read live state through the clients → LiveState (pyinfra's facts)."""

from iotplan.live.model import (
    Catalog,
    GatewayStatus,
    LiveConnection,
    LiveEntity,
    LiveGateway,
    LiveProject,
    LiveState,
    MetricInfo,
    Observations,
)

__all__ = [
    "Catalog",
    "GatewayStatus",
    "LiveConnection",
    "LiveEntity",
    "LiveGateway",
    "LiveProject",
    "LiveState",
    "MetricInfo",
    "Observations",
]
