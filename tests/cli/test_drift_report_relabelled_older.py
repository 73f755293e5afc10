"""A drift report holding a key newer than its `format_version` (relabelled older by hand, or so
written by another build) is refused by `show` and `merge`, as a saved plan is: read as the older
format it says, it would be shown and merged as what no report of that format is."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from iotplan.plan.drift import DRIFT_FORMAT_VERSION, Report, Status
from iotplan.render.drift import render_drift_json
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.render import drifts


def _relabelled(report: Report, version: str) -> str:
    written = f'"format_version": "{DRIFT_FORMAT_VERSION}"'
    text = render_drift_json(report)
    assert written in text
    return text.replace(written, f'"format_version": "{version}"', 1)


def _before_projects(made: Callable[[], Report]) -> Callable[[], Report]:
    """`made`'s report without its entries' project_id (1.7's): as a report of an older format holds it."""

    def report() -> Report:
        whole = made()
        return dataclasses.replace(
            whole, entries=[dataclasses.replace(e, project_id=None) for e in whole.entries]
        )

    return report


def _owned_elsewhere() -> Report:
    report = drifts.SCENARIOS["unmanaged"]()
    entries = [
        dataclasses.replace(entry, owner="other-stack") if entry.status is Status.UNMANAGED else entry
        for entry in report.entries
    ]
    return dataclasses.replace(report, entries=entries)


def _refused_entry() -> Report:
    report = drifts.ranked()
    return dataclasses.replace(report, entries=[dataclasses.replace(report.entries[0], refused=True)])


@pytest.mark.parametrize(
    ("made", "version", "held"),
    [
        (_before_projects(drifts.ranked), "1.6", "it holds read_at, which drift reports hold since 1.7"),
        (drifts.ranked, "1.6", "holds project_id, which drift reports hold since 1.7"),
        (_before_projects(_owned_elsewhere), "1.5", "holds owner, which drift reports hold since 1.6"),
        (_before_projects(_refused_entry), "1.4", "holds refused, which drift reports hold since 1.5"),
        (
            _before_projects(drifts.SCENARIOS["destruction"]),
            "1.2",
            "holds the status ORPHANED, which drift reports hold since 1.3",
        ),
    ],
    ids=["read_at", "project_id", "owner", "refused", "orphaned"],
)
def test_show_refuses_a_report_holding_a_key_newer_than_its_format(
    made: Callable[[], Report], version: str, held: str, tmp_path: Path
) -> None:
    saved = tmp_path / "drift.json"
    saved.write_text(_relabelled(made(), version))
    result = CliRunner().invoke(cli, ["show", str(saved)])
    assert result.exit_code == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(
        f"Error: {saved}: not a drift report this iotplan reads: format_version {version}, but "
    )
    assert line.endswith(f"{held}: the drift report file was edited")


def test_merge_refuses_a_shard_relabelled_older_naming_its_file(workspace: Workspace) -> None:
    for index in (1, 2):
        done = workspace.run(
            "drift", QUICKSTART, "--shard", f"{index}/2", "--out", f"json=drift-{index}.json"
        )
        assert done.exit_code in (0, 2), done.output
    workspace.edit("drift-2.json", f'"format_version": "{DRIFT_FORMAT_VERSION}"', '"format_version": "1.6"')
    merged = workspace.run("merge", "drift-1.json", "drift-2.json")
    assert merged.exit_code == 1
    said = merged.stderr.splitlines()[-1]  # an entry's project_id (1.7) is found before its read_at
    assert said.startswith(
        "Error: drift-2.json: not a drift report this iotplan reads: format_version 1.6, but "
    )
    assert said.endswith(", which drift reports hold since 1.7: the drift report file was edited")
