"""A value plainly naming a credential inside itself (`Password=...;`, `db password: ...`, `api_key=...`,
`Bearer` and a token), declared in a name, notes, `external_id`, `url` or `ref_id:`: refused at its line
(secrets.py `credential_plainly_named_in`), never echoed, so it reaches neither git nor a plan's diff, where
every view of the same live text shows `(sensitive)`. Words that only hold a credential word, with no value
named by it, stay valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.manifest import parse_manifest
from tests.manifest.declared_credentials import HEAD, refusal_of, template_refusal, where_its_value_starts

API_DEVICE = "      - key: n\n        devices:\n          - key: d\n            "
SECRET = "hunter2pw"
# Each field, and the manifest holding `{value}` in it, on its last line.
FIELDS = {
    "node name": "      - key: n\n        name: {value}\n",
    "node notes": "      - key: n\n        notes: {value}\n",
    "external_id": "      - key: n\n        external_id: {value}\n",
    "url": "      - key: n\n        url: {value}\n",
    "device name": API_DEVICE + "name: {value}\n",
    "device ref_id": API_DEVICE + "ref_id: {value}\n",
}
VALUES = (
    f"'Password={SECRET};'",
    f"'db password: {SECRET}'",
    f"'api_key={SECRET}'",
    f"'feed token: {SECRET}'",
    f"'Bearer {SECRET}f3a9c2b1d'",  # a bearer token is 16 characters at least
)


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("field", FIELDS)
def test_a_declared_named_credential_is_refused_at_its_line_unechoed(field: str, value: str) -> None:
    body = FIELDS[field]
    if field == "url":
        value = f"'https://h.example/feed {value[1:]}"
    problem, shown = refusal_of(HEAD + body.replace("{value}", value))
    assert (problem.line, problem.column) == where_its_value_starts(body, "{value}"), str(problem)
    assert "holds a credential" in problem.message and SECRET not in shown, str(problem)


def test_a_sites_cell_or_a_variable_naming_a_credential_is_refused_at_the_template_line(
    tmp_path: Path,
) -> None:
    shown = template_refusal(tmp_path, f"Password={SECRET}", "'{{ owner }}'", f"db password: {SECRET}")
    assert shown.count("holds a credential") == 2, shown
    assert "t.yaml.j2:8:" in shown and "t.yaml.j2:9:" in shown and SECRET not in shown


def test_credential_words_with_no_value_named_by_them_stay_valid() -> None:
    body = (
        "      - key: secret-valley-dam\n        name: Password reset box\n"
        "        notes: 'token ring cabinet; Author: Jane Doe; Passage: north 4; Installed: 2026'\n"
        "        external_id: Bearer Creek feed 2\n"
        "        devices:\n          - key: pz_1\n            name: 'pin:n1/lg'\n"
        "            ref_id: quickstart:dam-a/logger-1\n"
    )
    assert parse_manifest(HEAD + body, "site.yaml").manifest.projects[0].nodes[0].key == "secret-valley-dam"
