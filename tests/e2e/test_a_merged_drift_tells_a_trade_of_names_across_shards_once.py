"""Two rows of a --sites file with their `site` keys swapped, the two connections two shards' (of
three: site-01 is shard 3's, site-04 shard 1's). Each shard's drift refuses the trade from its own
connection's side; `iotplan merge` of the three reports told it twice, once at each connection, where
one run's drift tells it once, at one connection, the other pointing there. The merged report tells
it once, naming both sites, the other connection pointing at it (fx406)."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import AORAKI, BENMORE, TEMPLATE, sites

TRADE = "would take"  # what opens a trade's refusal, once per connection told it


def test_a_merged_drift_tells_a_trade_of_names_across_shards_once(workspace: Workspace) -> None:
    sites(workspace, "site-01," + AORAKI, "site-04," + BENMORE)
    applied = workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    sites(workspace, "site-04," + AORAKI, "site-01," + BENMORE)
    for index in (1, 2, 3):
        report = f"json=drift-{index}.json"
        drifted = workspace.run(
            "drift", TEMPLATE, "--sites", "sites.csv", "--shard", f"{index}/3", "--out", report
        )
        assert drifted.exit_code in (0, 2), drifted.output

    merged = workspace.run(
        "merge", "drift-1.json", "drift-2.json", "drift-3.json", "--out", "json=merged.json"
    )
    shown = workspace.run("show", "merged.json")

    assert merged.exit_code == 2, merged.output
    said = " ".join(shown.stdout.split())
    assert said.count(TRADE) == 1, said
    connections = {
        entry["address"]: entry
        for entry in json.loads((workspace.path / "merged.json").read_text())["entries"]
        if entry["kind"] == "node"
    }
    told, pointing = sorted(connections.values(), key=lambda entry: TRADE not in entry["reason"])
    assert told["refused"] and pointing["refused"], connections
    assert f"{told['address']}: {TRADE} {pointing['address']}'s name" in told["reason"], told
    assert pointing["reason"].endswith(f"refuse it: see {told['address']}"), pointing
