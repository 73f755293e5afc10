"""A body is read up to 1,200 characters before it is redacted, and the read ends at its last blank. A
secret iotplan holds (a gateway's edge password, a connection's token) holding a blank, which the read's
end fell inside, was cut at that blank: masking looks for the whole value it holds, the piece kept was
no longer it, and the secret's first word was shown (`... Kq7v`). At every offset the read may end in
the held secret, none of its words is shown."""

from __future__ import annotations

import httpx

from iotplan.clients.errors import platform_message
from iotplan.secrets import remember

# A Wi-Fi passphrase style edge password: words parted by a blank and by a tab.
HELD = "Kq7v plume Zx9r\twharf Tb4n"
READ = 1_200


def test_an_excerpt_never_shows_a_word_of_a_held_secret_its_read_cut() -> None:
    remember(HELD)
    for into in range(-2, len(HELD) + 3):  # the read's end, from 2 before the secret to 2 past it
        # A token masked before it shrinks the excerpt, so what ends the read is what is shown.
        body = f"token={'~' * (READ - len('token= ') - into)} {HELD} tail"
        answered = httpx.Response(401, text=body, headers={"content-type": "text/plain"})

        shown = platform_message(answered)

        words = [word for word in HELD.split() if word in shown]
        assert not words, f"read ending {into} into the secret: {words} in {shown[-80:]!r}"
