"""A plan-time refusal about an entity a template declares is told as `validate` tells a template's
problem: at the template's line and column, with the site (the --sites row) rendered there."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace

TEMPLATE = f"""apiVersion: iotplan/v1
stack: fleet
projects:
  - id: {PROJECT}
    nodes:
{{%- for site in sites %}}
      - key: {{{{ site.site }}}}
        kind: api
{{%- endfor %}}
"""
KEY_LINE = "      - key: {{ site.site }}"


def test_a_refusal_in_a_template_names_the_template_line_and_its_site(workspace: Workspace) -> None:
    (workspace.path / "site.yaml.j2").write_text(TEMPLATE)
    (workspace.path / "sites.csv").write_text("site\nsite-01\nSITE-02\n")
    assert workspace.run("apply", "site.yaml.j2", "--sites", "sites.csv", "--auto-approve").exit_code == 0
    (workspace.path / "sites.csv").write_text("site\nsite-01\nsite-02\n")  # a key re-cased: its twin live

    shown = workspace.run("plan", "site.yaml.j2", "--sites", "sites.csv")

    assert shown.exit_code == 1, shown.output
    line = TEMPLATE.splitlines().index(KEY_LINE) + 1
    refusal = next(text for text in shown.output.splitlines() if "site-02: not found by its refId" in text)
    assert refusal.startswith(f"  site.yaml.j2:{line}:9: site-02: not found by its refId 'fleet:site-02'")
    assert refusal.endswith("(site site-02, sites.csv:3)")
