"""A `password` column of --sites, or a `--var`/`--vars` variable named like a credential, printed into
the manifest (`notes: "{{ site.password }}"`) would be shown by plan, saved in its JSON, shown by drift
and written to the platform for every project user to read: nothing in a plain value (`Sup3rS3cret!0`)
says so but its name. Refused at the template's line, naming the input, never its value."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.loader import load_manifest

SECRET = "Sup3rS3cret!0"
HEAD = (
    "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n    nodes:\n"
)
LOOP = '{%- for site in sites %}\n      - key: {{ site.site }}\n        notes: "{{ NOTES }}"\n{%- endfor %}\n'
WAY_OUT = (
    "is named as a credential, and this line writes its value into the manifest, where plans, saved plans "
    "and drift reports would print it and the platform would show it to every user of the project: keep "
    "credentials out of the manifest (iotplan's own are read from the environment: README, Targets and "
    "credentials), or name it otherwise if it holds none"
)


def loaded(tmp_path: Path, notes: str, cell: str = SECRET, **given: object) -> object:
    (tmp_path / "sites.csv").write_text(f"site,db_password\ns1,{cell}\n")
    (tmp_path / "t.yaml.j2").write_text(HEAD + LOOP.replace("{{ NOTES }}", notes))
    return load_manifest(str(tmp_path / "t.yaml.j2"), sites_file=str(tmp_path / "sites.csv"), **given)  # type: ignore[arg-type]


def refusal(tmp_path: Path, notes: str, **given: object) -> str:
    with pytest.raises(TemplateError) as refused:
        loaded(tmp_path, notes, **given)
    assert SECRET not in str(refused.value)
    return str(refused.value)


def test_a_credential_named_column_printed_is_refused_at_its_line(tmp_path: Path) -> None:
    message = refusal(tmp_path, "{{ site.db_password }}")
    sites = tmp_path / "sites.csv"
    where = f"{tmp_path / 't.yaml.j2'}:8:17"
    assert message == f"{where}: column 'db_password' of --sites {sites} {WAY_OUT} (site s1, {sites}:2)"


def test_a_credential_named_column_printed_within_other_text_is_refused(tmp_path: Path) -> None:
    assert "column 'db_password' of --sites" in refusal(tmp_path, "login {{ site.db_password | trim }} here")


def test_a_credential_named_var_printed_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, "{{ api_key }}", variables=(("api_key", SECRET),))
    assert message.startswith(f"{tmp_path / 't.yaml.j2'}:8:17: --var api_key {WAY_OUT} (site s1, ")


def test_a_credential_named_variable_of_vars_printed_is_refused(tmp_path: Path) -> None:
    (tmp_path / "vars.yaml").write_text(f"feed:\n  token: '{SECRET}'\n")
    message = refusal(tmp_path, "{{ feed.token }}", vars_file=str(tmp_path / "vars.yaml"))
    assert message.startswith(
        f"{tmp_path / 't.yaml.j2'}:8:17: feed.token of --vars {tmp_path / 'vars.yaml'} {WAY_OUT}"
    )


@pytest.mark.parametrize("cell", ["", "1", "true", "no", "none", "n/a"])
def test_a_credential_named_column_holding_no_secret_is_printed(tmp_path: Path, cell: str) -> None:
    loaded(tmp_path, "{{ site.db_password }}", cell=cell)


def test_a_credential_named_column_the_manifest_never_prints_is_no_refusal(tmp_path: Path) -> None:
    loaded(tmp_path, "{{ 'set' if site.db_password | length > 0 else 'unset' }}")


@pytest.mark.parametrize(("column", "refused"), [("key", False), ("node_key", False), ("api_key", True)])
def test_a_key_column_is_an_identifier_unless_a_word_says_which_key(
    tmp_path: Path, column: str, refused: bool
) -> None:
    (tmp_path / "sites.csv").write_text(f"site,{column}\ns1,{SECRET}\n")
    (tmp_path / "t.yaml.j2").write_text(HEAD + LOOP.replace("{{ NOTES }}", f"{{{{ site.{column} }}}}"))
    if not refused:
        load_manifest(str(tmp_path / "t.yaml.j2"), sites_file=str(tmp_path / "sites.csv"))
        return
    with pytest.raises(TemplateError, match=f"column '{column}' of --sites"):
        load_manifest(str(tmp_path / "t.yaml.j2"), sites_file=str(tmp_path / "sites.csv"))


def test_a_credential_named_var_holding_a_secret_reference_is_printed(tmp_path: Path) -> None:
    (tmp_path / "t.yaml.j2").write_text(HEAD + "      - key: s1\n        auth_token: {{ token }}\n")
    loaded = load_manifest(str(tmp_path / "t.yaml.j2"), variables=(("token", "${env:SITE_TOKEN}"),))
    assert loaded.manifest.projects[0].nodes[0].auth_token == "${env:SITE_TOKEN}"
