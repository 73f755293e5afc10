"""An excerpt of an error body or message is read up to a limit (1,200 characters of a body, 8,000 of
a JSON message), redacted, and its first 300 or 2,000 characters shown: a secret the read cut into was
no longer the value `redact` knows (`admin:Sup3r` with no `@thread`, 29 characters of a `ghp_` token),
and a token masked before it, shrunk to `(sensitive)`, brought it into what is shown. Held here for
secrets of every shape `redact` tells (a password before its host, with or without a scheme, a prefixed
token, a JWT, a named value, a bearer token), the read cutting them at every offset: no more than the
first 3 of a secret's characters are ever shown.

Property-based (hypothesis, a fixed derandomized set of examples).
"""

from __future__ import annotations

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan.clients.errors import platform_message, redact

# The characters of a generated secret, none of which the text around it holds.
ALPHANUMERIC = "ABCDEFGHJKLMNPQRUVWXYZ0123456789"
# A password may hold any character but an ASCII blank (secrets.py), the signs that end a token too.
PASSWORD_SIGNS = ";,&'\"()[]{}<>=@:!#%"


def _value(alphabet: str, least: int) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=least, max_size=40)


# A sign among its characters, where each of them but a blank can be (as a token holds none).
PASSWORDS = st.one_of(
    _value(ALPHANUMERIC, 4),
    st.builds(
        lambda head, sign, rest: head + sign + rest,
        _value(ALPHANUMERIC, 4),
        st.sampled_from(PASSWORD_SIGNS),
        _value(ALPHANUMERIC + PASSWORD_SIGNS, 4),
    ),
)
# (the text holding a secret, the secret): each as `redact` masks it whole.
SHAPES = st.one_of(
    PASSWORDS.map(lambda secret: (f"admin:{secret}@thread", secret)),
    PASSWORDS.map(lambda secret: (f"https://admin:{secret}@gw.example/api", secret)),
    st.builds(
        lambda prefix, secret: (prefix + secret, secret),
        st.sampled_from(["ghp_", "gho_"]),
        _value(ALPHANUMERIC, 30),
    ),
    _value(ALPHANUMERIC, 20).map(lambda secret: (f"glpat-{secret}", secret)),
    _value(ALPHANUMERIC, 10).map(lambda secret: (f"xoxb-{secret}", secret)),
    _value(ALPHANUMERIC, 16).map(lambda secret: (f"sk_live_{secret}", secret)),
    st.text(ALPHANUMERIC, min_size=16, max_size=16).map(lambda secret: (f"AKIA{secret}", secret)),
    st.builds(
        lambda header, claims, signature: (
            f"eyJ{header}.{claims}.{signature}",
            f"{header}.{claims}.{signature}",
        ),
        _value(ALPHANUMERIC, 10),
        _value(ALPHANUMERIC, 4),
        _value(ALPHANUMERIC, 4),
    ),
    st.builds(
        lambda name, secret: (f"{name}={secret}", secret),
        st.sampled_from(["password", "api_key", "client_secret", "Password"]),
        _value(ALPHANUMERIC, 4),
    ),
    _value(ALPHANUMERIC, 8).map(lambda secret: (f"Bearer K7{secret}", f"K7{secret}")),
)
# What stands before and after the secret's text: a blank, or a sign of a list or a form.
BESIDE = st.sampled_from([" ", ";", ",", "&"])
# (characters read, characters shown) of a text body and of a JSON message.
PATHS = {"text": (1_200, 300), "json": (8_000, 2_000)}


def _shown(path: str, text: str) -> str:
    if path == "text":
        return platform_message(httpx.Response(401, text=text, headers={"content-type": "text/plain"}))
    return platform_message(httpx.Response(401, json={"error": {"message": text}}))


def _shows_more_than_3(shown: str, secret: str) -> str | None:
    """The first run of 4 of the secret's characters that is shown, if one is: the secret's first
    3 alone may be an ordinary word."""
    return next((secret[at : at + 4] for at in range(len(secret) - 3) if secret[at : at + 4] in shown), None)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(shape=SHAPES, before=BESIDE, after=BESIDE)
def test_an_excerpt_never_shows_a_secret_its_read_cut(
    shape: tuple[str, str], before: str, after: str
) -> None:
    text, secret = shape
    assert _shows_more_than_3(redact(f"x{before}{text}{after}x"), secret) is None  # masked whole
    for path, (read, _) in PATHS.items():
        for into in range(-2, len(text) + 3):  # the read's cut, from 2 before the secret's text to 2 past it
            # A token masked before it, so that the excerpt shrinks and what the read cut is shown.
            body = f"token={'~' * (read - len('token=') - len(before) - into)}{before}{text}{after}tail"
            shown = _shown(path, body)
            leaked = _shows_more_than_3(shown, secret)
            assert leaked is None, f"{path}, cut {into} into {text!r}: {leaked!r} in {shown[-120:]!r}"
