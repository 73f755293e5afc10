"""A body is read up to 1,200 characters, ending at a blank outside any secret iotplan holds. A held
secret holding blanks, echoed with them spelled otherwise (a tab for a blank, two blanks, a no-break
space), was no held value where the read's end fell inside it: the read ended at a blank inside it, and
its first words were shown. At every offset, in each spelling, none of its words is shown."""

from __future__ import annotations

import httpx

from iotplan.clients.errors import platform_message
from iotplan.secrets import forget_all, remember

HELD = "Kq7v plume Zx9r\twharf Tb4n"
READ = 1_200


def test_an_excerpt_never_shows_a_word_of_a_held_secret_echoed_with_its_blanks_spelled_otherwise() -> None:
    forget_all()
    remember(HELD)
    for blank in ["\t", "  ", " \t ", "\u00a0", "\n", "\r\n"]:
        echoed = blank.join(HELD.split())
        for into in range(-2, len(echoed) + 3):  # the read's end, from 2 before the secret to 2 past it
            body = f"token={'~' * (READ - len('token= ') - into)} {echoed} tail"
            answered = httpx.Response(401, text=body, headers={"content-type": "text/plain"})

            shown = platform_message(answered)

            words = [word for word in HELD.split() if word in shown]
            assert not words, f"{echoed!r}, read ending {into} into it: {words} in {shown[-80:]!r}"
