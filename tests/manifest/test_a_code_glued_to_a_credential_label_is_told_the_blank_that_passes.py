"""`name: "Bearer:B3"` (a bridge bearer) and `notes: "Authorization:PO-4421"` (a work order) are refused
as a credential glued to its label, with "take it out" alone: a part number is nothing to delete, and the
same text with a blank after the label passes. The refusal names that blank where it alone makes the text
pass, never quoting the value; where the blank would not help (`Password:PO-4421`), it says nothing more."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from tests.manifest.test_a_credential_label_and_its_value_alone_is_refused import parsed

A_BLANK = "if it is a code, not a credential, put a blank after the label: 'Bearer: B3', not 'Bearer:B3'"


@pytest.mark.parametrize(("field", "value"), [("name", "Bearer:PL12X9"), ("notes", "Authorization:PO-4421")])
def test_a_code_glued_to_the_label_is_told_to_put_a_blank_after_it(field: str, value: str) -> None:
    with pytest.raises(ManifestError) as refused:
        parsed(field, value)
    said = str(refused.value)
    assert said.endswith(f"take it out; {A_BLANK}"), said
    assert value.split(":")[1] not in said
    parsed(field, value.replace(":", ": ", 1))  # the way out it names passes


def test_a_code_a_blank_would_not_save_is_told_to_take_it_out_alone() -> None:
    with pytest.raises(ManifestError) as refused:
        parsed("name", "Password:PO-4421")
    assert str(refused.value).endswith("take it out"), str(refused.value)
