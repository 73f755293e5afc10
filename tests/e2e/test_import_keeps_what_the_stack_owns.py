"""import never writes a manifest whose plan removes what the stack owns: a logger whose serial
number was cleared, or overwritten in the web app, and the stack's sensors under it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, Workspace, one_sensor_site

SITE = one_sensor_site("fz", "Crest logger", "{key: s1, name: temp, template: TEMPERATURE_SDE}")


def set_serials(workspace: Workspace, *serials: tuple[str, str | None]) -> None:
    """Devices' serial numbers (their refIds) changed as the web app's form changes them."""
    devices = [
        {"changeState": "update", "refId": ref_id, "props": {"SERIAL_NO": serial}}
        for ref_id, serial in serials
    ]
    node = workspace.live_entity("fz:c1")["id"]
    workspace.integrate(
        {"integration": {"nodeId": node, "changeState": "update", "props": {}, "devices": devices}}
    )


def site_with_a_spare_logger(workspace: Workspace) -> str:
    """The site applied, and a logger of another tool beside it, holding a sensor of its own, that
    import cannot adopt either: the id of the site's logger."""
    (workspace.path / "site.yaml").write_text(SITE)
    assert workspace.run("apply", "site.yaml", "--auto-approve").exit_code == 0
    sensor = {"changeState": "new", "refId": "legacy/s", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
    spare = {"changeState": "new", "refId": "legacy/spare", "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE"}}
    node = workspace.live_entity("fz:c1")["id"]
    body = {"nodeId": node, "changeState": "update", "props": {}, "devices": [{**spare, "sensors": [sensor]}]}
    workspace.integrate({"integration": body})
    set_serials(workspace, ("legacy/spare", "https://maps.example/spare?postcode=6012"))
    return str(workspace.live_entity("fz:c1/d1")["id"])


@pytest.mark.parametrize(
    ("serial", "shown"),
    [
        (None, "no refId"),
        ("https://maps.example/site?postcode=6011", 'refId "https://maps.example/site?postcode=(sensitive)"'),
        ("Password=hunter2pw;User=x", 'refId "(sensitive)"'),
    ],
    ids=["cleared", "a-url-masking-changes", "naming-a-credential"],
)
def test_a_logger_import_cannot_adopt_holding_the_stacks_sensors_is_refused_before_any_file(
    workspace: Workspace, serial: str | None, shown: str
) -> None:
    """Left out, the logger stayed unmanaged, and the plan of the manifest that promised no changes
    removed the stack's sensor under it (and its history). The spare logger holds nothing of the
    stack: it is not named."""
    logger = site_with_a_spare_logger(workspace)
    sensor = workspace.live_entity("fz:c1/d1/s1")["id"]
    set_serials(workspace, ("fz:c1/d1", serial))
    result = workspace.run("import", "--project", PROJECT, "--stack", "fz", "--out", "imported.yaml")
    assert result.exit_code == 1, result.output
    assert not (workspace.path / "imported.yaml").exists()
    told = [line for line in result.stderr.splitlines() if line.startswith("  device ")]
    assert told == [
        f'  device {logger} ({shown}), holding the stack\'s 1 sensor "fz:c1/d1/s1" ({sensor}), the device '
        "the stack's manifest declares at c1/d1 (so its sensors' refIds say): its SERIAL_NO was the "
        '`ref_id:` written there, or "fz:c1/d1" where none is'
    ]
    assert "its SERIAL_NO back in the platform's web app" in result.stderr and "import again" in result.stderr
    assert "hunter2pw" not in result.output and "6011" not in result.output


def test_a_logger_given_its_serial_back_imports_as_told_and_its_plan_removes_nothing(
    workspace: Workspace,
) -> None:
    site_with_a_spare_logger(workspace)
    link = "https://maps.example/site?postcode=6011"
    set_serials(workspace, ("fz:c1/d1", link))
    refused = workspace.run("import", "--project", PROJECT, "--stack", "fz", "--out", "imported.yaml")
    assert refused.exit_code == 1 and '"fz:c1/d1"' in refused.stderr, refused.output
    set_serials(workspace, (link, "fz:c1/d1"))
    imported = workspace.run("import", "--project", PROJECT, "--stack", "fz", "--out", "imported.yaml")
    assert imported.exit_code == 0, imported.output
    plan = workspace.run("plan", "imported.yaml", "--detailed-exitcode")
    assert plan.exit_code == 0 and "0 to destroy" in plan.stdout, plan.output
