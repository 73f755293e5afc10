"""A manifest, --sites, --vars, --sim-db or --out file whose name is a URL holding a credential (a
relative path that exists as folders: `https:/user:pw@host/site.yaml`) is named masked wherever
iotplan shows it: a stale plan's refusal, the --shard line, drift's report in every format, the
`Saved the plan to` line, `show`'s Markdown. A saved plan keeps the path whole, as apply reads the
file again: its JSON is not shown output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.cli.url_named import FOLDER as D
from tests.cli.url_named import PASSWORD, assert_named_masked, make_url_named_folder


@pytest.fixture(autouse=True)
def url_named_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_url_named_folder()


def _run(*args: str) -> str:
    return CliRunner().invoke(cli, list(args)).output


def test_a_stale_plan_names_its_manifestassert_named_masked() -> None:
    _run("plan", f"{D}/ok.yaml", "--sim-db", "db.sqlite", "--out", "p.json")
    with open(f"{D}/ok.yaml", "a") as manifest:
        manifest.write("# x\n")
    shown = _run("apply", "p.json", "--sim-db", "db.sqlite")
    assert "changed since the plan was made" in shown, shown
    assert_named_masked(shown)


def test_the_saved_plan_keeps_the_path_whole_for_apply_to_read() -> None:
    _run("plan", f"{D}/ok.yaml", "--sim-db", "db.sqlite", "--out", "p.json")
    assert json.loads(Path("p.json").read_text())["manifest"]["path"] == f"{D}/ok.yaml"


def test_the_shard_line_names_the_manifestassert_named_masked() -> None:
    assert_named_masked(_run("plan", f"{D}/ok.yaml", "--sim-db", "db.sqlite", "--shard", "1/2"))


@pytest.mark.parametrize("out", [f"{D}/plan.json", "p.json"])
def test_the_saved_line_names_the_filesassert_named_masked(out: str) -> None:
    assert_named_masked(_run("plan", f"{D}/ok.yaml", "--sim-db", f"{D}/db.sqlite", "--out", out))


def test_show_markdown_names_a_saved_planassert_named_masked() -> None:
    _run("plan", f"{D}/ok.yaml", "--sim-db", "db.sqlite", "--out", f"{D}/plan.json")
    assert_named_masked(_run("show", "--format", "markdown", f"{D}/plan.json"))


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_drift_names_the_manifest_and_its_sitesassert_named_masked(output_format: str) -> None:
    sites = ("--sites", f"{D}/sites.csv", "--sim-db", "db.sqlite")
    _run("apply", f"{D}/site.yaml.j2", *sites, "--auto-approve")
    csv = Path(f"{D}/sites.csv")
    csv.write_text(csv.read_text().replace("Aoraki dam", "Renamed"))  # a site's name drifts
    shown = _run("drift", f"{D}/site.yaml.j2", *sites, "--format", output_format)
    assert "MODIFIED" in shown.upper(), shown
    assert_named_masked(shown)


def test_drift_names_the_files_it_wroteassert_named_masked() -> None:
    assert_named_masked(_run("drift", f"{D}/ok.yaml", "--sim-db", "db.sqlite", "--out", f"{D}/drift.json"))


@pytest.mark.parametrize("args", [(), ("--out", f"{D}/merged.json"), ("--format", "markdown")])
def test_merge_names_the_shards_and_its_fileassert_named_masked(args: tuple[str, ...]) -> None:
    for shard in (1, 2):
        _run(
            "plan",
            f"{D}/ok.yaml",
            "--sim-db",
            "db.sqlite",
            "--shard",
            f"{shard}/2",
            "--out",
            f"{D}/{shard}.json",
        )
    shown = _run("merge", f"{D}/1.json", f"{D}/2.json", *args)
    assert "Merged 2 shards" in shown and PASSWORD not in shown, shown


def test_merge_refusing_a_shard_twice_names_itassert_named_masked() -> None:
    _run("plan", f"{D}/ok.yaml", "--sim-db", "db.sqlite", "--shard", "1/2", "--out", f"{D}/1.json")
    assert_named_masked(_run("merge", f"{D}/1.json", f"{D}/1.json"))


@pytest.mark.parametrize("command", [("validate",), ("drift", "--sim-db", "db.sqlite")])
def test_two_manifests_of_one_stack_are_namedassert_named_masked(command: tuple[str, ...]) -> None:
    shutil.copy(f"{D}/ok.yaml", f"{D}/ok2.yaml")
    shown = _run(*command, f"{D}/ok.yaml", f"{D}/ok2.yaml")
    assert "both say stack" in shown, shown
    assert_named_masked(shown)


def test_sites_read_by_each_of_two_manifests_names_themassert_named_masked() -> None:
    shutil.copy(f"{D}/site.yaml.j2", f"{D}/other.yaml.j2")
    shown = (
        CliRunner()
        .invoke(cli, ["validate", f"{D}/site.yaml.j2", f"{D}/other.yaml.j2", "--sites", "-"])
        .output
    )
    assert "would be read by each of" in shown, shown
    assert_named_masked(shown)


def test_the_apply_report_names_its_sim_dbassert_named_masked() -> None:
    """`apply --format json` names its target (stdout, a CI log): the --sim-db folders masked."""
    args = ("apply", f"{D}/ok.yaml", "--sim-db", f"{D}/db.sqlite", "--auto-approve", "--format", "json")
    applied = json.loads(CliRunner().invoke(cli, list(args)).stdout)
    assert applied["status"] == "ran", applied
    assert_named_masked(json.dumps({key: applied[key] for key in ("target", "target_identity")}))
