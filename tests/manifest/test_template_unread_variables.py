"""A --var or --vars variable the template never reads is a typo, most often: said on stderr, naming
it and the variable the template reads that is spelled most like it; the render goes on."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from iotplan.manifest.loader import render

FLAG = (
    "apiVersion: iotplan/v1\nstack: flag\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
    "    nodes:\n{%- for site in sites %}\n      - key: {{ site.site }}\n"
    "        notes: {{ site.note | default('none') }}\n"
    "{%- if keep_legacy | default('false') | bool %}\n        name: legacy\n{%- endif %}\n{%- endfor %}\n"
)


@pytest.fixture
def sites(tmp_path: Path) -> str:
    (tmp_path / "sites.csv").write_text("site\nf1\n")
    return str(tmp_path / "sites.csv")


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]


def test_a_mistyped_var_is_named_with_the_variable_meant(
    sites: str, caplog: pytest.LogCaptureFixture
) -> None:
    render(FLAG, "flag.yaml.j2", None, sites, (("keep_legasy", "true"),))
    assert warnings_of(caplog) == [
        "Warning: --var keep_legasy is never read by flag.yaml.j2 (did you mean keep_legacy?)"
    ]


def test_a_vars_key_never_read_is_named_with_its_file(
    sites: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "v.yaml").write_text("keep_legacy: true\nunrelated: 1\n")
    render(FLAG, "flag.yaml.j2", str(tmp_path / "v.yaml"), sites)
    assert warnings_of(caplog) == [
        f"Warning: unrelated of --vars {tmp_path / 'v.yaml'} is never read by flag.yaml.j2"
    ]


def test_variables_read_at_top_level_or_through_a_row_are_not_named(
    sites: str, caplog: pytest.LogCaptureFixture
) -> None:
    given = (("keep_legacy", "true"), ("note", "x"), ("keep_legasy", "true"))  # a row holds the variables too
    render(FLAG, "flag.yaml.j2", None, sites, given)
    assert [message.split(" is never")[0] for message in warnings_of(caplog)] == [
        "Warning: --var keep_legasy"
    ]


def test_the_warning_reaches_stderr_and_the_command_succeeds(sites: str, tmp_path: Path) -> None:
    (tmp_path / "flag.yaml.j2").write_text(FLAG)
    command = [sys.executable, "-m", "iotplan", "validate", "flag.yaml.j2", "--sites", sites]
    run = subprocess.run(
        [*command, "--var", "keep_legasy=true"], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "--var keep_legasy is never read by flag.yaml.j2 (did you mean keep_legacy?)" in run.stderr


@pytest.mark.parametrize(
    "uses_bool",
    [
        "        name: {{ site.flag | bool }}\n",
        "{%- set flagged = site.flag | bool %}\n        name: {{ flagged }}\n",
    ],
)
def test_the_sandboxs_own_bool_filter_is_known_to_the_warning(
    tmp_path: Path, uses_bool: str, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "sites.csv").write_text("site,flag\nf1,yes\n")
    template = FLAG.replace("        notes:", uses_bool + "        notes:")
    render(template, "flag.yaml.j2", None, str(tmp_path / "sites.csv"), (("keep_legacy", "true"),))
    assert warnings_of(caplog) == []


def test_the_bool_filter_in_a_loop_condition_is_known_to_the_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "sites.csv").write_text("site,flag\nf1,yes\nf2,no\n")
    template = FLAG.replace("for site in sites %}", "for site in sites if site.flag | bool %}")
    manifest = render(template, "flag.yaml.j2", None, str(tmp_path / "sites.csv"), (("unread", "1"),))
    assert manifest.text.count("- key:") == 1  # f1 only
    assert warnings_of(caplog) == ["Warning: --var unread is never read by flag.yaml.j2"]


def test_a_misspelt_sites_column_is_named_with_the_column_meant(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """`site.note | default('none')` reads no `nots` column: every site would take the default."""
    (tmp_path / "sites.csv").write_text("site,nots\nf1,gate 3\n")
    render(FLAG, "flag.yaml.j2", None, str(tmp_path / "sites.csv"), (("keep_legacy", "true"),))
    assert warnings_of(caplog) == [
        f"Warning: column nots of --sites {tmp_path / 'sites.csv'} is never read by flag.yaml.j2 "
        "(did you mean note?)"
    ]


def test_a_yaml_sites_key_misspelt_is_named_too(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "sites.yaml").write_text("- site: f1\n  nots: gate 3\n")
    render(FLAG, "flag.yaml.j2", None, str(tmp_path / "sites.yaml"), (("keep_legacy", "true"),))
    assert [message.split(" of --sites")[0] for message in warnings_of(caplog)] == ["Warning: column nots"]


@pytest.mark.parametrize(
    "header",
    [
        "site,note,notes",  # the column meant is there: another spelled like it is another column
        "site,region,owner",  # extra columns like no name the template reads
        "site,keep_legasy",  # like a variable --var gives
    ],
)
def test_sites_columns_the_template_does_not_read_are_not_named(
    tmp_path: Path, header: str, caplog: pytest.LogCaptureFixture
) -> None:
    cells = ",".join(["f1"] + ["x"] * header.count(","))
    (tmp_path / "sites.csv").write_text(f"{header}\n{cells}\n")
    render(FLAG, "flag.yaml.j2", None, str(tmp_path / "sites.csv"), (("keep_legacy", "true"),))
    assert warnings_of(caplog) == []
