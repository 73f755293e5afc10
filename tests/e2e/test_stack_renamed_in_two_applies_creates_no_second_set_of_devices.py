"""A stack renamed with its connection named otherwise, applied in two steps (cr73): first the
connection with `devices: []` (it holds nothing to tell by: created), then its devices. They were
created under the new connection beside the old stack's, named alike, exit 0. A device created under
this stack's connection is compared with another stack's connection at its key: refused, saying to
remove what this stack made and keep the old `stack:`. The first apply is refused by itself now (a
stack owning nothing at another stack's keys), so it says `shares_keys_with: [quickstart]`, as one
following that refusal's second way out would: a device named alike is refused all the same."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace


def made_by_v2(workspace: Workspace) -> list[str]:
    query = {"projectIds": PROJECT, "pageSize": 1000}
    made = [
        each
        for kind in ("nodes", "devices", "sensors")
        for each in workspace.api("GET", f"/api/{kind}/all", params=query)
    ]
    return [each["id"] for each in made if each["props"].get("SERIAL_NO", "").startswith("quickstart-v2:")]


def test_a_stack_renamed_in_two_applies_creates_no_second_set_of_devices(workspace: Workspace) -> None:
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    manifest = workspace.path / QUICKSTART
    full = manifest.read_text().replace("stack: quickstart ", "stack: quickstart-v2 ")
    full = full.replace("name: Lake Ellen dam - datalogger feed", "name: Lake Ellen dam feed")
    full = full.replace("stack: quickstart-v2 ", "shares_keys_with: [quickstart]\nstack: quickstart-v2 ")
    manifest.write_text(full[: full.index("        devices:")])
    first = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert first.exit_code == 0, first.output  # an empty connection: nothing made twice yet
    [connection] = made_by_v2(workspace)
    manifest.write_text(full)

    second = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert second.exit_code == 1, second.output
    said = " ".join(second.stderr.split())
    assert (
        "dam-a/logger-1: not found by its refId 'quickstart-v2:dam-a/logger-1', but stack 'quickstart' has a "
        "connection at this connection's key"
    ) in said
    assert f"holds device {logger['id']} named 'Crest datalogger' at dam-a/logger-1 in that stack" in said
    assert f"its connection made anew beside that one ({connection})" in said
    assert made_by_v2(workspace) == [connection]
