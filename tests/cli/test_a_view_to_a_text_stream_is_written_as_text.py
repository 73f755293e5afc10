"""A stdout replaced by a text stream (a notebook's, a test's) takes text: the view was encoded in the
stream's encoding, then decoded as UTF-8, which a Latin-1 one's `é` is not (UnicodeDecodeError)."""

from __future__ import annotations

import io

import pytest

from iotplan.cli.stdout import write_view


class Latin1Text(io.StringIO):
    encoding = "latin-1"


def test_a_view_to_a_text_stream_is_the_text_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = Latin1Text()
    monkeypatch.setattr("sys.stdout", stream)
    write_view("+ node Élodie → dam\n")
    assert stream.getvalue() == "+ node Élodie → dam\n"
