"""A macro or a `{% set %}` block of several lines printed with {{ }} in a loop over the sites breaks
the YAML at the next row's line, above the print: the message still names what was printed and where."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest.loader import parse_rendered
from iotplan.manifest.template import render_template

LOOP = """\
apiVersion: iotplan/v1
stack: bs
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
{%- for site in sites %}
      - key: {{ site.site }}
        devices:
          - key: logger
            sensors:
{{ pz }}
{%- endfor %}
"""
BLOCK = "\n              - key: pz-1\n              - key: pz-2\n"
MACRO = "{%- macro pz() %}" + BLOCK + "{%- endmacro %}\n"
SET_BLOCK = "{%- set pz %}" + BLOCK + "{%- endset %}\n"
SITES = [{"site": "site-01"}, {"site": "site-02"}]


def problem_in(template: str) -> str:
    with pytest.raises(ManifestError) as caught:
        parse_rendered(render_template(template, "bm.yaml.j2", {"sites": SITES}))
    [problem] = caught.value.problems
    return problem.message


def test_a_macro_printed_in_a_loop_is_named_with_the_call_that_works() -> None:
    message = problem_in(MACRO + LOOP.replace("{{ pz }}", "{{ pz() }}"))
    assert (
        "; the macro pz is printed with {{ }} at line 15, which makes its text one value: "
        "write {% call pz(...) %}{% endcall %} to print it as the template's own"
    ) in message


def test_a_set_block_printed_is_named_with_the_macro_to_make_of_it() -> None:
    message = problem_in(SET_BLOCK + LOOP)
    assert (
        "; the {% set pz %} block is printed with {{ }} at line 15, which makes its text one value: "
        "make it a macro and write {% call pz() %}{% endcall %} to print it as the template's own"
    ) in message
