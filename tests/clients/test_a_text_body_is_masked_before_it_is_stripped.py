"""A text body was stripped before it was masked: a held value starting or ending with a blank (a
secret refused for it is still held, and masked), stripped of it, was no longer the value held, and was
shown (`Tb4n wharf was refused`). The body is masked first, then stripped."""

from __future__ import annotations

import httpx

from iotplan.clients.errors import not_json, platform_message
from iotplan.secrets import forget_all, remember


def test_a_text_body_is_masked_before_it_is_stripped() -> None:
    forget_all()
    remember("\tTb4n wharf")
    remember("Kq7v plume Zx9r\n")
    for body in ["\tTb4n wharf was refused", "  \tTb4n wharf", "bad: Kq7v plume Zx9r\n", "Kq7v plume Zx9r\n"]:
        answered = httpx.Response(401, text=body, headers={"content-type": "text/plain"})
        answered.request = httpx.Request("GET", "https://platform.example/api")

        shown = [platform_message(answered), str(not_json(answered))]

        for each in shown:
            assert "Tb4n" not in each and "wharf" not in each and "Zx9r" not in each, f"{body!r}: {each!r}"
