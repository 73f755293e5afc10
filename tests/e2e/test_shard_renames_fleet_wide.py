"""A shard says what one run says about a rename, on both halves, whatever the split (cr58 #1-#3).
Stack `fleet`, API connections each holding device `logger` with sensor `t`; of two shards, ws-1 is
the first's, ws-4 and new-ws the second's. The connection list every shard reads names the other
shards' connections (no count: docs/api-assumptions.md); the manifest's brief names what they
declare: the one-run rule (one creation and one removal alike, no other) is applied over the fleet."""

from __future__ import annotations

import json

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_ownership_and_fences import observe

WS_1 = ("ws-1", "Weather station")
SITE_A = ("site-a", "Site A")


def manifest(*nodes: tuple[str, str]) -> str:
    text = f"apiVersion: iotplan/v1\nstack: fleet\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
    for key, name in nodes:
        text += (
            f"      - key: {key}\n        kind: api\n        name: {name}\n        devices:\n"
            "          - key: logger\n            name: Logger\n            sensors:\n"
            "              - {key: t, name: Temp, template: TEMPERATURE_SDE}\n"
        )
    return text


def applied_v1(workspace: Workspace, observations: int) -> None:
    (workspace.path / "v1.yaml").write_text(manifest(WS_1, SITE_A))
    assert workspace.run("apply", "v1.yaml", "--auto-approve").exit_code == 0
    if observations:
        observe(workspace, "fleet:ws-1/logger/t", observations)


def v2(workspace: Workspace, *created: tuple[str, str]) -> None:
    (workspace.path / "v2.yaml").write_text(manifest(*created, SITE_A))


def converged(workspace: Workspace) -> bool:
    return workspace.run("plan", "v2.yaml", "--detailed-exitcode").exit_code == 0


def test_a_removal_without_history_refuses_its_look_alike_creation_with_a_way_out_that_works(
    workspace: Workspace,
) -> None:
    """One run hints nothing (ws-1 holds no history); the creation's shard cannot know the count
    (the list carries none), so it stops, saying so, and names ways out that work."""
    applied_v1(workspace, 0)
    v2(workspace, ("ws-4", "Weather station"))
    assert "looks like a rename" not in workspace.run("plan", "v2.yaml").stdout  # one run
    refused = workspace.run("plan", "v2.yaml", "--shard", "2/2")
    assert refused.exit_code == 1, refused.output
    assert "holding an unknown number of observations: the connection list carries no count" in refused.stderr
    assert (
        "which shows the removal of ws-1 beside this creation" not in refused.stderr
    )  # one run's is no hint
    assert "if it is another site, apply shard 1/2 first, which removes ws-1" in refused.stderr
    first = workspace.run("apply", "v2.yaml", "--shard", "1/2", "--auto-approve")  # no history: no guard
    assert first.exit_code == 0, first.output
    then = workspace.run("apply", "v2.yaml", "--shard", "2/2", "--auto-approve")
    assert then.exit_code == 0, then.output
    assert converged(workspace)


def test_two_creations_alike_beside_a_removal_elsewhere_are_neither_hinted_nor_refused(
    workspace: Workspace,
) -> None:
    """Fleets reuse display names: two new sites named as the removed one, which one run pairs
    with neither ("which is which no rule guesses"); nor does either shard."""
    applied_v1(workspace, 1_000)
    v2(workspace, ("ws-4", "Weather station"), ("new-ws", "Weather station"))
    assert "looks like a rename" not in workspace.run("plan", "v2.yaml").stdout  # one run
    created = workspace.run("apply", "v2.yaml", "--shard", "2/2", "--auto-approve")
    assert created.exit_code == 0, created.output
    removing = workspace.run("plan", "v2.yaml", "--shard", "1/2")
    assert removing.exit_code == 0 and "- node ws-1" in removing.stdout
    assert "looks like a rename" not in removing.stdout
    removed = workspace.run("apply", "v2.yaml", "--shard", "1/2", "--auto-approve", "--allow-destroy")
    assert removed.exit_code == 0, removed.output
    assert converged(workspace)


def test_the_removals_shard_hints_its_look_alike_creation_in_another(workspace: Workspace) -> None:
    """ws-1, holding 1,000 observations, left the manifest; ws-4 is declared with its name: one run
    hints the removal, and so does its shard (text and JSON), the creation's shard refusing it."""
    applied_v1(workspace, 1_000)
    v2(workspace, ("ws-4", "Weather station"))
    assert "looks like a rename to ws-4" in workspace.run("plan", "v2.yaml").stdout  # one run
    removing = workspace.run("plan", "v2.yaml", "--shard", "1/2")
    assert removing.exit_code == 0, removing.output
    assert "looks like a rename to ws-4" in removing.stdout
    document = json.loads(workspace.run("plan", "v2.yaml", "--shard", "1/2", "--format", "json").stdout)
    [removal] = [change for change in document["changes"] if change["address"] == "ws-1"]
    assert removal["looks_renamed_to"] == "ws-4"
    creating = workspace.run("plan", "v2.yaml", "--shard", "2/2")
    assert creating.exit_code == 1 and "ws-4: would be created beside the stack's own ws-1" in creating.stderr


def applied(workspace: Workspace, *nodes: tuple[str, str, int]) -> None:
    """v1: each connection declared and applied, then observed as given."""
    (workspace.path / "v1.yaml").write_text(manifest(*((key, name) for key, name, _ in nodes)))
    assert workspace.run("apply", "v1.yaml", "--auto-approve").exit_code == 0
    for key, _, count in nodes:
        if count:
            observe(workspace, f"fleet:{key}/logger/t", count)


def merged(workspace: Workspace) -> str:
    """The two shards' plans of v2, merged into merged.json: its text."""
    for index in (1, 2):
        planned = workspace.run("plan", "v2.yaml", "--shard", f"{index}/2", "--out", f"plan-{index}.json")
        assert planned.exit_code == 0, planned.output
    joined = workspace.run("merge", "plan-1.json", "plan-2.json", "--out", "merged.json")
    assert joined.exit_code == 2, joined.output
    return joined.stdout


def test_a_site_retired_and_another_added_alike_only_by_device_keys_pair_nowhere(
    workspace: Workspace,
) -> None:
    """cr60 #3: fleets give every site the same device keys, so connections pair by name alone
    (README); by keys, a retired site with history and a new one paired: a hint in one run, `--target`
    refusing the new site, and `apply merged.json --shard 2/2` refused after shard 1 was applied."""
    applied(workspace, ("ws-1", "Weather station", 1_000), (*SITE_A, 0))
    v2(workspace, ("ws-4", "Weather station North"))
    assert "looks like a rename" not in workspace.run("plan", "v2.yaml").stdout  # one run
    assert workspace.run("plan", "v2.yaml", "--target", "ws-4").exit_code == 0
    assert "looks like a rename" not in workspace.run("plan", "v2.yaml", "--shard", "1/2").stdout
    assert "looks like a rename" not in merged(workspace)
    first = workspace.run("apply", "merged.json", "--shard", "1/2", "--auto-approve", "--allow-destroy")
    assert first.exit_code == 0, first.output
    then = workspace.run("apply", "merged.json", "--shard", "2/2", "--auto-approve")
    assert then.exit_code == 0, then.output
    assert converged(workspace)


def test_two_removals_alike_only_by_device_keys_one_per_shard_hint_nothing(workspace: Workspace) -> None:
    """cr60 #2: ws-1 (shard 1) and ws-4 (shard 2), both holding history, retired; ws-5 added (shard
    1), named as neither. One run hints neither; by keys, each shard hinted its own as ws-5's rename."""
    applied(workspace, ("ws-1", "Weather station", 1_000), ("ws-4", "Dam", 700), (*SITE_A, 0))
    v2(workspace, ("ws-5", "New site"))
    assert "looks like a rename" not in workspace.run("plan", "v2.yaml").stdout  # one run
    for index in (1, 2):
        planned = workspace.run("plan", "v2.yaml", "--shard", f"{index}/2")
        assert planned.exit_code == 0, planned.output
        assert "looks like a rename" not in planned.stdout


def test_the_shard_holding_both_halves_hints_them_beside_an_uncounted_look_alike_elsewhere(
    workspace: Workspace,
) -> None:
    """cr60 #1: ws-1 (1,000 observations) and ws-4 (none) share a name; ws-5 takes it. One run hints
    ws-1 as ws-5's rename (ws-4 holds nothing); shard 1, holding both, cannot count ws-4 (shard 2's,
    the list carries no count) and hinted nothing: it hints the pair, naming ws-4 to check."""
    applied(workspace, ("ws-1", "Weather station", 1_000), ("ws-4", "Weather station", 0), (*SITE_A, 0))
    v2(workspace, ("ws-5", "Weather station"))
    assert "looks like a rename to ws-5" in workspace.run("plan", "v2.yaml").stdout  # one run
    holding = workspace.run("plan", "v2.yaml", "--shard", "1/2")
    assert holding.exit_code == 0, holding.output
    assert "looks like a rename to ws-5" in holding.stdout
    assert "another shard removes ws-4, named alike, whose count this shard cannot read" in holding.stdout
    removing = workspace.run("plan", "v2.yaml", "--shard", "2/2")  # ws-4's: no creation to refuse
    assert removing.exit_code == 0 and "looks like a rename" not in removing.stdout
    assert "looks like a rename to ws-5" in merged(workspace)
