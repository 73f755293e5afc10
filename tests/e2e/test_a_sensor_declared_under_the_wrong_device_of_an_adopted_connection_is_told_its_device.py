"""A sensor of another tool's connection, adopted by `id:`, declared under the wrong logger: the plan
said to "declare it where it lives, in a node with `id: ...`", the node this manifest declares
already. Where it lives is the other logger: the advice names that device."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace


def feed_of_two_loggers_the_second_with_a_t1(workspace: Workspace) -> None:
    def logger(name: str, sensors: list[dict[str, object]]) -> dict[str, object]:
        props = {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": name}
        return {"changeState": "new", "refId": name, "props": props, "sensors": sensors}

    def sensor(ref_id: str, name: str) -> dict[str, object]:
        props = {"INTEGRATION_ID": "TEMPERATURE_SDE", "NAME": name}
        return {"changeState": "new", "refId": ref_id, "props": props}

    devices = [logger("Logger 1", [sensor("A1", "Air")]), logger("Logger 2", [sensor("T1", "Temp 1")])]
    feed = {
        "changeState": "new",
        "refId": "legacy-feed",
        "props": {"NAME": "Legacy feed"},
        "devices": devices,
    }
    workspace.integrate({"integration": feed})


def test_the_advice_names_the_device_it_lives_under_not_the_declared_connection(workspace: Workspace) -> None:
    feed_of_two_loggers_the_second_with_a_t1(workspace)
    imported = workspace.run("import", "--project", PROJECT, "--stack", "site", "--out", "site.yaml")
    assert imported.exit_code == 0, imported.output
    text = (workspace.path / "site.yaml").read_text()
    second = text.index("- key: logger-2")
    sensors = text.index("sensors:", second)
    block = text[sensors : text.index("\n", text.index("name: Temp 1", sensors)) + 1]
    moved = block.replace("sensors:\n", "", 1)
    first_sensors = text.index("sensors:\n", text.index("- key: logger-1")) + len("sensors:\n")
    text = text[:second] + text[second:].replace(block, "", 1)  # logger-2 left with no sensors
    text = text[:first_sensors] + moved + text[first_sensors:]
    (workspace.path / "site.yaml").write_text(text)
    assert workspace.run("validate", "site.yaml").exit_code == 0, text

    plan = workspace.run("plan", "site.yaml")
    assert plan.exit_code == 1, plan.output
    assert "would create sensor with refId 'T1'" in plan.stderr, plan.stderr
    assert "in a node with `id:" not in plan.stderr, plan.stderr
    assert "declare it where it lives, under legacy-feed/logger-2 " in plan.stderr, plan.stderr
