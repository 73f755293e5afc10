"""A sensor's template refused as credential-shaped is quoted masked by the second refusal that
names it (metrics belong to generic sensors; this template `has its own`), as views show it; a
template naming none is still named as written."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest.loader import parse_manifest

HEAD = (
    "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n    nodes:\n"
)
SENSOR = (
    "      - key: n\n        kind: api\n        devices:\n          - key: d\n            sensors:\n"
    "              - key: s\n                template: '{template}'\n"
    "                metrics:\n                  - {{custom_metric: p, custom_unit: kPa}}\n"
)


def metrics_refusal(template: str) -> str:
    with pytest.raises(ManifestError) as refused:
        parse_manifest(HEAD + SENSOR.format(template=template), "site.yaml")
    [shown] = [str(problem) for problem in refused.value.problems if "has its own" in str(problem)]
    return shown


def test_a_credential_shaped_template_is_named_masked() -> None:
    shown = metrics_refusal("https://user:pa55w0rd@host.example/x?api_key=Zx81kq0")
    assert "(sensitive) has its own" in shown, shown
    assert "pa55w0rd" not in shown and "Zx81kq0" not in shown, shown


def test_a_template_naming_no_credential_is_named_as_written() -> None:
    assert "TEMPERATURE_SDE has its own" in metrics_refusal("TEMPERATURE_SDE")
