"""A merged plan creating two loggers on port 1 of each of two THREADs, one a shard, no port declared
RS485, each line noting the other shares its port: the note deleted in the file from a logger of the
last shard went unseen by the file-edit check every shard's part gets before the first write (the
note was left out of it), so the first shard wrote its loggers and the last was refused as the
platform changed. Refused as the file's edit, nothing written."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.merged_shards import change_at, last_shards_connection, merged_plan, write_without_note


def site() -> str:
    nodes = "".join(
        f"""
      - key: {key}
        kind: thread
        id: /fn/{node}/node
        devices:
          - {{key: lg-a, type: VW_LOGGER, serial: "{serial}1", port: 1}}
          - {{key: lg-b, type: VW_LOGGER, serial: "{serial}2", port: 1}}"""
        for key, node, serial in (("ta", "6C7D8E", "03243"), ("td", "4A1B2C", "04243"))
    )
    return f"apiVersion: iotplan/v1\nstack: fz\nprojects:\n  - id: {PROJECT}\n    nodes:{nodes}\n"


def test_merged_plan_with_a_port_sharing_note_edited_in_its_last_shard_writes_nothing(
    workspace: Workspace,
) -> None:
    (workspace.path / "site.yaml").write_text(site())
    plan = merged_plan(workspace, "site.yaml")
    last = last_shards_connection(plan)
    edited = change_at(plan, f"{last}/lg-b")
    assert "; port 1 is also" in edited["reason"], edited
    write_without_note(workspace, plan, edited, "; port 1 is also")

    refused = workspace.run("apply", "plan.json")

    assert refused.exit_code == 1, refused.output
    assert f"{last}/lg-b (its reason differs): was the plan file edited or cut?" in refused.stderr, (
        refused.stderr
    )
    planned = workspace.json("plan", "site.yaml")
    created = [change["address"] for change in planned["changes"] if change["action"] == "create"]
    assert sorted(created) == ["ta/lg-a", "ta/lg-b", "td/lg-a", "td/lg-b"], created
