"""A value printed where YAML reads an anchor's or an alias's name or a tag (`&{{ x }}`) is told as that,
never by the placeholder character the YAML scanner met in its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest.loader import load_manifest

HEAD = (
    "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n    nodes:\n"
)


@pytest.mark.parametrize(
    ("written", "kind"),
    [("&{{ site.name }} x", "an anchor"), ("!{{ site.name }} x", "a tag"), ("*{{ site.name }}", "an alias")],
)
def test_a_value_printed_as_a_yaml_mark_is_told_so(tmp_path: Path, written: str, kind: str) -> None:
    (tmp_path / "sites.csv").write_text("site,name\ns1,Alpha\n")
    loop = (
        "{%- for site in sites %}\n      - key: {{ site.site }}\n        name: "
        + written
        + "\n{%- endfor %}\n"
    )
    (tmp_path / "t.yaml.j2").write_text(HEAD + loop)
    with pytest.raises(ManifestError) as refused:
        load_manifest(str(tmp_path / "t.yaml.j2"), sites_file=str(tmp_path / "sites.csv"))
    message = str(refused.value)
    assert "ufdd0" not in message
    assert f"t.yaml.j2:8:16: invalid YAML: a value the template prints cannot be part of {kind}" in message
    assert 'quote the scalar: "' in message
