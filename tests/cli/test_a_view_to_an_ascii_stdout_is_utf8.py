"""Under PYTHONIOENCODING=ascii (or a locale that says ASCII) click.echo wrote a view as UTF-8, as
it writes everything to such a stream: the one stdout writer wrote `\\xc9lodie \\u2192` instead.
A stdout declared ASCII gets UTF-8 again; one of any other encoding gets that encoding, as before."""

from __future__ import annotations

import io

import pytest

from iotplan.cli.stdout import write_view

VIEW = "~ site Lac Élodie → Barrage\n"


@pytest.mark.parametrize(
    ("encoding", "errors", "written"),
    [
        ("ascii", "strict", VIEW.encode()),
        ("ascii", "backslashreplace", VIEW.encode()),
        ("cp1252", "backslashreplace", VIEW.encode("cp1252", "backslashreplace")),
        ("latin-1", "backslashreplace", VIEW.encode("latin-1", "backslashreplace")),
        ("utf-8", "strict", VIEW.encode()),
    ],
    ids=["ascii", "ascii-backslashreplace", "cp1252", "latin-1", "utf-8"],
)
def test_a_view_is_written_in_stdouts_encoding_but_utf8_for_ascii(
    monkeypatch: pytest.MonkeyPatch, encoding: str, errors: str, written: bytes
) -> None:
    pipe = io.BytesIO()
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(pipe, encoding=encoding, errors=errors))
    write_view(VIEW)
    assert pipe.getvalue() == written
