"""A THREAD zero_date is one the platform and iotplan's own plan can read, and an editor reading
the JSON Schema refuses what validate refuses."""

from __future__ import annotations

import json

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import load_manifest
from tests.conftest import ROOT

VALID = ["2026-03-01T00:00:00Z", "2024-02-29T23:59:59.5-05:30", "2026-12-31T00:00:00.123456+14:00"]
# What a pattern can say is wrong: other scripts' digits (Python's `\d` takes them), impossible fields.
BAD_IN_FORM = [
    "２０２６-０３-０１T００:００:００Z",  # full-width digits
    "٢٠٢٦-٠٣-٠١T٠٠:٠٠:٠٠Z",  # Arabic-Indic digits
    "2026-13-45T99:99:99Z",
    "2026-03-01T24:00:00Z",
    "2026-03-01T00:00:00+24:00",
]
NO_SUCH_DAY = "2026-02-30T00:00:00Z"  # a pattern cannot know the length of a month; validate does


def _manifest(zero_date: str) -> dict[str, object]:
    device = {"key": "d", "type": "VW_LOGGER", "port": 1, "zero_date": zero_date}
    node = {"key": "n", "kind": "thread", "id": "/fn/6C7D8E/node", "name": "N", "devices": [device]}
    return {"apiVersion": "iotplan/v1", "stack": "t", "projects": [{"id": "p1", "nodes": [node]}]}


def _validate(zero_date: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "site.yaml"
    path.write_text(json.dumps(_manifest(zero_date), ensure_ascii=False), encoding="utf-8")
    load_manifest(str(path))


@pytest.mark.parametrize("zero_date", [*BAD_IN_FORM, NO_SUCH_DAY])
def test_a_zero_date_in_other_digits_or_that_does_not_exist_is_refused(zero_date: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ManifestError) as raised:
        _validate(zero_date, tmp_path)
    [problem] = raised.value.problems
    assert "is not an ISO 8601 date and time with its zone in ASCII digits" in problem.message


@pytest.mark.parametrize("zero_date", VALID)
def test_a_zero_date_that_exists_is_valid(zero_date: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _validate(zero_date, tmp_path)


@pytest.mark.parametrize(
    ("zero_date", "valid"), [*((v, True) for v in VALID), *((v, False) for v in BAD_IN_FORM)]
)
def test_the_schema_refuses_the_zero_dates_validate_refuses_by_their_form(
    zero_date: str, valid: bool
) -> None:
    import jsonschema  # check-jsonschema's own dependency

    schema = json.loads((ROOT / "schemas" / "iotplan-v1.schema.json").read_text())
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(_manifest(zero_date)))
    assert (not errors) is valid, errors
