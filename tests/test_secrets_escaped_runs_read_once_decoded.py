"""A text holding escapes (`Q&amp;A`, `%20`) but no held value decoded is read once, decoded whole:
not run by run, each decoded and searched apart (111,100 lines holding `&amp;` cost six times those
without). Counted, not timed."""

from __future__ import annotations

import html

import pytest

from iotplan import secrets
from iotplan.secrets import MASKED, forget_all, mask_known, remember

KEY = "kX9qPzW2mN4rT8vB"


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


def _runs_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    run_spans = secrets._run_spans

    def counted(run: str, *rest: object) -> list[tuple[int, int]]:
        read.append(run)
        return run_spans(run, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(secrets, "_run_spans", counted)
    return read


def test_escaped_text_holding_no_secret_is_read_whole_once(monkeypatch: pytest.MonkeyPatch) -> None:
    remember(KEY)
    read = _runs_read(monkeypatch)
    text = "\n".join(f"row {i}: Salt &amp; pepper, Q&amp;A at site-{i}%20ok" for i in range(50))
    assert mask_known(text) == text
    assert read == []


def test_escaped_text_holding_one_is_read_run_by_run(monkeypatch: pytest.MonkeyPatch) -> None:
    remember(KEY)
    read = _runs_read(monkeypatch)
    text = f"Salt &amp; pepper {html.escape(KEY[:6])}&#{ord(KEY[6])};{KEY[7:]}"
    assert mask_known(text) == f"Salt &amp; pepper {MASKED}"
    assert read
