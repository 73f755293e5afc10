"""A removal the platform answers 200 and then does not make (`remove-deferred` with `no-cascade`: a
deferred removal of a device with sensors, refused once carried out) is not reported applied: the
unit fails, and the final message names it and points to check-platform's A3 lines (fz10 #2).
Before, every run said "Apply complete: 1 change applied", then only that the platform still
differed, and a rerun said the same."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_removal_answered_but_still_there_is_told_as_not_made_with_check_platform(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    text = (workspace.path / QUICKSTART).read_text()
    (workspace.path / QUICKSTART).write_text(text[: text.index("          - key: weather\n")])
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "remove-deferred,no-cascade")
    for _run in range(2):  # the second run is answered, and refused, the same way
        result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
        assert result.exit_code == 1, result.output
        assert "Apply complete" not in result.output
        assert "  dam-a: failed\n    the removal was answered as made, but a fresh read still shows it\n" in (
            result.output
        )
        assert "may or may not be applied: dam-a/weather" in result.output
        assert (
            "Error: the platform answered the removal of dam-a/weather as made, but a fresh read still "
            "shows it: it may remove later (asynchronously), or refuse after answering"
        ) in result.stderr
        assert "Run `iotplan check-platform`: its A3 lines say which" in result.stderr
    assert workspace.live_entity("quickstart:dam-a/weather")  # still there, with its sensors


def test_a_connection_removal_answered_but_still_there_points_to_the_a4_lines(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """check-platform probes a connection's removal on its A4 lines (`connection-remove-ignored`
    leaves A3 ok): the advice names those."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    text = (workspace.path / QUICKSTART).read_text()
    (workspace.path / QUICKSTART).write_text(text[: text.index("      - key: dam-a\n")] + "      []\n")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "connection-remove-ignored")
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert result.exit_code == 1, result.output
    assert "the platform answered the removal of dam-a as made" in result.stderr
    assert "Run `iotplan check-platform`: its A4 lines say which" in result.stderr


def test_a_replacements_removal_answered_but_refused_after_is_told_as_not_made_not_run_it_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A replacement's removal answered, then refused once carried out (its device holds sensors),
    stops its unit before the creation again; each run said "run it again to converge", and each
    rerun was answered the same (cr66 #2). It is told as the plain removal is, with what to do."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "remove-deferred,no-cascade")
    for _run in range(2):  # the second run is answered, and refused, the same way
        result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
        assert result.exit_code == 1, result.output
        assert "the removal was answered but dam-a/weather is still there; not re-created" in result.output
        assert "run it again to converge" not in result.stderr
        said = " ".join(result.stderr.split())
        assert (
            "Error: the platform answered the removal of dam-a/weather as made, but a fresh read still "
            "shows it"
        ) in said
        assert "Run `iotplan check-platform`: its A3 lines say which" in said
        assert "remove those first: declare the device with `sensors: []`" in said
    assert workspace.live_entity("quickstart:dam-a/weather")["props"]["INTEGRATION_ID"] == "DEMO_DEVICE_SDE"
