"""A THREAD node declared at the key of an API connection the stack owns live (the network was an
integrate feed, and its node is now declared `kind: thread` under the same key): the two would share
one address, the connection's removal planned, selected and applied as if it were the THREAD's (the
apply sent it down the THREAD's JSON-RPC unit, "a bug: please report it", after writing the THREAD's
name). The plan is refused, naming both, and nothing is written."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace

THREAD = "/fn/6C7D8E/node"  # the demo seed's "Tunnel T3 THREAD"


def site(node: str) -> str:
    return f"""\
apiVersion: iotplan/v1
stack: tunnel
projects:
  - id: {PROJECT}
    nodes:
      - key: tunnel-thread
{node}"""


FEED = """\
        kind: api
        name: Old feed
        devices:
          - key: d1
            name: Dev 1
            sensors:
              - {key: s1, name: S1, template: TEMPERATURE_SDE}
"""
THREAD_NODE = f"""\
        kind: thread
        id: {THREAD}
        name: Tunnel Section 3 THREAD
"""


def test_a_thread_node_at_an_api_connections_address_is_refused_naming_both(workspace: Workspace) -> None:
    (workspace.path / "feed.yaml").write_text(site(FEED))
    assert workspace.run("apply", "feed.yaml", "--auto-approve").exit_code == 0
    feed = workspace.live_entity("tunnel:tunnel-thread")["id"]
    (workspace.path / "thread.yaml").write_text(site(THREAD_NODE))
    for command in (["plan"], ["apply", "--auto-approve"]):
        refused = workspace.run(*command, "thread.yaml")
        assert refused.exit_code == 1, refused.output
        assert f"THREAD node tunnel-thread ({THREAD})" in refused.stderr, refused.output
        assert f"the API connection {feed} (refId 'tunnel:tunnel-thread'" in refused.stderr, refused.output
    nodes = workspace.api("GET", "/api/nodes/all", params={"projectIds": PROJECT, "pageSize": 1000})
    names = {node["id"]: node["props"].get("NAME") for node in nodes}
    assert names[feed] == "Old feed"
    assert names[THREAD] == "Tunnel T3 THREAD"
