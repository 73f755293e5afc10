"""`apply --format json` writes a refused document however the run ends; where stdout is closed that
write failed in the refusal's handler, and `stdout is closed` was said in place of the refusal's own
reason."""

from __future__ import annotations

import pytest

from iotplan.cli.options import Scale
from iotplan.cli.plan_commands import _refusal_reported
from iotplan.errors import IotplanError


@_refusal_reported
def _refused(**options: object) -> int:
    raise IotplanError("the manifest's stack is another stack's")


def test_the_refusal_is_said_where_its_document_cannot_be_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout", None)
    with pytest.raises(IotplanError, match=r"^the manifest's stack is another stack's$"):
        _refused(output_format="json", scale=Scale())
