"""A saved plan is applied exactly as it was reviewed: a flag that would shape another plan is
refused, never silently dropped (`apply plan.json --exclude X` used to write X)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

MULTI_SITE = ("examples/multi-site/site.yaml.j2", "--sites", "examples/multi-site/sites.csv")


def renamed_logger(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "name: Crest datalogger", "name: Crest datalogger (renamed)")


@pytest.mark.parametrize(
    "flags",
    [
        ["--exclude", "dam-a/logger-1"],
        ["--target", "dam-a/weather"],
        ["--prune-unmanaged"],
        ["--force-write-only"],
        ["--destroy"],
        ["--var", "region=north"],
    ],
)
def test_a_flag_that_would_shape_another_plan_is_refused_and_nothing_is_written(
    workspace: Workspace, flags: list[str]
) -> None:
    renamed_logger(workspace)
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    refused = workspace.run("apply", "plan.json", *flags, "--auto-approve")
    assert refused.exit_code == 1
    assert f"{flags[0]}: a saved plan is applied exactly as it was reviewed" in refused.stderr
    assert workspace.live_entity("quickstart:dam-a/logger-1")["props"]["NAME"] == "Crest datalogger"


def test_the_plan_s_own_options_may_be_given_again(workspace: Workspace) -> None:
    renamed_logger(workspace)
    planned = workspace.run("plan", QUICKSTART, "--exclude", "dam-a/weather", "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    applied = workspace.run("apply", "plan.json", "--exclude", "dam-a/weather", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.live_entity("quickstart:dam-a/logger-1")["props"]["NAME"] == "Crest datalogger (renamed)"


def test_a_template_s_own_sites_and_variables_may_be_given_again(workspace: Workspace) -> None:
    planned = workspace.run("plan", *MULTI_SITE, "--var", "owner=ops", "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    applied = workspace.run("apply", "plan.json", *MULTI_SITE[1:], "--var", "owner=ops", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    other = workspace.run("apply", "plan.json", "--var", "owner=dev", "--auto-approve")
    assert other.exit_code == 1 and "--var: a saved plan is applied exactly" in other.stderr


def test_a_moved_manifest_or_sites_file_is_named_with_where_apply_looked(workspace: Workspace) -> None:
    planned = workspace.run("plan", *MULTI_SITE, "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    sites = workspace.path / MULTI_SITE[2]
    sites.rename(sites.with_name("renamed.csv"))
    refused = workspace.run("apply", "plan.json", "--auto-approve")
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert (
        f"plan.json: the plan re-reads its --sites file {MULTI_SITE[2]} from the path given to "
        f"`iotplan plan`, relative to the directory plan ran in; apply looked in {workspace.path} and found "
        "nothing: run apply from the directory plan ran in, put the file back, or plan again"
    ) in refused.stderr
    sites.with_name("renamed.csv").rename(sites)
    assert workspace.run("apply", "plan.json", "--auto-approve").exit_code == 0


def test_a_saved_plan_applied_from_another_directory_says_where_it_looked(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    (workspace.path / "ci").mkdir()
    monkeypatch.chdir(workspace.path / "ci")
    refused = workspace.run("apply", "../plan.json", "--sim-db", "../.iotplan/sim.db", "--auto-approve")
    assert refused.exit_code == 1
    assert f"re-reads its manifest {QUICKSTART} from the path given to `iotplan plan`" in refused.stderr
    assert f"apply looked in {workspace.path / 'ci'} and found nothing" in refused.stderr


def test_a_saved_plan_whose_sites_file_changed_names_the_rendered_manifest_not_the_template(
    workspace: Workspace,
) -> None:
    """The digest covers the template rendered with the CSV: which of them changed is not known."""
    assert workspace.run("plan", *MULTI_SITE, "--out", "plan.json").exit_code == 0
    workspace.edit(MULTI_SITE[2], "Aoraki dam", "Aoraki dam (north)")
    refused = workspace.run("apply", "plan.json", "--auto-approve")
    assert refused.exit_code == 1
    assert (
        f"the rendered manifest ({MULTI_SITE[0]} with {MULTI_SITE[2]}) changed since the plan was made: "
        "run iotplan plan again"
    ) in refused.stderr


def test_a_saved_plan_whose_stack_was_renamed_since_is_stale_not_unplannable(workspace: Workspace) -> None:
    """The manifest is checked before it is planned again: a plan of the renamed stack is refused
    for reasons of its own, which are not why this saved plan cannot be applied."""
    renamed_logger(workspace)
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    workspace.edit(QUICKSTART, "stack: quickstart ", "stack: quickstart-prod ")
    refused = workspace.run("apply", "plan.json", "--auto-approve")
    assert refused.exit_code == 1 and "renamed" not in refused.stderr
    assert (
        f"the manifest {QUICKSTART} changed since the plan was made: run iotplan plan again" in refused.stderr
    )
    assert workspace.live_entity("quickstart:dam-a/logger-1")["props"]["NAME"] == "Crest datalogger"
