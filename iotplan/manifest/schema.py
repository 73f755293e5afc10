"""The JSON Schema editors use to autocomplete and check manifests, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from iotplan.manifest.models import Manifest


def manifest_json_schema() -> dict[str, Any]:
    schema = Manifest.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "iotplan manifest (apiVersion iotplan/v1)",
        **schema,
    }


def manifest_json_schema_text() -> str:
    return json.dumps(manifest_json_schema(), indent=2, sort_keys=True) + "\n"
