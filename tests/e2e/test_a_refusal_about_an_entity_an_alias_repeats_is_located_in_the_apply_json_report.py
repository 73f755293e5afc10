"""`apply --format json`'s refusal about an entity an alias repeats says the alias's line beside the
anchor's place (`declared_at`'s `via_alias_line`), as its text says `(via the alias at line N)`: a CI
job annotating the anchor's line alone marked dam-a's block for dam-b's device."""

from __future__ import annotations

import json

from tests.e2e.aliased_devices import ALIAS, ANCHORED, MANIFEST, weather_live_in_another_case
from tests.e2e.conftest import Workspace


def test_a_refusal_about_an_entity_an_alias_repeats_is_located_in_the_apply_json_report(
    workspace: Workspace,
) -> None:
    weather_live_in_another_case(workspace)

    applied = workspace.run("apply", MANIFEST, "--auto-approve", "--format", "json")

    assert applied.exit_code == 1, applied.output
    [refusal] = json.loads(applied.stdout)["refusals"]
    assert refusal["address"] == "dam-b/weather"
    assert refusal["declared_at"] == {
        "file": MANIFEST,
        "line": ANCHORED,
        "column": 13,
        "site": None,
        "via_alias_line": ALIAS,
    }
