"""--out is the one spelling for output files (--output its old alias), and a file named after a
format is refused before anything is read or written: `plan --out json` used to save a file `json`."""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from iotplan.cli.out_files import write_whole, written_together
from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_ownership_and_fences import observe
from tests.e2e.test_review_cases import converges
from tests.served import seed_with_gateway_ports, served

COMMANDS = {
    "plan": ["plan", QUICKSTART],
    "drift": ["drift", QUICKSTART],
    "import": ["import", "--project", PROJECT, "--stack", "site"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("spelling", ["--out", "--output"])
@pytest.mark.parametrize("name", ["json", "md", "markdown", "text", "yaml", "html"])
def test_a_file_named_after_a_format_is_refused_with_a_hint_and_nothing_is_written(
    workspace: Workspace, command: str, spelling: str, name: str
) -> None:
    done = workspace.run(*COMMANDS[command], spelling, name)
    assert done.exit_code == 1 and f"'{name}' is a format's name" in done.stderr
    assert "did you mean --" in done.stderr and "Traceback" not in done.stderr
    assert not (workspace.path / name).exists() and not (workspace.path / ".iotplan").exists()


@pytest.mark.parametrize(
    ("command", "name", "hint"),
    [
        ("plan", "json", "did you mean --out plan.json?"),
        ("plan", "md", "did you mean --out markdown=plan.md?"),
        ("drift", "json", "did you mean --format json --out drift.json, or --out json=drift.json?"),
        ("drift", "yaml", "did you mean --out drift.json?"),  # a format drift does not write
        ("import", "yaml", "did you mean --out site.yaml?"),
    ],
)
def test_the_hint_names_what_was_meant(workspace: Workspace, command: str, name: str, hint: str) -> None:
    assert hint in workspace.run(*COMMANDS[command], "--out", name).stderr


@pytest.mark.parametrize("spelling", ["--out", "--output"])
def test_import_writes_the_manifest_with_either_spelling(workspace: Workspace, spelling: str) -> None:
    done = workspace.run("import", "--project", PROJECT, "--stack", "site", spelling, "site.yaml")
    assert done.exit_code == 0, done.output
    assert "apiVersion: iotplan/v1" in (workspace.path / "site.yaml").read_text()


def test_one_plan_saves_the_plan_for_apply_and_its_views_for_review(workspace: Workspace) -> None:
    done = workspace.run(
        "plan", QUICKSTART, "--out", "plan.json", "--output", "markdown=plan.md", "--out", "text=plan.txt"
    )
    assert done.exit_code == 0, done.output
    saved = json.loads((workspace.path / "plan.json").read_text())
    markdown = (workspace.path / "plan.md").read_text()
    assert saved["summary"]["add"] > 0 and markdown.startswith("### iotplan plan")
    assert (workspace.path / "plan.txt").read_text() == done.stdout  # the text view, uncoloured
    shown = workspace.run("show", "plan.json", "--format", "markdown")
    assert shown.stdout == markdown  # the same plan, one read


def test_the_impact_estimate_is_at_the_rate_limit_given(workspace: Workspace) -> None:
    """Told the limit, the plan estimates at it, not at the smallest tier's 500 a minute."""
    done = workspace.run("plan", QUICKSTART, "--rate-limit", "600/min", "--out", "markdown=plan.md")
    assert done.exit_code == 0, done.output
    assert re.search(r"\(~\d+ s at 600 requests/min, --rate-limit\)", done.stdout), done.stdout
    assert "at 600 requests/min, --rate-limit" in (workspace.path / "plan.md").read_text()


def test_one_file_named_twice_is_refused(workspace: Workspace) -> None:
    done = workspace.run("plan", QUICKSTART, "--out", "tfplan", "--out", "markdown=tfplan")
    assert done.exit_code == 1 and "more than once" in done.stderr
    assert not Path(workspace.path / "tfplan").exists()


# --- written whole or not at all -------------------------------------------------------------
def _cut_halfway(*_: object) -> Iterator[bytes]:
    yield b'{"format_version": '
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize(
    ("command", "renderer"),
    [
        (["plan", QUICKSTART, "--out", "saved.json"], "iotplan.render.json_plan.plan_json_chunks"),
        (["drift", QUICKSTART, "--out", "json=saved.json"], "iotplan.cli.drift_command.drift_json_chunks"),
    ],
)
def test_a_write_cut_halfway_leaves_the_file_as_it_was_and_nothing_beside_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, command: list[str], renderer: str
) -> None:
    (workspace.path / "saved.json").write_text("the plan reviewed yesterday\n")
    monkeypatch.setattr(renderer, _cut_halfway)
    done = workspace.run(*command)
    assert done.exit_code == 1 and "No space left on device" in done.stderr
    assert (workspace.path / "saved.json").read_text() == "the plan reviewed yesterday\n"
    assert not list(workspace.path.glob(".saved.json*"))  # no hidden half-written file left


@pytest.mark.parametrize(
    "command",
    [
        ["plan", QUICKSTART, "--out", "saved.json", "--out", "markdown=/proc/plan.md"],
        ["drift", QUICKSTART, "--out", "json=saved.json", "--out", "html=/proc/drift.html"],
    ],
    ids=["plan", "drift"],
)
def test_a_run_that_fails_on_a_later_file_leaves_the_earlier_ones_as_they_were(
    workspace: Workspace, command: list[str]
) -> None:
    """A new plan beside the old review would be applied as if reviewed: all the files, or none."""
    (workspace.path / "saved.json").write_text("the plan reviewed yesterday\n")
    done = workspace.run(*command)
    assert done.exit_code == 1 and "/proc/" in done.stderr and "Saved" not in done.stderr
    assert (workspace.path / "saved.json").read_text() == "the plan reviewed yesterday\n"
    assert not list(workspace.path.glob(".saved.json*"))


def test_a_rename_failing_after_another_names_the_files_already_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    replace = os.replace

    def immutable_markdown(source: str, destination: str) -> None:
        if destination.endswith(".md"):
            raise PermissionError(1, "Operation not permitted")
        replace(source, destination)

    monkeypatch.setattr(os, "replace", immutable_markdown)
    plan, review = str(tmp_path / "plan.json"), str(tmp_path / "plan.md")
    with pytest.raises(OSError) as raised, written_together() as write:
        write(plan, "{}")
        write(review, "# plan")
    assert raised.value.filename == review
    assert raised.value.strerror == f"Operation not permitted (this run already replaced {plan})"
    assert [path.name for path in tmp_path.iterdir()] == ["plan.json"]  # no hidden file left


def test_a_whole_write_replaces_the_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    kept = tmp_path / "plan.md"
    kept.write_text("old")
    kept.chmod(0o640)
    write_whole(str(kept), "new\n")
    assert kept.read_text() == "new\n" and stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert [path.name for path in tmp_path.iterdir()] == ["plan.md"]


def test_a_new_file_gets_the_umask_s_permissions_not_the_hidden_file_s(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        write_whole(str(tmp_path / "new.json"), [b"{}", b"\n"])
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640  # mkstemp's is 0o600
    assert (tmp_path / "new.json").read_bytes() == b"{}\n"


def test_a_link_is_followed_and_what_is_not_a_plain_file_is_written_in_place(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("old")
    (tmp_path / "link.txt").symlink_to("real.txt")
    write_whole(str(tmp_path / "link.txt"), "through the link")
    assert (tmp_path / "link.txt").is_symlink() and (tmp_path / "real.txt").read_text() == "through the link"
    os.mkfifo(tmp_path / "pipe")
    reader = os.open(tmp_path / "pipe", os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_whole(str(tmp_path / "pipe"), "down the pipe")
        assert os.read(reader, 100) == b"down the pipe"
    finally:
        os.close(reader)


def test_a_missing_folder_is_named_as_the_file_asked_for(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as raised:
        write_whole(str(tmp_path / "missing" / "plan.json"), "{}")
    assert raised.value.filename == str(tmp_path / "missing" / "plan.json")


# --- refused before anything is read ---------------------------------------------------------
def test_a_plan_never_overwrites_its_own_manifest(workspace: Workspace) -> None:
    manifest = workspace.path / "site"  # no extension: its name alone does not refuse it (a .yaml does)
    manifest.write_bytes((workspace.path / QUICKSTART).read_bytes())
    before = manifest.read_bytes()
    for out in ("site", "markdown=site", "./site"):
        done = workspace.run("plan", "site", "--out", out)
        assert done.exit_code == 1 and "is a file this command reads: it would be overwritten" in done.stderr
    drift = workspace.run("drift", "site", "--out", "html=site")
    assert drift.exit_code == 1 and "it would be overwritten" in drift.stderr
    assert manifest.read_bytes() == before and not (workspace.path / ".iotplan").exists()


def test_a_merge_never_overwrites_a_shard_it_merges(workspace: Workspace) -> None:
    for shard in ("1/2", "2/2"):
        index = shard[0]
        done = workspace.run("plan", QUICKSTART, "--shard", shard, "--out", f"plan-{index}.json")
        assert done.exit_code == 0, done.output
    first = (workspace.path / "plan-1.json").read_bytes()
    done = workspace.run("merge", "plan-1.json", "plan-2.json", "--out", "plan-1.json")
    assert done.exit_code == 1 and "--out plan-1.json is a file this command reads" in done.stderr
    assert (workspace.path / "plan-1.json").read_bytes() == first


def test_a_template_s_variables_are_an_input_too(workspace: Workspace) -> None:
    (workspace.path / "vars").write_text("region: north\n")
    done = workspace.run("plan", QUICKSTART, "--vars", "vars", "--out", "text=vars")
    assert done.exit_code == 1 and "--out vars is a file this command reads" in done.stderr
    assert (workspace.path / "vars").read_text() == "region: north\n"


@pytest.mark.parametrize(
    ("out", "says"),
    [
        ("markdown=missing/plan.md", "--out missing/plan.md: there is no folder"),
        ("examples", "--out examples is a folder: name a file"),
    ],
)
def test_an_out_that_cannot_be_written_is_refused_before_the_platform_is_read(
    workspace: Workspace, out: str, says: str
) -> None:
    done = workspace.run("plan", QUICKSTART, "--out", "good.json", "--out", out)
    assert done.exit_code == 1 and says in done.stderr
    assert "Saved the plan" not in done.stderr
    assert not (workspace.path / "good.json").exists() and not (workspace.path / ".iotplan").exists()


@pytest.mark.parametrize(
    ("command", "out", "formats"),
    [
        (["plan", QUICKSTART], "mardown=plan.md", "text, json, markdown"),
        (["plan", QUICKSTART], "html=plan.html", "text, json, markdown"),
        (["import", "--project", PROJECT], "markdown=site.md", "yaml"),
    ],
)
def test_a_format_the_command_does_not_write_is_refused_not_made_a_file_name(
    workspace: Workspace, command: list[str], out: str, formats: str
) -> None:
    done = workspace.run(*command, "--out", out)
    named = out.partition("=")[0]
    assert done.exit_code == 1
    assert f"'{named}' is not one of this command's formats ({formats})" in done.stderr
    assert f"./{out}" in done.stderr and not (workspace.path / out).exists()


# --- what a file holds: what FORMAT= says, else what its extension says, else the command's own ----
@pytest.mark.parametrize(
    ("out", "holds"),
    [
        ("d.json", '{\n  "format_version"'),
        ("d.HTML", "<!DOCTYPE html>"),
        ("d.xml", "<?xml"),
        ("d.md", "### "),
    ],
)
def test_a_drift_report_holds_the_format_its_name_says(workspace: Workspace, out: str, holds: str) -> None:
    done = workspace.run("drift", QUICKSTART, "--out", out)
    assert done.exit_code == 2 and f"Report written to {out}." in done.stderr, done.output
    assert (workspace.path / out).read_text().startswith(holds)


def test_a_drift_report_named_json_is_the_one_show_and_merge_read(workspace: Workspace) -> None:
    for index in ("1", "2"):
        done = workspace.run("drift", QUICKSTART, "--shard", f"{index}/2", "--out", f"drift-{index}.json")
        assert done.exit_code in (0, 2), done.output
    merged = workspace.run("merge", "drift-1.json", "drift-2.json", "--out", "drift.json")
    assert merged.exit_code == 2, merged.output
    shown = workspace.run("show", "drift.json")
    assert shown.exit_code == 0 and "Drift detected: 1 missing" in shown.stdout, shown.output


def test_a_plan_named_for_a_view_is_that_view_and_a_plain_name_the_plan(workspace: Workspace) -> None:
    done = workspace.run("plan", QUICKSTART, "--out", "review.md", "--out", "tfplan")
    assert done.exit_code == 0, done.output
    assert "Saved the plan to tfplan, its markdown view to review.md: apply it with" in done.stderr
    assert (workspace.path / "review.md").read_text().startswith("### iotplan plan")
    assert json.loads((workspace.path / "tfplan").read_text())["summary"]["add"] > 0


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (
            ["plan", QUICKSTART, "--out", "markdown=plan.json"],
            "'markdown=plan.json': a .json file would hold markdown: write --out markdown=plan.md, or --out "
            "json=plan.json",
        ),
        (
            ["plan", QUICKSTART, "--out", "plan.html"],
            "'plan.html' names html, which this command does not write (text, json, markdown): name the file "
            "after what it holds, e.g. --out plan.json",
        ),
        (
            ["drift", QUICKSTART, "--format", "junit", "--out", "drift.json"],
            "--out drift.json names json, but --format says junit: write --out junit=drift.xml, or --out "
            "json=drift.json",
        ),
        (["drift", QUICKSTART, "--out", "drift.yaml"], "e.g. --out drift.json"),
        (["import", "--project", PROJECT, "--out", "site.json"], "e.g. --out site.yaml"),
    ],
    ids=["FORMAT= contradicted", "a format plan does not write", "--format contradicted", "drift", "import"],
)
def test_a_name_that_says_another_format_is_refused_before_anything_is_read(
    workspace: Workspace, command: list[str], says: str
) -> None:
    done = workspace.run(*command)
    assert done.exit_code == 1 and says in " ".join(done.stderr.split()), done.stderr
    assert [path.name for path in workspace.path.iterdir()] == ["examples"]  # nothing read, nothing written


def test_a_misspelt_format_gets_the_one_meant(workspace: Workspace) -> None:
    done = workspace.run("plan", QUICKSTART, "--out", "mardown=plan.md")
    assert "did you mean markdown=plan.md?" in done.stderr


@pytest.mark.parametrize(
    ("out", "said"),
    [
        ("html=plan.html", "'html' is not one of this command's formats (text, json, markdown). For a file "
         "named 'html=plan.html', write --out ./html=plan.html"),
        ("mardown=plan.md", "'mardown' is not one of this command's formats (text, json, markdown): did you "
         "mean markdown=plan.md? For a file named 'mardown=plan.md', write --out ./mardown=plan.md"),
    ],
)  # fmt: skip
def test_a_format_the_command_does_not_write_is_said_in_whole_sentences(
    workspace: Workspace, out: str, said: str
) -> None:
    """It read "...formats (yaml): (a file whose name holds '=' is written ./json=x.yaml)"."""
    assert said in " ".join(workspace.run("plan", QUICKSTART, "--out", out).stderr.split())


def test_a_file_name_holding_an_equals_sign_is_written_when_it_says_so(workspace: Workspace) -> None:
    done = workspace.run("plan", QUICKSTART, "--out", "./run=1.json")
    assert done.exit_code == 0, done.output
    assert json.loads((workspace.path / "run=1.json").read_text())["summary"]["add"] > 0


def test_the_saved_plan_s_hint_names_the_flags_its_apply_needs(workspace: Workspace) -> None:
    converges(workspace)
    observe(workspace, "quickstart:dam-a/weather/air-temp", 40)
    done = workspace.run("plan", QUICKSTART, "--destroy", "--out", "destroy.json")
    assert "apply it with `iotplan apply destroy.json --allow-destroy`." in done.stderr
    refused = workspace.run("apply", "destroy.json", "--auto-approve")
    assert refused.exit_code == 1 and "--allow-destroy" in refused.stderr
    plain = workspace.run("plan", QUICKSTART, "--out", "plan.json")
    assert "apply it with `iotplan apply plan.json`." in plain.stderr


def _hinted(saved: str) -> list[str]:
    """The arguments of the "apply it with `iotplan ...`" command a saved plan's line gives."""
    hint = re.search(r"apply it with `iotplan (apply .*)`\.", saved)
    assert hint, saved
    return shlex.split(hint.group(1))


def test_the_saved_plan_s_line_names_every_file_and_the_target_its_apply_needs(workspace: Workspace) -> None:
    done = workspace.run(
        "plan", QUICKSTART, "--sim-db", "other.db", "--out", "p.json", "--out", "markdown=p.md"
    )
    assert "Saved the plan to p.json, its markdown view to p.md: apply it with" in done.stderr
    hinted = _hinted(done.stderr)
    assert hinted == ["apply", "p.json", "--sim-db", "other.db"]
    applied = workspace.run(*hinted, "--auto-approve")  # as printed: the other database, not the default
    assert applied.exit_code == 0, applied.output
    views = workspace.run("plan", QUICKSTART, "--out", "markdown=p.md", "--out", "text=p.txt")
    assert "Saved the plan's markdown view to p.md and its text view to p.txt." in views.stderr


def test_the_saved_plan_s_line_carries_the_endpoint_but_never_a_password(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served(seed_with_gateway_ports(tmp_path)) as url:
        monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
        with_userinfo = url.replace("http://", "http://user:pa55word@")
        done = workspace.run("plan", QUICKSTART, "--endpoint", with_userinfo, "--out", "p.json")
        hinted = _hinted(done.stderr)
        assert hinted == ["apply", "p.json", "--endpoint", url] and "pa55word" not in done.output
        applied = workspace.run(*hinted, "--auto-approve")
        assert applied.exit_code == 0, applied.output


@pytest.mark.parametrize("name", ["tfplan", "PLAN.JSON", "merged.plan"])
def test_the_apply_the_saved_plan_s_line_gives_works_whatever_the_file_is_called(
    workspace: Workspace, name: str
) -> None:
    """`apply` tells a saved plan by its content: it read any name without `.json` as a manifest."""
    done = workspace.run("plan", QUICKSTART, "--out", name)
    applied = workspace.run(*_hinted(done.stderr))
    assert applied.exit_code == 0, applied.output
    assert re.search(
        r"Applying the saved plan sha256:[0-9a-f]{64}: compare it with the digest its review showed\.",
        applied.stderr,
    )


def test_a_manifest_written_in_json_is_applied_as_the_manifest_it_is(workspace: Workspace) -> None:
    manifest = yaml.safe_load((workspace.path / QUICKSTART).read_text())
    (workspace.path / "site.json").write_text(json.dumps(manifest), encoding="utf-8")
    applied = workspace.run("apply", "site.json", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert "Apply complete" in applied.stdout


def test_out_dash_is_refused_not_written_to_a_file_apply_would_read_as_stdin(workspace: Workspace) -> None:
    done = workspace.run("plan", QUICKSTART, "--out", "-")
    assert done.exit_code == 1 and "--out -: the plan is shown on stdout already" in done.stderr
    assert not (workspace.path / "-").exists() and not (workspace.path / ".iotplan").exists()
    dot_slash = workspace.run("plan", QUICKSTART, "--out", "./-")
    assert _hinted(dot_slash.stderr) == ["apply", "./-"]


def test_a_plan_made_from_stdin_offers_no_apply_and_its_apply_is_refused_without_reading_stdin(
    workspace: Workspace,
) -> None:
    manifest = (workspace.path / QUICKSTART).read_text()
    done = workspace.run("plan", "-", "--out", "p.json", input=manifest)
    assert done.exit_code == 0, done.output
    assert (
        "Saved the plan to p.json. It cannot be applied: its manifest came from standard input" in done.stderr
    )
    assert "apply it with" not in done.stderr
    refused = workspace.run("apply", "p.json", input=manifest)
    assert refused.exit_code == 1
    assert (
        "p.json: its manifest came from standard input (`-`), which apply cannot read again" in refused.stderr
    )
    assert "Applying the saved plan" not in refused.stderr


def test_the_markdown_view_names_the_plan_file_saved_with_it_and_no_other(workspace: Workspace) -> None:
    saved = workspace.run("plan", QUICKSTART, "--out", "q4.json", "--out", "markdown=q4.md")
    assert saved.exit_code == 0, saved.output
    assert "(`iotplan apply q4.json` prints the digest it applies)" in (workspace.path / "q4.md").read_text()
    alone = workspace.run("plan", QUICKSTART, "--format", "markdown")
    assert "(`iotplan apply` of the saved plan prints the digest it applies)" in alone.stdout
