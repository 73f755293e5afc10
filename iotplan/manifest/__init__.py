"""Text → desired state: YAML with positions, Jinja2 templates, pydantic models, JSON Schema."""

from iotplan.manifest.addresses import REF_ID_MAX_LENGTH, address, derive_ref_id, fold_ref_id
from iotplan.manifest.loader import (
    LoadedManifest,
    StreamedManifest,
    load_manifest,
    parse_manifest,
    read_manifest_text,
    stream_manifest,
)
from iotplan.manifest.models import Device, Location, Manifest, Metric, Node, Project, Sensor
from iotplan.manifest.schema import manifest_json_schema

__all__ = [
    "REF_ID_MAX_LENGTH",
    "Device",
    "LoadedManifest",
    "Location",
    "Manifest",
    "Metric",
    "Node",
    "Project",
    "Sensor",
    "StreamedManifest",
    "address",
    "derive_ref_id",
    "fold_ref_id",
    "load_manifest",
    "manifest_json_schema",
    "parse_manifest",
    "read_manifest_text",
    "stream_manifest",
]
