"""A logger moved from a declared THREAD (`ta`, shard 3 of 3) to a new THREAD another shard registers
(`tn`, `register: true`, shard 1): one run tells on the new logger's line that the box is kept
unmanaged under `ta`, holding its history, and on its sensor's that the old one keeps its
observations. The shard registering `tn` has no THREAD of its own on the platform to read, yet it
and the merged plan say what one run says."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_thread_logger_moved_to_another_shards_thread_is_noted_by_the_shards import (
    MOVED,
    VW,
    reasons,
    reasons_in,
)

HEAD = f"""\
apiVersion: iotplan/v1
stack: tunnel
projects:
  - id: {PROJECT}
    nodes:
      - key: ta
        kind: thread
        id: /fn/4A1B2C/node
        name: THREAD A
        devices:
          - {{key: dg, type: DGSI_M_LOGGER, serial: "032431", port: 2}}
"""
REGISTERED = """\
      - key: tn
        kind: thread
        id: /fn/ABC123/node
        register: true
        version: "7.17.0"
        name: THREAD N
        devices:
          - {key: dg, type: DGSI_M_LOGGER, serial: "032432", port: 2}
"""


def test_the_shard_registering_the_thread_a_logger_moved_to_notes_it_as_one_run_does(
    workspace: Workspace,
) -> None:
    (workspace.path / "site.yaml").write_text(HEAD + VW)
    assert workspace.run("apply", "site.yaml", "--auto-approve").exit_code == 0
    pz = "/fn/4A1B2C/node/vwlogger/032433/device/pz-1/sensor"
    workspace.api("POST", "/_sim/observations", json={"sensor_id": pz, "count": 500})
    (workspace.path / "site.yaml").write_text(HEAD + REGISTERED + MOVED)

    one_run = reasons(workspace)
    assert "kept there unmanaged as ta/#032433" in one_run["tn/moved"], one_run["tn/moved"]
    assert "keeps its 500 observations" in one_run["tn/moved/pz-1"], one_run["tn/moved/pz-1"]
    shards = [reasons(workspace, "--shard", f"{i}/3", out=f"s{i}.json") for i in (1, 2, 3)]
    assert shards[0]["tn/moved"] == one_run["tn/moved"]
    assert shards[0]["tn/moved/pz-1"] == one_run["tn/moved/pz-1"]
    merged = workspace.run("merge", "s1.json", "s2.json", "s3.json", "--out", "m.json")
    assert merged.exit_code in (0, 2), merged.output
    assert {each: reasons_in(workspace, "m.json")[each] for each in one_run} == one_run
