"""A stdout whose encoding holds `→` and `é` (what main._never_fail_to_encode probed) but not every
character: GBK or GB2312 (a Chinese Windows' pipe or file: its ANSI code page), errors left strict.
`iotplan plan` of a site named `Łódź` ended `Error: unexpected UnicodeEncodeError` with no view."""

from __future__ import annotations

import io

import pytest

from iotplan.cli import main
from iotplan.cli.stdout import write_view


@pytest.mark.parametrize("encoding", ["gb2312", "gbk"])
def test_a_name_stdout_cannot_encode_is_escaped_not_an_error(
    monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    pipe = io.BytesIO()
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(pipe, encoding=encoding))
    monkeypatch.setattr("sys.stderr", io.TextIOWrapper(io.BytesIO(), encoding=encoding))
    main._never_fail_to_encode()  # as main() does first
    view = "+ node Łódź → dam é\n"
    write_view(view)
    assert pipe.getvalue() == view.encode(encoding, "backslashreplace")  # `\u0141`, the rest as it is
