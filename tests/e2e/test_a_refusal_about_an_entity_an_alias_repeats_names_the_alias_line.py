"""A plan-time refusal about an entity an alias repeats (`devices: *devs` under dam-b) is told where
the anchor writes it, followed by `(via the alias at line N)` as `validate` tells such a problem: told
at dam-a's block alone, it sent the user to edit dam-a's device."""

from __future__ import annotations

from tests.e2e.aliased_devices import ALIAS, ANCHORED, MANIFEST, weather_live_in_another_case
from tests.e2e.conftest import Workspace


def test_a_refusal_about_an_entity_an_alias_repeats_names_the_alias_line(workspace: Workspace) -> None:
    weather_live_in_another_case(workspace)

    shown = workspace.run("plan", MANIFEST)

    assert shown.exit_code == 1, shown.output
    refusal = next(text for text in shown.output.splitlines() if "dam-b/weather: not found" in text)
    assert refusal.startswith(f"  {MANIFEST}:{ANCHORED}:13: dam-b/weather: not found by its refId")
    assert refusal.endswith(f"(via the alias at line {ALIAS})")
