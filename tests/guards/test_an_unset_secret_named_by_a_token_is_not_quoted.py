"""A saved plan is not validated: one whose `auth_token` reference holds a token where the variable's
name goes (`${env:sk_test_...}`, edited in or saved by an older iotplan) is refused as unset without
quoting it, in the refusal's line or its `Export ...` advice."""

from __future__ import annotations

import pytest

from iotplan.errors import IotplanError
from iotplan.plan.guards import refuse_unset_secrets
from iotplan.plan.model import Action
from tests.render.plans import change, plan

TOKEN = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"


def test_an_unset_secret_named_by_a_token_is_not_quoted() -> None:
    writes = change(
        "dam-a", Action.CREATE, "new", after={"name": "Dam", "auth_token": "${env:" + TOKEN + "}"}
    )
    with pytest.raises(IotplanError) as refused:
        refuse_unset_secrets(plan(writes), lambda reference: None)
    said = str(refused.value)
    assert said.startswith("dam-a: auth_token "), said
    assert "where the variable's name goes" in said
    assert TOKEN not in said and TOKEN[-12:] not in said, said
