"""A custom metric declared twice was refused quoting its name with its `user:pw@` in clear, though
a plan shows the metric list "(sensitive)". Now it is quoted masked, as views mask a text, whether
the two are written alike or only read alike."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import parse_manifest

HEAD = (
    "apiVersion: iotplan/v1\nstack: site\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
    "    nodes:\n      - key: n\n        devices:\n          - key: lg\n            sensors:\n"
    "              - key: s\n                metrics:\n"
)


@pytest.mark.parametrize(
    ("second", "said"),
    [
        ("m sa:Tr0ub4dor3@db.example", "custom_metric 'm (sensitive)@db.example' is declared twice"),
        (
            "m\u00a0sa:Tr0ub4dor3@db.example",
            "custom_metric 'm\\xa0(sensitive)@db.example' is declared twice (metrics[0] and metrics[1]), "
            "as 'm (sensitive)@db.example' first",
        ),
    ],
)
def test_a_metric_declared_twice_is_quoted_masked(second: str, said: str) -> None:
    metrics = (
        '                  - {custom_metric: "m sa:Tr0ub4dor3@db.example", custom_unit: kPa_g}\n'
        f'                  - {{custom_metric: "{second}", custom_unit: kPa}}\n'
    )
    with pytest.raises(ManifestError) as refused:
        parse_manifest(HEAD + metrics, "site.yaml")
    [problem] = refused.value.problems
    assert said in problem.message
    assert "Tr0ub4dor3" not in str(refused.value)
