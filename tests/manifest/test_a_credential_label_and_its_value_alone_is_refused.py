"""A name or notes that is only a credential's label, `:` and a value shaped as the credential
(`SECRET:s3cr3t`, `Password:s3cr3t`) was accepted and printed in every plan, while `SECRET: s3cr3t`
and `SECRET=s3cr3t` were refused: written without a blank it has a refId's shape (`{stack}:{key}`),
which views show as identity. A name or notes is no refId: refused as the label with a blank is.
A `/` in the value (`Password:Tr0ub/4dor`, a refId's path's shape) is no exemption there either: a
password may hold one. Ordinary text is still accepted, and so is a refId of a stack named with a
credential word where a manifest writes one (`ref_id:`), with its path or not."""

from __future__ import annotations

import json

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import parse_manifest
from iotplan.manifest.text import why_no_identifier
from tests.render.test_imported import NODE_ID, connection, entity, imported, nodes

HEAD = (
    "apiVersion: iotplan/v1\nstack: site\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
    "    nodes:\n      - key: n\n"
)
SECRET = "s3cr3t"


def parsed(field: str, value: str) -> str:
    return getattr(
        parse_manifest(HEAD + f"        {field}: {json.dumps(value)}\n", "site.yaml")
        .manifest.projects[0]
        .nodes[0],
        field,
    )


@pytest.mark.parametrize("field", ("name", "notes"))
@pytest.mark.parametrize(
    "value",
    [
        "SECRET:s3cr3t",
        "secret:s3cr3t",
        "Password:s3cr3t",
        "TOKEN:s3cr3t",
        "'SECRET:s3cr3t'",
        "Password:Tr0ub/s3cr3t",
        "SECRET:s3cr3t/x",
        "wifi password:s3cr3t/3x",
    ],
)
def test_a_credential_label_and_its_value_alone_is_refused(field: str, value: str) -> None:
    with pytest.raises(ManifestError) as refused:
        parsed(field, value)
    assert "holds a credential named" in str(refused.value)
    assert SECRET not in str(refused.value)


@pytest.mark.parametrize("field", ("name", "notes"))
@pytest.mark.parametrize(
    "value",
    [
        "Secret Service Road",
        "Secret:internal",
        "Secret:none",
        "Token:3",
        "Pin:M12",
        "site:n1",
        "site:n1/lg",
    ],
)
def test_ordinary_text_and_a_ref_id_of_another_stack_are_accepted(field: str, value: str) -> None:
    assert parsed(field, value) == value


@pytest.mark.parametrize("ref_id", ["secret:n1", "password:n1/lg", "token:dam-a/logger-1/pz-1"])
def test_a_ref_id_of_a_stack_named_with_a_credential_word_is_an_identifier(ref_id: str) -> None:
    assert why_no_identifier(ref_id) is None


@pytest.mark.parametrize("prop", ["NAME", "NOTES"])
def test_import_leaves_out_a_live_label_and_its_value_alone_and_makes_no_key_of_it(prop: str) -> None:
    """Live, such a text is shown as it is (identity's shape); an import writing it would not validate."""
    node = entity(NODE_ID, SERIAL_NO="LEGACY", **{prop: f"SECRET:{SECRET}"})
    text = imported(connection(node), stack="other")
    assert f"    # {prop.lower()} not imported: it holds a credential" in text
    assert SECRET not in text and nodes(text)[0]["key"] == "b08851"
    parse_manifest(text, "imported.yaml")
