"""`import` left out a live name naming a credential (`Secret:Lake`, `Password: hunter2`) with a
URL's comment: "an '@' in its path or query ... a parameter dropped changes what the URL asks for",
and "set it here by hand", which validate refuses for the text as it stands. A name or notes holding
no URL is told of what it holds: a credential's label and its value, and how to write it by hand."""

from __future__ import annotations

import pytest

from iotplan.manifest import parse_manifest
from tests.render.test_imported import NODE_ID, connection, entity, imported


@pytest.mark.parametrize("prop", ["NAME", "NOTES"])
@pytest.mark.parametrize("text", ["Secret:Lake", "Password: hunter2"])
def test_the_comment_speaks_of_a_label_naming_a_credential(prop: str, text: str) -> None:
    node = entity(NODE_ID, SERIAL_NO="LEGACY", **{prop: text})
    written = imported(connection(node), stack="other")
    field = prop.lower()
    comment = next(line for line in written.splitlines() if f"# {field} not imported" in line)
    assert comment.strip() == (
        f"# {field} not imported: it holds a credential after a label naming one (such as 'Password:' or "
        "'Secret:'), which a manifest must not hold, so plans show it as (sensitive). Left out, iotplan "
        "leaves the platform's value as it is (but where updates replace props, check-platform A2, the next "
        "update drops it): change it in the web app, or set it here by hand without the credential (words "
        "after a credential word, such as 'Secret:Lake', are written with more words: 'Secret Lake')"
    )
    assert "hunter2" not in written and "Lake" not in written.replace(comment, "")
    parse_manifest(written, "imported.yaml")


def test_a_url_holding_a_credential_is_still_told_of_its_url() -> None:
    node = entity(NODE_ID, SERIAL_NO="LEGACY", URL="https://feed.example/data?token=k9x8s3cr3tvalue")
    assert "what the URL asks for" in imported(connection(node), stack="other")
