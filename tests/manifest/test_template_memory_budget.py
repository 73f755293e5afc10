"""Each value a template builds is bounded, and so is all it builds in one render: a loop keeping a
10-million-item list each time reached 4 GB in 12 s and asked for 16 GB. Real templates build little."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest import limits
from iotplan.manifest.limits import MAX_BUILT, MAX_VALUE, Budget
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

ROOT = Path(__file__).resolve().parents[2]
FLEET_AT_1000_CONNECTIONS = (
    "connections: 1000\ndevices: 10\nsensors: 10\ngateways: 100\nfirst_gateway_serial: 1\nunit: x\n"
)
KEPT = (
    "{% set ns = namespace(kept=[]) %}{% for i in range(COUNT) %}"
    "{% set ns.kept = ns.kept + ['x' * SIZE] %}{% endfor %}"
)


def test_values_kept_beyond_the_render_total_are_refused_at_their_line() -> None:
    count = MAX_BUILT // MAX_VALUE + 1  # each value within its own limit, all of them beyond the total
    template = "a: 1\n" + KEPT.replace("COUNT", str(count)).replace("SIZE", str(MAX_VALUE - 1)) + "\n"
    with pytest.raises(TemplateError) as caught:
        render_template(template, "t.j2", {})
    assert str(caught.value) == (
        f"t.j2:2:1: the template built more than {MAX_BUILT:,} characters and items of text and lists "
        "in all, the limit of one render"
    )


@pytest.mark.parametrize(
    ("template", "vars_text", "sites"),
    [
        ("examples/multi-site/site.yaml.j2", None, "examples/multi-site/sites.csv"),
        (
            "benchmarks/fleet.yaml.j2",
            FLEET_AT_1000_CONNECTIONS,
            None,
        ),
    ],
)
def test_the_example_and_the_benchmark_fleet_build_a_thousandth_of_the_limit(
    tmp_path: Path, template: str, vars_text: str | None, sites: str | None
) -> None:
    vars_file = tmp_path / "vars.yaml"
    vars_file.write_text(vars_text or "")
    variables = template_variables(str(vars_file) if vars_text else None, sites and str(ROOT / sites))
    budget = Budget()
    render_template((ROOT / template).read_text(), template, variables, budget)
    assert budget.built * 1000 < MAX_BUILT


def test_lists_made_by_batch_are_charged_with_what_each_list_costs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A list of one-item lists takes about nine items' memory per list: charged one item each, two
    loop iterations of `| batch(1)` over 9.9 million items reached 2.1 GB within the budget."""
    monkeypatch.setattr(limits, "MAX_BUILT", 1_000_000)  # a tenth of a million-item batch's cost
    template = "a: {{ (range(100000) | list) | batch(1) | list | length }}\n"
    with pytest.raises(TemplateError, match="the template built more than 1,000,000 characters and items"):
        render_template(template, "t.j2", {})
    assert render_template(template.replace("batch(1)", "batch(100)"), "t.j2", {}).text == "a: 1000\n"
