"""iotplan: declarative infrastructure as code for the Bentley iTwin IoT platform."""

from iotplan.errors import (
    ApplyError,
    AuthError,
    CatalogError,
    IotplanError,
    ManifestError,
    PlanError,
    PlatformError,
    Problem,
    SelectionError,
    StalePlanError,
    TemplateError,
    TransportError,
)

__version__ = "0.2.0.dev7"

__all__ = [
    "ApplyError",
    "AuthError",
    "CatalogError",
    "IotplanError",
    "ManifestError",
    "PlanError",
    "PlatformError",
    "Problem",
    "SelectionError",
    "StalePlanError",
    "TemplateError",
    "TransportError",
    "__version__",
]
