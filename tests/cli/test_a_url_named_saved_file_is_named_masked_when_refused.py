"""A saved plan or drift report whose name is a URL holding a credential (folders spelling
`https:/user:pw@host/`) is named masked by every refusal of it, in `show`, `merge`, `apply` and a
`plan` given it as a manifest; and a drift report read from an embedded platform in such a folder
names that platform masked in its JSON, where merge still compares the shards' targets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.cli.url_named import FOLDER as D
from tests.cli.url_named import PASSWORD, assert_named_masked, make_url_named_folder

SIM = ("--sim-db", f"{D}/db.sqlite")


@pytest.fixture(autouse=True)
def url_named_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_url_named_folder()


def _run(*args: str) -> str:
    return CliRunner().invoke(cli, list(args)).output


def _stdout(*args: str) -> str:
    return CliRunner().invoke(cli, list(args)).stdout  # the JSON alone, without the Target line


def _masked(shown: str, said: str) -> None:
    assert said in shown, shown
    assert_named_masked(shown)


def _saved_plan() -> str:
    _run("plan", f"{D}/ok.yaml", *SIM, "--out", f"{D}/p.json")
    return Path(f"{D}/p.json").read_text()


def _edited() -> str:
    plan = json.loads(_saved_plan())
    plan["summary"]["add"] += 1
    Path(f"{D}/edited.json").write_text(json.dumps(plan))
    return f"{D}/edited.json"


def _wide() -> str:
    Path(f"{D}/wide.json").write_text(_saved_plan(), encoding="utf-16")
    return f"{D}/wide.json"


def _not_json() -> str:
    Path(f"{D}/bad.json").write_text('{"x":')
    return f"{D}/bad.json"


def _empty() -> str:
    Path(f"{D}/empty.json").write_text("")
    return f"{D}/empty.json"


SAVED = {
    "edited": (_edited, "the plan file was edited"),
    "wide": (_wide, "saved as UTF-16 text"),
    "not JSON": (_not_json, "not JSON"),
    "empty": (_empty, "not JSON"),
}
COMMANDS = {
    "show": lambda path: ("show", path),
    "show markdown": lambda path: ("show", "--format", "markdown", path),
    "merge": lambda path: ("merge", path),
    "apply": lambda path: ("apply", path, *SIM),
}


@pytest.mark.parametrize("saved", SAVED)
@pytest.mark.parametrize("command", ["show", "show markdown", "merge"])
def test_a_saved_file_refused_is_named_masked(saved: str, command: str) -> None:
    make, said = SAVED[saved]
    _masked(_run(*COMMANDS[command](make())), said)


@pytest.mark.parametrize("saved", ["edited", "wide"])
def test_apply_refusing_a_saved_plan_names_it_masked(saved: str) -> None:
    make, said = SAVED[saved]
    _masked(_run(*COMMANDS["apply"](make())), said)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_saved_file_too_large_is_named_masked(command: str, monkeypatch) -> None:
    path = f"{D}/p.json"
    size = len(_saved_plan().encode())
    monkeypatch.setattr("iotplan.commands.show.MAX_SAVED_BYTES", size - 1)  # the refusal, not 1 GiB
    _masked(_run(*COMMANDS[command](path)), f"{size:,} bytes, more than the {size - 1:,}")


@pytest.mark.parametrize("saved", ["plan", "wide"])
def test_a_saved_plan_given_as_the_manifest_is_named_masked(saved: str) -> None:
    path = _wide() if saved == "wide" else (_saved_plan() and f"{D}/p.json")
    shown = _run("plan", path, *SIM)
    _masked(shown, "saved as UTF-16 text" if saved == "wide" else "not a manifest")


def _drift_shards() -> None:
    _run("apply", f"{D}/ok.yaml", *SIM, "--auto-approve")
    for shard in (1, 2):
        _run("drift", f"{D}/ok.yaml", *SIM, "--shard", f"{shard}/2", "--out", f"{D}/d{shard}.json")


def test_drift_json_names_an_embedded_platform_masked() -> None:
    _run("apply", f"{D}/ok.yaml", *SIM, "--auto-approve")
    shown = _stdout("drift", f"{D}/ok.yaml", *SIM, "--format", "json")
    identity = json.loads(shown)["target_identity"]
    assert identity.endswith("(sensitive)@host/db.sqlite"), shown
    assert PASSWORD not in shown, shown


def test_drift_out_names_an_embedded_platform_masked_and_its_shards_still_merge() -> None:
    _drift_shards()
    for shard in (1, 2):
        assert PASSWORD not in Path(f"{D}/d{shard}.json").read_text()
    shown = _stdout("merge", f"{D}/d1.json", f"{D}/d2.json", "--format", "json")
    assert PASSWORD not in shown and "(sensitive)@host/db.sqlite" in shown, shown
    assert json.loads(shown)["kind"] == "iotplan-drift", shown


def test_merge_refusing_shards_of_two_targets_names_them_masked() -> None:
    for shard, db in ((1, "db.sqlite"), (2, "other.sqlite")):
        _run(
            "plan", f"{D}/ok.yaml", "--sim-db", f"{D}/{db}", "--shard", f"{shard}/2", "--out", f"{shard}.json"
        )
    shown = _run("merge", "1.json", "2.json")
    _masked(shown, "shards merge only from one run")
    assert "(sensitive)@host/other.sqlite" in shown, shown
