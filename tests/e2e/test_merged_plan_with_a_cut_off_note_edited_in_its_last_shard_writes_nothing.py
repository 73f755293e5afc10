"""A merged plan changing the link of port 1 on two THREADs, one a shard, each line noting the logger
it cuts off: the note of the last shard's line deleted in the file was refused only when that shard
was checked, after the first shard's gateway was written (cr105 F1: the file-edit check every shard's
part gets before the first write no longer read the note). Refused as the file's edit, nothing written."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import gateway_port
from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.merged_shards import change_at, last_shards_connection, merged_plan, write_without_note


def site(comm_type: str) -> str:
    nodes = "".join(
        f"""
      - key: {key}
        kind: thread
        id: /fn/{node}/node
        name: {key.upper()}
        devices:
          - key: vw
            name: VW
            type: VW_LOGGER
            serial: "{serial}"
            port: 1
            sensors:
              - {{key: pz-1, type: VW_PIEZOMETER, mux_index: 1}}
        edge:
          host: {host}
          port1: {{power: 12V, connected: true, comm_type: {comm_type}, baud_rate: 9600}}"""
        for key, node, serial, host in (
            ("ta", "6C7D8E", "032433", "127.0.0.1:8404"),
            ("td", "4A1B2C", "042433", "127.0.0.1:8401"),
        )
    )
    return f"apiVersion: iotplan/v1\nstack: fz\nprojects:\n  - id: {PROJECT}\n    nodes:{nodes}\n"


def test_merged_plan_with_a_cut_off_note_edited_in_its_last_shard_writes_nothing(
    workspace: Workspace,
) -> None:
    (workspace.path / "base.yaml").write_text(site("RS485"))
    assert workspace.run("apply", "base.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "cut.yaml").write_text(site("RS232"))
    plan = merged_plan(workspace, "cut.yaml")
    last = last_shards_connection(plan)
    edited = change_at(plan, f"{last}/edge/port1.comm_type")
    assert "; port 1 feeds" in edited["reason"], edited
    write_without_note(workspace, plan, edited, "; port 1 feeds")

    refused = workspace.run("apply", "plan.json")

    assert refused.exit_code == 1, refused.output
    # Its text no longer names what its loggers_cut_off does: refused as the plan file is read.
    assert f"{edited['address']}: its note's text names its loggers otherwise" in refused.stderr
    assert "the plan file was edited or cut" in refused.stderr, refused.stderr
    for host in ("127.0.0.1:8404", "127.0.0.1:8401"):
        assert gateway_port(workspace, "GET", 1, host=host)["COMM_TYPE"] == "RS485", host
