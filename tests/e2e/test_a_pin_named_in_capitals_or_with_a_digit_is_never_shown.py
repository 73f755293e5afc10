"""A prop named with a short credential word in capitals before a camel-case word (`PINCode`,
`OTPSeed`, `PWHash`) or followed by a digit (`pin1`, `door_pin2`) is a credential, as `pinCode` and
`door_pin` are: `import` wrote its value in clear into the manifest's comment for git, and plans,
drift and saved plans read it as an ordinary prop."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace

SECRETS = {"PINCode": "4455", "OTPSeed": "JBSWY3DPEHPK3PXP", "PWHash": "a9f3c1d2", "pin1": "7788"}
SECRETS |= {"door_pin2": "9911", "DevicePIN3": "6622"}


def test_a_pin_so_named_is_never_imported_planned_saved_or_drifted(workspace: Workspace) -> None:
    node = {"changeState": "new", "refId": "LEGACY", "props": {"NAME": "Legacy feed", **SECRETS}}
    node_id = workspace.integrate({"integration": node})["integration"]["node"]["id"]
    imported = workspace.run(
        "import", "--project", PROJECT, "--node", node_id, "--stack", "legacy", "--out", "imported.yaml"
    )
    assert imported.exit_code == 0, imported.output
    text = (workspace.path / "imported.yaml").read_text()
    for prop in SECRETS:
        assert f"# not managed by iotplan: {prop} = (sensitive)" in text, prop
    planned = workspace.run("plan", "imported.yaml", "--out", "plan.json", "--out", "markdown=plan.md")
    drift = workspace.run("drift", "imported.yaml", "--format", "json")
    assert planned.exit_code == 0 and drift.exit_code == 0, planned.output + drift.output
    shown = [imported.output, text, planned.output, drift.output]
    shown += [(workspace.path / name).read_text() for name in ("plan.json", "plan.md")]
    for prop, secret in SECRETS.items():
        assert not [each for each in shown if secret in each], prop
