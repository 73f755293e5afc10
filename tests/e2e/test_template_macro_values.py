"""A multi-site template that tests and filters a macro's output plans what plain Jinja2 renders: the
entity a condition on the macro guards is created, the filtered name written is the text, and the next
plan has nothing to do."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace

TEMPLATE = f"""\
{{%- macro region(s) -%}}{{{{ s.region }}}}{{%- endmacro -%}}
apiVersion: iotplan/v1
stack: regions
projects:
  - id: {PROJECT}
    nodes:
{{%- for site in sites %}}
      - key: {{{{ site.site }}}}
        name: "{{{{ region(site) | upper }}}} feed"
        devices:
          - key: logger
{{%- if region(site) == 'north' %}}
          - key: north-extra
{{%- endif %}}
{{%- endfor %}}
"""


def test_a_condition_and_a_filter_on_a_macro_plan_the_rendered_values_once(workspace: Workspace) -> None:
    (workspace.path / "regions.yaml.j2").write_text(TEMPLATE)
    (workspace.path / "sites.csv").write_text("site,region\nn1,north\ns1,south\n")
    fleet = ("regions.yaml.j2", "--sites", "sites.csv")
    plan = workspace.json("plan", *fleet)
    created = sorted(change["address"] for change in plan["changes"] if change["action"] == "create")
    assert [address for address in created if "north-extra" in address] == ["n1/north-extra"]
    names = {change["address"]: change["after"].get("name") for change in plan["changes"]}
    assert (names["n1"], names["s1"]) == ("NORTH feed", "SOUTH feed")
    assert workspace.run("apply", *fleet, "--auto-approve").exit_code == 0
    assert workspace.run("plan", *fleet, "--detailed-exitcode").exit_code == 0
