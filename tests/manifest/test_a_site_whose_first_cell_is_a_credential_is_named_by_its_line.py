"""A --sites row is named in a template's refusal by its first cell (`site s1, sites.csv:2`), unless
that cell holds a credential: its column is named like one (`password`, `api_key`), or its value is
one views hide (a token told by its shape, `Password:x`). Such a site is named by its row's file:line
alone, once (`site at sites.csv:2`) or in a list (`in 2 sites: sites.csv:2, sites.csv:3`), so the
refusal, read in CI logs and PR comments, never prints it."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import ManifestError, TemplateError
from iotplan.manifest import load_manifest

HEAD = (
    "apiVersion: iotplan/v1\nstack: site\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
    "    nodes:\n"
)
# Its lat read by `| float`, which stops the render at the first row it refuses; or printed as it is,
# which the manifest refuses in every row that is no number, listing them.
FLOAT = "{{ site.lat | float }}"
PRINTED = "{{ site.lat }}"
TOKEN = "ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5"


def refusal(folder: Path, header: str, rows: list[str], lat: str = FLOAT) -> str:
    """What the template of one node per row, at `lat`, is refused with, for a sites.csv of `header`
    and `rows`."""
    (folder / "sites.csv").write_text("\n".join([header, *rows]) + "\n")
    loop = f"      - key: {{{{ site.key }}}}\n        location: {{lat: {lat}, lon: 1}}\n"
    (folder / "t.yaml.j2").write_text(HEAD + "{%- for site in sites %}\n" + loop + "{%- endfor %}\n")
    with pytest.raises((ManifestError, TemplateError)) as refused:
        load_manifest(str(folder / "t.yaml.j2"), sites_file=str(folder / "sites.csv"))
    return str(refused.value)


# A first column, and two rows' first cells: each a credential, by the column's name or its own shape.
CREDENTIALS = {
    "password": ("Sup3rS3cret!0", "Sup3rS3cret!1"),
    "api_key": ("k9x8-one", "k9x8-two"),
    "adminpass": ("AdminSECRET99", "AdminSECRET98"),
    "privatekey": ("PK-SECRET-1", "PK-SECRET-2"),
    "label": (TOKEN, TOKEN.replace("aB3", "xY7")),
    "owner": ("Password:x", "Password:y"),
}


@pytest.mark.parametrize("column", CREDENTIALS)
def test_one_site_is_named_by_its_line(tmp_path: Path, column: str) -> None:
    first, second = CREDENTIALS[column]
    shown = refusal(tmp_path, f"{column},key,lat", [f"{first},s1,north", f"{second},s2,1"])
    assert "(site at " in shown and "sites.csv:2)" in shown, shown
    assert first not in shown, shown


@pytest.mark.parametrize("column", CREDENTIALS)
def test_sites_listed_are_named_by_their_lines(tmp_path: Path, column: str) -> None:
    first, second = CREDENTIALS[column]
    shown = refusal(tmp_path, f"{column},key,lat", [f"{first},s1,north", f"{second},s2,south"], PRINTED)
    assert "in 2 sites: " in shown and "sites.csv:2, " in shown and "sites.csv:3)" in shown, shown
    assert first not in shown and second not in shown, shown


def test_a_first_cell_holding_no_credential_still_names_its_site(tmp_path: Path) -> None:
    shown = refusal(tmp_path, "site,key,lat", ["Aoraki,s1,north", "Benmore,s2,south"], PRINTED)
    assert "in 2 sites: Aoraki, Benmore)" in shown, shown


def test_a_first_column_named_by_ordinary_words_still_names_its_site(tmp_path: Path) -> None:
    shown = refusal(tmp_path, "author,key,lat", ["Aoraki,s1,north", "Benmore,s2,south"], PRINTED)
    assert "in 2 sites: Aoraki, Benmore)" in shown, shown
