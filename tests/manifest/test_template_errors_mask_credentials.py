"""A manifest's or a template's error message may quote the value it refuses (a --sites cell, a manifest's
text): a URL's password and a parameter named like a credential show there as "(sensitive)", as in plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import ManifestError, TemplateError
from iotplan.manifest.loader import load_manifest

PASSWORD_URL = "https://user:Hunter2Secret@h.example/feed"
HEAD = (
    "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n    nodes:\n"
)
LOOP = "{%- for site in sites %}\n      - key: {{ site.site }}\n        "


def refusal(tmp_path: Path, body: str, cell: str = PASSWORD_URL) -> str:
    (tmp_path / "sites.csv").write_text(f"site,url\ns1,{cell}\n")
    (tmp_path / "t.yaml.j2").write_text(f"{HEAD}{LOOP}{body}\n{{%- endfor %}}\n")
    with pytest.raises((TemplateError, ManifestError)) as refused:
        load_manifest(str(tmp_path / "t.yaml.j2"), sites_file=str(tmp_path / "sites.csv"))
    return str(refused.value)


@pytest.mark.parametrize(
    "body",
    [
        'name: "{{ site.url | int }}"',
        'name: "{{ site.url == 3 }}"',
        "name: \"{{ {'a': 1}[site.url] }}\"",
        "location: {lat: {{ site.url }}, lon: 1}",
    ],
)
def test_a_url_password_a_template_error_quotes_is_masked(tmp_path: Path, body: str) -> None:
    message = refusal(tmp_path, body)
    assert "Hunter2Secret" not in message
    assert "https://(sensitive)@h.example/feed" in message


def test_a_credential_parameter_a_template_error_quotes_is_masked(tmp_path: Path) -> None:
    message = refusal(
        tmp_path, 'name: "{{ site.url | int }}"', "https://h.example/feed?api_key=Hunter2Secret99"
    )
    assert "Hunter2Secret99" not in message
    assert "?api_key=(sensitive)" in message


def test_a_manifest_value_a_problem_quotes_is_masked(tmp_path: Path) -> None:
    lat = "https://h.example/feed?api_key=Hunter2Secret99"
    (tmp_path / "m.yaml").write_text(f'{HEAD}      - key: a\n        location: {{lat: "{lat}", lon: 1}}\n')
    with pytest.raises(ManifestError) as refused:
        load_manifest(str(tmp_path / "m.yaml"))
    assert "Hunter2Secret99" not in str(refused.value)
    assert "expected a number, got a string ('https://h.example/feed?api_key=(sensitive)')" in str(
        refused.value
    )
