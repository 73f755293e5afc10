"""A --var or --vars variable that a --sites column of the same name overrides in every row never
reaches a site (each row is laid over the variables): the template reads it, so no "never read"
warning is due, but the value given changes nothing. Said on stderr, naming the variable and the
column; the render goes on, as one --vars file may serve several templates."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from iotplan.manifest.loader import render

COUNT = (
    "apiVersion: iotplan/v1\nstack: count\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
    "    nodes:\n{%- for site in sites %}\n      - key: {{ site.site }}\n"
    "        notes: {{ site.piezometers | default('3') }}\n{%- endfor %}\n"
)


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]


def test_a_var_every_csv_row_overrides_is_named_with_the_column(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sites = tmp_path / "sites.csv"
    sites.write_text("site,piezometers\nf1,3\nf2,4\n")
    render(COUNT, "count.yaml.j2", None, str(sites), (("piezometers", "5"),))
    assert warnings_of(caplog) == [
        f"Warning: --var piezometers is overridden by column piezometers of --sites {sites} in every "
        "row: count.yaml.j2 never sees its value (a row's cell wins over --var and --vars)"
    ]


def test_a_vars_key_every_row_overrides_is_named_with_its_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "sites.csv").write_text("site,piezometers\nf1,3\n")
    (tmp_path / "v.yaml").write_text("piezometers: 5\n")
    render(COUNT, "count.yaml.j2", str(tmp_path / "v.yaml"), str(tmp_path / "sites.csv"))
    assert [message.split(" is overridden")[0] for message in warnings_of(caplog)] == [
        f"Warning: piezometers of --vars {tmp_path / 'v.yaml'}"
    ]


@pytest.mark.parametrize(
    ("sites", "template"),
    [
        # a YAML row without the key takes the variable: it is that row's default
        ("- site: f1\n  piezometers: 3\n- site: f2\n", COUNT),
        # the template reads the variable itself too, beside the rows' column
        ("- site: f1\n  piezometers: 3\n", COUNT.replace("default('3')", "default(piezometers)")),
        # no row: nothing overrides it
        ("[]\n", COUNT),
    ],
)
def test_a_var_some_site_or_the_template_reads_is_not_named(
    tmp_path: Path, sites: str, template: str, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "sites.yaml").write_text(sites)
    render(template, "count.yaml.j2", None, str(tmp_path / "sites.yaml"), (("piezometers", "5"),))
    assert warnings_of(caplog) == []


def test_the_warning_reaches_stderr_and_the_command_succeeds(tmp_path: Path) -> None:
    (tmp_path / "count.yaml.j2").write_text(COUNT)
    (tmp_path / "sites.csv").write_text("site,piezometers\nf1,3\n")
    command = [sys.executable, "-m", "iotplan", "validate", "count.yaml.j2", "--sites", "sites.csv"]
    run = subprocess.run([*command, "--var", "piezometers=5"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "--var piezometers is overridden by column piezometers of --sites sites.csv" in run.stderr
