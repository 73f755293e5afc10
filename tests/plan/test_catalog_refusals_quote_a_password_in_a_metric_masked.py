"""A metric or unit the catalog lacks was refused quoting it with its `user:pw@` in clear, though a
plan shows the same metric list "(sensitive)". Now it is quoted masked, as views mask a text."""

from __future__ import annotations

import pytest

from tests.plan.test_catalog import node, problems, sensor

TEXT = "sa:Tr0ub4dor3@db.example"


@pytest.mark.parametrize(
    ("metric", "said"),
    [
        ({"metric": TEXT, "unit": "kPa"}, "unknown metric '(sensitive)@db.example'"),
        ({"metric": "Pore pressure", "unit": TEXT}, "unit '(sensitive)@db.example' is not a unit of"),
        ({"custom_metric": "tilt", "unit": TEXT}, "unknown unit '(sensitive)@db.example'"),
    ],
)
def test_catalog_refusals_quote_a_password_in_a_metric_masked(metric: dict[str, str], said: str) -> None:
    [problem] = problems(node(sensor("pz-1", metrics=[metric])))
    assert said in problem
    assert "Tr0ub4dor3" not in problem
