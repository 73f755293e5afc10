"""Where a template declares what a plan's refusal is about is told as `validate` tells a template's
problem: the template's line and column, with the site rendered there; and not at all once the
manifest is no longer the one planned (the lines would be another text's)."""

from __future__ import annotations

from pathlib import Path

from iotplan.manifest.loader import load_manifest, locate_declared

TEMPLATE = """apiVersion: iotplan/v1
stack: fleet
moved:
  - {from: site-01/old, to: site-01/logger}
projects:
  - id: p
    nodes:
{%- for site in sites %}
      - key: {{ site.site }}
        kind: api
        devices:
          - key: logger
{%- endfor %}
"""
SITES = "site,name\nsite-01,Aoraki\nsite-02,Benmore\n"


def test_declared_positions_of_a_template_name_the_template_line_and_the_site(tmp_path: Path) -> None:
    template, sites = tmp_path / "site.yaml.j2", tmp_path / "sites.csv"
    template.write_text(TEMPLATE)
    sites.write_text(SITES)
    digest = load_manifest(str(template), sites_file=str(sites)).digest
    wanted = [("site-02/logger", ()), ("", ("moved", 0)), ("site-09/logger", ())]

    found = locate_declared(str(template), digest, wanted, sites_file=str(sites))
    template.write_text(TEMPLATE.replace("kind: api", "kind: api\n        name: edited"))
    edited = locate_declared(str(template), digest, wanted, sites_file=str(sites))

    assert found is not None
    logger_written, entry_written, undeclared = found
    assert logger_written is not None and entry_written is not None
    logger, entry = logger_written.place, entry_written.place
    lines = TEMPLATE.splitlines()
    assert (logger.file, logger.line, logger.column) == (
        str(template),
        lines.index("          - key: logger") + 1,
        13,
    )
    assert "site-02" in logger.message and "site-01" not in logger.message
    assert (entry.line, entry.column) == (4, 5)
    assert undeclared is None
    assert edited is None
