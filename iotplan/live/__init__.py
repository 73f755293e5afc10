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
]
