"""Templates: errors at the template's own line, data that cannot become structure, bounded renders."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml

from iotplan.errors import ManifestError, Problem, TemplateError
from iotplan.manifest.limits import Budget
from iotplan.manifest.loader import parse_rendered
from iotplan.manifest.source import load_yaml
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

HEADER = "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: p\n    nodes:\n"


def loaded_data(text: str, variables: dict[str, object]) -> object:
    rendered = render_template(text, "t.yaml.j2", variables)
    data, _, _ = load_yaml(rendered.text, "t", rendered.hook())
    return data


def test_missing_variable_names_the_template_file_line_and_column() -> None:
    text = "apiVersion: iotplan/v1\n\nstack: {{ stack_name }}\n"
    with pytest.raises(TemplateError, match=r"^site\.yaml\.j2:3:8: 'stack_name' is undefined$"):
        render_template(text, "site.yaml.j2", {})


def test_a_null_site_value_is_an_error_naming_it_at_its_line_and_row(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text("- {site: s1, name: North}\n- {site: s2, name: ~}\n")
    loop = (
        "{% for site in sites %}\n      - key: {{ site.site }}\n        name: {{ site.name }}\n{% endfor %}\n"
    )
    template = HEADER + loop
    expected = rf"^t\.yaml\.j2:8:15: site\.name is null: .* \(site s2, {sites}:2\)$"
    with pytest.raises(TemplateError, match=expected):
        render_template(template, "t.yaml.j2", template_variables(None, str(sites)))


@pytest.mark.parametrize(
    ("printed", "named"),
    [
        ("notes", "notes"),
        ("site['notes']", "site['notes']"),
        ("notes if notes is none else 1", "a value printed here"),
        ("{'a': notes}.a", "a value printed here"),
        ("[site][0]['notes']", "a value printed here"),
    ],
)
def test_a_null_var_is_an_error_naming_it(printed: str, named: str) -> None:
    variables = {"notes": None, "site": {"notes": None}}
    with pytest.raises(TemplateError, match=rf"^t\.yaml\.j2:2:8: {re.escape(named)} is null: "):
        render_template(f"a: 1\nnotes: {{{{ {printed} }}}}\n", "t.yaml.j2", variables)


def test_a_list_printed_from_a_site_row_is_an_error_naming_it_at_its_line_and_row(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text("- {site: s1, extra: [a, b]}\n")
    template = HEADER + "{% for site in sites %}\n      - key: {{ site.site }}\n        name: {{ PRINTED }}\n"
    template += "{% endfor %}\n"
    variables = template_variables(None, str(sites))
    expected = (
        r"^t\.yaml\.j2:8:15: site\.extra is a list, which \{\{ \}\} cannot print as one value: "
        rf"print one item of it, or `\| tojson` to write it as JSON/YAML flow text \(site s1, {sites}:1\)$"
    )
    with pytest.raises(TemplateError, match=expected):
        render_template(template.replace("PRINTED", "site.extra"), "t.yaml.j2", variables)
    joined = loaded_data(template.replace("PRINTED", "site.extra | join(', ')"), variables)
    assert joined == yaml.safe_load(HEADER + "      - {key: s1, name: 'a, b'}\n")


@pytest.mark.parametrize(
    ("value", "kind", "part", "as_json"),
    [
        ({"a": 1}, "a mapping", "field", '{"a": 1}'),
        (["x"], "a list", "item", '["x"]'),
        (("x",), "a list", "item", '["x"]'),
    ],
)
def test_a_structure_printed_whole_is_an_error_and_prints_with_tojson(
    value: object, kind: str, part: str, as_json: str
) -> None:
    expected = rf"^t\.yaml\.j2:2:10: extra is {kind}, .*: print one {part} of it, or `\| tojson` "
    with pytest.raises(TemplateError, match=expected):
        render_template("a: 1\nnotes: x-{{ extra }}\n", "t.yaml.j2", {"extra": value})
    assert loaded_data("notes: {{ extra | tojson }}\n", {"extra": value}) == {"notes": as_json}


def test_syntax_error_names_the_line() -> None:
    with pytest.raises(TemplateError, match=r"^t\.j2:2:4: template syntax error"):
        render_template("a: 1\nb: {% for %}\n", "t.j2", {})


def test_the_sandbox_refuses_unsafe_attribute_access() -> None:
    with pytest.raises(TemplateError, match=r"t\.j2:1:1"):
        render_template("{{ ''.__class__.__mro__ }}", "t.j2", {})


@pytest.mark.parametrize(
    "cell",
    ["s1\n  name: x\n- key: evil", "x, evil: 1}", "a # comment", "'\"]}", "- key: evil", "\u2028key: evil"],
)
def test_a_value_is_one_scalar_wherever_the_template_puts_it(cell: str) -> None:
    contexts = ["k: {{ v }}", 'k: "{{ v }}"', "k: '{{ v }}'", "k: {a: {{ v }}}", "k: [{{ v }}]"]
    for context in [*contexts, "k: x{{ v }}y"]:
        data = loaded_data(context + "\n", {"v": cell})
        assert isinstance(data, dict) and list(data) == ["k"], (context, data)


def test_the_rendered_text_reads_back_as_the_same_data() -> None:
    contexts = ["k: {{ v }}\n", "k: |\n  {{ v }}\n  more\nz: 1\n", "{{ v }}: 1\n", "# {{ v }}\nk: [{{v}}]\n"]
    values = ["a\nb: c", "No", "0123", "\x85", "", '\\ "']
    for context, value in itertools.product(contexts, values):
        rendered = render_template(context, "t.j2", {"v": value})
        hook = rendered.hook()
        data, _, _ = load_yaml(rendered.text, "t", hook)
        assert yaml.safe_load(rendered.final_text(hook)) == data, (context, value)


def test_numbers_and_booleans_print_as_themselves() -> None:
    variables = {"n": 3, "f": 1.5, "t": True, "s": "3"}
    data = loaded_data("a: {{ n }}\nb: {{ f }}\nc: {{ t }}\nd: {{ s }}\n", variables)
    assert data == {"a": 3, "b": 1.5, "c": True, "d": "3"}


@pytest.mark.parametrize(
    ("expression", "limit"),
    [
        ("{{ 10 ** (10 ** 9) }}", "a power of more than"),
        ('{{ "x" * 10**12 }}', "a repeated value would be 1,000,000,000,000 long"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "iterations"),
        ('{{ "x" | center(10**9) }}', "the result of center()"),
        ('{{ "%0999999999d" % 1 }}', "a formatted field"),
        ('{{ "{:>999999999}".format(1) }}', "a formatted field"),
        ('{% set n = namespace(s="x") %}{% for i in range(60) %}{% set n.s = n.s~n.s %}{% endfor %}', "(~)"),
    ],
)
def test_a_render_stops_at_a_named_limit_on_the_line_that_reached_it(expression: str, limit: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render_template(f"a: 1\nb: {expression}\n", "t.j2", {})
    assert str(caught.value).startswith("t.j2:2:4: ") and limit in str(caught.value)


def test_a_render_stops_at_its_deadline() -> None:
    text = "{% for i in range(100000) %}{% for j in range(100) %}{{ j }}{% endfor %}{% endfor %}"
    with pytest.raises(TemplateError, match=r"t\.j2:1:1: the template ran for more than 0\.01 s"):
        render_template(text, "t.j2", {}, Budget(seconds=0.01))


def test_a_problem_repeated_for_every_site_is_told_once_at_the_template_line(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text("site,lat\n" + "".join(f"s{i},-41.{i}\n" for i in range(50)))
    template = HEADER + "{%- for site in sites %}\n      - key: {{ site.site }}\n"
    template += "        location: {lat: {{ site.lat }}, lon: 1}\n{%- endfor %}\n"
    rendered = render_template(template, "t.yaml.j2", template_variables(None, str(tmp_path / "sites.csv")))
    with pytest.raises(ManifestError) as caught:
        parse_rendered(rendered)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column) == ("t.yaml.j2", 8, 25)
    assert "expected a number" in problem.message and "in 50 sites: s0, s1" in problem.message


def test_a_printed_value_where_a_number_belongs_is_told_to_use_a_filter() -> None:
    template = HEADER + "      - key: a\n        location: {lat: {{ v }}, lon: 1}\n"
    rendered = render_template(template, "t.yaml.j2", {"v": "-41.2"})
    with pytest.raises(ManifestError) as caught:
        parse_rendered(rendered)
    [problem] = caught.value.problems
    assert problem.message == (
        "location.lat: expected a number, got a string ('-41.2'); "
        "a value the template prints is text: convert it there, {{ ... | float }}"
    )


@pytest.mark.parametrize("printed", ["inf", "-Infinity", "nan"])
def test_a_printed_value_no_finite_number_is_not_told_to_use_a_filter_that_refuses_it(printed: str) -> None:
    template = HEADER + "      - key: a\n        location: {lat: {{ v }}, lon: 1}\n"
    rendered = render_template(template, "t.yaml.j2", {"v": printed})
    with pytest.raises(ManifestError) as caught:
        parse_rendered(rendered)
    [problem] = caught.value.problems
    assert problem.message == (
        f"location.lat: expected a number, got a string ('{printed}'); "
        "it is no finite number, which no number field takes: give a finite one where it is written"
    )


def test_a_number_written_as_text_in_the_template_itself_gets_no_filter_hint() -> None:
    template = HEADER + '      - key: a\n        location: {lat: "-41.2", lon: 1}\n'
    rendered = render_template(template, "t.yaml.j2", {})
    with pytest.raises(ManifestError) as caught:
        parse_rendered(rendered)
    [problem] = caught.value.problems
    assert "expected a number" in problem.message and "convert it there" not in problem.message


def test_a_problem_of_one_site_names_its_row(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text("site,name\ns1,Fine\ns2, Padded\n")
    template = HEADER + "{%- for site in sites %}\n      - key: {{ site.site }}\n"
    template += "        name: {{ site.name }}\n{%- endfor %}\n"
    rendered = render_template(template, "t.yaml.j2", template_variables(None, str(tmp_path / "sites.csv")))
    with pytest.raises(ManifestError) as caught:
        parse_rendered(rendered)
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.address) == (8, 15, "s2")
    assert problem.message.endswith(f"(site s2, {tmp_path / 'sites.csv'}:3)")


def test_csv_cells_are_text_and_excel_quirks_are_read(tmp_path: Path) -> None:
    path = tmp_path / "sites.csv"
    path.write_bytes(b"\xef\xbb\xbfsite,flag,code,time\r\nnorth,No,0123,1:30\r\n,,,\r\n\r\n")
    [row] = template_variables(None, str(path))["sites"]
    assert row == {"site": "north", "flag": "No", "code": "0123", "time": "1:30"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("site,name,site\ns1,a,b\n", "sites.csv:1:1: --sites: column 'site' appears twice"),
        ("site;name\ns1;a\n", "looks separated by ';'"),
        ("site,,x\ns1,a,b\n", "column 2 of the header has no name"),
        ('site,name\n"s1,A\ns2,B\n', "sites.csv:2:1: --sites: a quote opened on this row is never closed"),
        ("site,name\ns1,A\nsite, name\ns2,B\n", r"sites.csv:3:1: --sites: this row repeats the header"),
    ],
)
def test_a_sites_file_that_cannot_be_read_as_meant_is_refused_at_its_line(
    tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "sites.csv").write_text(content)
    with pytest.raises(TemplateError, match=message):
        template_variables(None, str(tmp_path / "sites.csv"))


def test_a_csv_cell_used_as_a_number_is_told_to_convert_it(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text("site,spare\nnorth,2\n")
    template = "{% for site in sites %}\nspares: {{ site.spare + 1 }}\n{% endfor %}\n"
    variables = template_variables(None, str(tmp_path / "sites.csv"))
    expected = "; a CSV cell is text: convert it there, `... | int` or `... | float` (site north, "
    with pytest.raises(
        TemplateError, match=r"^t\.j2:2:9: TypeError: can only concatenate str .*" + re.escape(expected)
    ):
        render_template(template, "t.j2", variables)


@pytest.mark.parametrize(("cell", "error"), [("abc", "not a whole number"), ("3.5", "not a whole number")])
def test_int_refuses_text_it_cannot_read_instead_of_zero(cell: str, error: str) -> None:
    with pytest.raises(TemplateError, match=error):
        render_template("a: {{ v | int }}\n", "t.j2", {"v": cell})
    data = loaded_data("a: {{ v | int }}\nb: {{ w | bool }}\n", {"v": "0123", "w": "No"})
    assert data == {"a": 123, "b": False}


def test_a_site_row_overrides_the_vars(tmp_path: Path) -> None:
    (tmp_path / "vars.yaml").write_text("piezometers: 3\nowner: ops\n")
    (tmp_path / "sites.csv").write_text("site,piezometers,weather\nnorth,,true\nsouth,5,\n")
    rows = template_variables(str(tmp_path / "vars.yaml"), str(tmp_path / "sites.csv"))["sites"]
    assert rows[0] == {"piezometers": "", "owner": "ops", "site": "north", "weather": "true"}
    assert rows[1]["piezometers"] == "5" and rows[1]["owner"] == "ops"


def test_yaml_sites_can_carry_structure(tmp_path: Path) -> None:
    (tmp_path / "sites.yaml").write_text("- site: north\n  extra_devices: [weather]\n")
    variables = template_variables(None, str(tmp_path / "sites.yaml"))
    assert variables["sites"][0]["extra_devices"] == ["weather"]


def test_vars_holding_sites_beside_a_sites_file_are_refused_naming_both(tmp_path: Path) -> None:
    (tmp_path / "vars.yaml").write_text("owner: ops\nsites:\n  - {site: kept, name: Kept}\n")
    (tmp_path / "sites.csv").write_text("site,name\nnorth,North\n")
    vars_file, sites_file = str(tmp_path / "vars.yaml"), str(tmp_path / "sites.csv")
    expected = (
        rf"^{re.escape(vars_file)}:2:1: --vars: `sites` holds the rows of --sites {re.escape(sites_file)}: "
    )
    with pytest.raises(TemplateError, match=expected):
        template_variables(vars_file, sites_file)
    assert template_variables(vars_file, None)["sites"] == [{"site": "kept", "name": "Kept"}]


def test_sites_that_are_not_rows_are_refused(tmp_path: Path) -> None:
    (tmp_path / "sites.yaml").write_text("just: a mapping\n")
    with pytest.raises(TemplateError, match="--sites must be"):
        template_variables(None, str(tmp_path / "sites.yaml"))


def test_an_alias_bomb_in_vars_is_refused_at_its_line(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    (tmp_path / "vars.yaml").write_text("\n".join(lines) + "\n")
    with pytest.raises(TemplateError, match=r"vars\.yaml:\d+:\d+: --vars: invalid YAML: aliases expand"):
        template_variables(str(tmp_path / "vars.yaml"), None)


def test_a_rendered_manifest_has_the_same_digest_every_time(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text("site,name\ns1,North dam\ns2,South dam\n")
    template = HEADER + "{%- for site in sites %}\n      - key: {{ site.site }}\n"
    template += "        name: {{ site.name }}\n{%- endfor %}\n"
    variables = template_variables(None, str(tmp_path / "sites.csv"))
    first, second = (parse_rendered(render_template(template, "t.j2", variables)) for _ in range(2))
    assert first.digest == second.digest and "North dam" in first.text


def test_a_null_joined_with_a_tilde_is_an_error_not_the_text_none() -> None:
    text = 'stack: t\nname: "{{ site_name ~ extra }}"\n'
    with pytest.raises(TemplateError, match=r"^t\.yaml\.j2:2:.*a value joined with ~ is null: "):
        render_template(text, "t.yaml.j2", {"site_name": "One", "extra": None})


@pytest.mark.parametrize(
    ("printed", "named"),
    [
        ("{{ [site_name, extra] | join('-') }}", "a value joined with | join"),
        (
            "{{ [{'n': site_name}, {'n': extra}] | map(attribute='n') | join(',') }}",
            "a value joined with | join",
        ),
        ("{{ [{'n': site_name}, {'n': extra}] | join(',', attribute='n') }}", "a value joined with | join"),
        ("{{ '%s' | format(extra) }}", "a value given to | format"),
        ("{{ '%(x)s' | format(x=extra) }}", "a value given to | format"),
    ],
)
def test_a_null_joined_or_formatted_is_an_error_not_the_text_none(printed: str, named: str) -> None:
    text = f'stack: t\nname: "{printed}"\n'
    with pytest.raises(TemplateError, match=rf"^t\.yaml\.j2:2:.*{re.escape(named)} is null: "):
        render_template(text, "t.yaml.j2", {"site_name": "One", "extra": None})


def rendered_problems(template: str, variables: dict[str, object]) -> list[Problem]:
    with pytest.raises(ManifestError) as caught:
        parse_rendered(render_template(template, "t.yaml.j2", variables))
    return caught.value.problems


@pytest.mark.parametrize(
    "filtered", ["{{ 1 | iotplan_site_leave }}", "{% for s in [1] | iotplan_site_item %}{% endfor %}"]
)
def test_a_template_cannot_call_iotplans_own_filters(filtered: str) -> None:
    with pytest.raises(
        TemplateError, match=r"^t\.j2:2:4: template syntax error: names starting with iotplan_"
    ):
        render_template(f"a: 1\nb: {filtered}\n", "t.j2", {})


def test_a_row_whose_first_printed_value_is_a_number_is_named_for_its_problem(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text("name,lat\nAlpha,-41.1\nBeta,-41.2\nGamma,95\nDelta,-41.4\n")
    template = HEADER + "{%- for s in sites %}\n      - key: site-{{ loop.index }}\n"
    template += (
        "        location: {lat: {{ s.lat | float }}, lon: 1}\n        name: {{ s.name }}\n{%- endfor %}\n"
    )
    [problem] = rendered_problems(template, template_variables(None, str(tmp_path / "sites.csv")))
    assert "latitude 95.0 is outside" in problem.message
    assert problem.message.endswith(f"(site Gamma, {tmp_path / 'sites.csv'}:4)")


def test_a_mistake_in_a_number_printed_for_every_site_names_every_site(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text("name,num\nalpha,1\nbeta,2\ngamma,3\n")
    template = HEADER + "{%- for s in sites %}\n      - key: {{ s.num | int }}\n"
    template += "        name: {{ s.name }}\n{%- endfor %}\n"
    [problem] = rendered_problems(template, template_variables(None, str(tmp_path / "sites.csv")))
    assert problem.message.endswith("(in 3 sites: alpha, beta, gamma)")


def test_a_problem_after_the_loop_names_no_site(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text("site,name\nalpha,A\nbeta,B\n")
    template = HEADER + "{%- for s in sites %}\n      - key: {{ s.site }}\n"
    template += "        name: {{ s.name }}\n{%- endfor %}\nmoved:\n"
    [problem] = rendered_problems(template, template_variables(None, str(tmp_path / "sites.csv")))
    assert (problem.line, problem.message) == (10, "expected a list, got nothing (null)")


def test_a_render_error_after_the_loop_names_no_site(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text("site,name\nalpha,A\nbeta,B\n")
    template = (
        HEADER + "{%- for s in sites %}\n      - key: {{ s.site }}\n{%- endfor %}\nnotes: {{ nothere }}\n"
    )
    with pytest.raises(TemplateError, match=r"^t\.yaml\.j2:9:8: 'nothere' is undefined$"):
        render_template(template, "t.yaml.j2", template_variables(None, str(tmp_path / "sites.csv")))


def test_rows_read_inside_an_inner_loop_do_not_change_the_outer_loops_site(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text("site,lat\nalpha,1\nbeta,95\ngamma,3\n")
    template = HEADER + "{%- for s in sites %}{% set lat = s.lat | float %}"
    template += "{% for other in sites %}{% if other.site %}{% endif %}{% endfor %}\n"
    template += "      - key: k{{ loop.index }}\n        location: {lat: {{ lat }}, lon: 1}\n"
    template += "        name: {{ s.site }}\n{%- endfor %}\n"
    [problem] = rendered_problems(template, template_variables(None, str(tmp_path / "sites.csv")))
    assert problem.message.endswith(f"(site beta, {tmp_path / 'sites.csv'}:3)")


def test_a_vars_number_yaml_1_2_reads_otherwise_is_refused_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "vars.yaml").write_text("port: 0x2\nchannel: 010\n")  # hexadecimal: alike in 1.1 and 1.2
    expected = (
        r"vars\.yaml:2:10: --vars: 010 is read by YAML 1\.1 \(iotplan\) as the octal number 8 and by YAML "
        r"1\.2 as 10: write 10 \(or 8, if octal was meant\); if it is text, write it quoted: '010'$"
    )
    with pytest.raises(TemplateError, match=expected):
        template_variables(str(tmp_path / "vars.yaml"), None)


def test_a_number_too_large_for_a_float_gets_no_spelling_hint_that_is_infinite_too() -> None:
    template = HEADER + "      - key: a\n        location: {lat: 1e999, lon: 1}\n"
    with pytest.raises(ManifestError) as caught:
        parse_rendered(render_template(template, "t.yaml.j2", {}))
    [problem] = caught.value.problems
    assert problem.message == "location.lat: expected a number, got a string ('1e999')"
