"""A web-app copy of a device another shard declares with a `ref_id:` (in the stack's format, unlike
its keys) gets the verdict one run gives it, in every shard of a matrix of 2 and of 3: kept as a
duplicate where it lies under a declared connection, named as a copy of the declared one where a
removal takes it, and no write reaches the refId both carry. Connection `a` lands in shard 1/2 and
2/3, `d` in 2/2 and 3/3 (iotplan/plan/coverage.py `shard_of`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from iotplan.clients.target import TARGET_VARIABLES
from iotplan.plan.coverage import shard_of
from tests.e2e.conftest import PROJECT, Workspace

STACK = "sq"
MANIFEST = "site.yaml"
PINNED = f"{STACK}:old/x"  # the stack's format, but not what the keys a/x give
WATCHED = ("remove", "duplicate")  # what a copy may become
SHARDS = ("1/2", "2/2", "1/3", "2/3", "3/3")


@pytest.fixture
def platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """The CLI against the embedded platform in a temporary folder, as tests/e2e runs it."""
    monkeypatch.chdir(tmp_path)
    for name in TARGET_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield Workspace(tmp_path)


def node(key: str, device: str, sensor_name: str = "Sensor S", pinned: bool = False) -> str:
    ref_id = f"\n            ref_id: {PINNED}" if pinned else ""
    return f"""\
      - key: {key}
        name: Conn {key}
        devices:
          - key: {device}
            name: Dev {key}{ref_id}
            sensors:
              - {{key: s, name: {sensor_name}, template: TEMPERATURE_SDE}}
"""


def site(*nodes: str) -> str:
    return f"apiVersion: iotplan/v1\nstack: {STACK}\nprojects:\n  - id: {PROJECT}\n    nodes:\n" + "".join(
        nodes
    )


def copied(platform: Workspace) -> None:
    """Connections a (its device pinned) and d applied, then the pinned device copied under d."""
    assert shard_of("a", 2) != shard_of("d", 2) and shard_of("a", 3) != shard_of("d", 3)
    (platform.path / MANIFEST).write_text(site(node("a", "x", pinned=True), node("d", "y")))
    assert platform.run("apply", MANIFEST, "--auto-approve").exit_code == 0
    copy = {"changeState": "new", "refId": PINNED, "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE"}}
    platform.integrate_under(f"{STACK}:d", [copy])


def verdict(platform: Workspace, *shard: str) -> tuple[str, list[tuple[str, str, object]]]:
    """How the plan ends (its refusal's first line, or "planned"), and its removals and duplicates
    with the copies they name."""
    result = platform.run("plan", MANIFEST, "--format", "json", *shard)
    if result.exit_code not in (0, 2):
        return next(line.strip() for line in result.stderr.splitlines() if "would" in line), []
    changes = json.loads(result.stdout)["changes"]
    kept = [(c["address"], c["action"], c.get("copies_taken")) for c in changes if c["action"] in WATCHED]
    return "planned", kept


def agreeing(platform: Workspace) -> tuple[str, list[tuple[str, str, object]]]:
    """One run's verdict, after checking that the shards of each matrix give it between them: the
    refusal from the shard that holds it, every other change from exactly one shard."""
    whole = verdict(platform)
    for matrix in (SHARDS[:2], SHARDS[2:]):
        verdicts = [verdict(platform, "--shard", shard) for shard in matrix]
        refusals = {ended for ended, _ in verdicts if ended != "planned"}
        assert refusals == ({whole[0]} if whole[0] != "planned" else set()), (matrix, verdicts, whole)
        if whole[0] == "planned":
            assert sorted(change for _, changes in verdicts for change in changes) == sorted(whole[1])
    return whole


def test_a_copy_under_another_shards_connection_is_kept_as_one_run_keeps_it(platform: Workspace) -> None:
    copied(platform)
    assert agreeing(platform) == ("planned", [("d/x", "duplicate", None)])


def test_the_declaring_shard_refuses_to_write_by_the_pinned_ref_id_as_one_run(platform: Workspace) -> None:
    copied(platform)
    (platform.path / MANIFEST).write_text(site(node("a", "x", "Sensor S2", pinned=True), node("d", "y")))
    refused, _ = agreeing(platform)
    assert refused.startswith(
        f"{MANIFEST}:13:17: a/x/s: would update by device a/x's refId 'sq:old/x', which device /api/"
    )
    assert "('sq:old/x') under connection /api/" in refused  # the copy, named where it is


def test_a_removal_taking_the_copy_names_it_as_one_run_does(platform: Workspace) -> None:
    copied(platform)
    (platform.path / MANIFEST).write_text(site(node("a", "x", pinned=True)))
    copies = [{"address": "d/x", "copy_of": "a/x"}]
    assert agreeing(platform) == ("planned", [("d", "remove", copies)])


def reason_of(platform: Workspace, address: str, *shard: str) -> str:
    result = platform.run("plan", MANIFEST, "--format", "json", *shard)
    return next(c["reason"] for c in json.loads(result.stdout)["changes"] if c["address"] == address)


def test_the_shard_holding_only_the_copy_says_what_to_do_whether_or_not_the_original_is_live(
    platform: Workspace,
) -> None:
    """One run sees the original live beside the copy: keep it (another SERIAL_NO) or remove it. The
    shard reading only the copy cannot tell (the original is another shard's, and may never have been
    made, which that shard then refuses to create): it says what to do either way."""
    copied(platform)
    steps = (
        "to keep it and its history, give it a SERIAL_NO that does not start with 'sq:' in the platform's "
        "web app; or remove it there (it holds no observations)"
    )
    one_run = reason_of(platform, "d/x")
    assert one_run.endswith(f"(its parent's removal would): {steps}")
    sharded = reason_of(platform, "d/x", "--shard", f"{shard_of('d', 2)}/2")
    assert sharded.endswith(
        f"(its parent's removal would): a/x is another shard's: if it is live too, {steps}; if not, that "
        "shard refuses to create it beside this one and says how to keep this one"
    )
