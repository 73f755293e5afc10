"""A device and a sensor under it renamed in one `moved` list, the sensor's `from` written under the
device's new key (`dam-a/logger-2/crack-1`), validated: then `plan` found no entity at that `from`
and refused, advising to add the device's `moved` entry that was already there."""

from __future__ import annotations

from tests.manifest.refused_sites import only_problem

FROM_UNDER_THE_NEW_KEY = (
    "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: p1\n    nodes:\n"
    "      - key: dam-a\n        kind: api\n        name: Dam\n        devices:\n"
    "          - key: logger-2\n            name: Logger\n            sensors:\n"
    "              - {key: crack-2, name: Crack, metrics: [{metric: f, unit: Hz}]}\n"
    "moved:\n"
    "  - {from: dam-a/logger-1, to: dam-a/logger-2}\n"
    "  - {from: dam-a/logger-2/crack-1, to: dam-a/logger-2/crack-2}\n"
)


def test_a_from_beneath_another_entrys_to_is_refused_with_the_old_address(tmp_path) -> None:  # type: ignore[no-untyped-def]
    problem = only_problem(tmp_path, FROM_UNDER_THE_NEW_KEY)
    assert (problem.line, problem.address) == (16, "moved[1]")
    assert "'from: dam-a/logger-2/crack-1' lies beneath 'to: dam-a/logger-2'" in problem.message
    assert problem.message.endswith("write `from: dam-a/logger-1/crack-1`")
