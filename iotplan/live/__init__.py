"""Read live state through the clients → LiveState (pyinfra's facts)."""

from iotplan.live.model import Catalog, LiveConnection, LiveEntity, LiveProject, LiveState, MetricInfo

__all__ = ["Catalog", "LiveConnection", "LiveEntity", "LiveProject", "LiveState", "MetricInfo"]
