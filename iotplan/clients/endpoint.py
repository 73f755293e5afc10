"""A URL from the user (--endpoint, IOTPLAN_TOKEN_URL) checked before any request is made, and
never shown with the user name or password a URL can carry.

Refused, each with one line that does not echo a secret: a scheme other than http or https, no
host, a bad port, spaces or control characters, and a query string or fragment (iotplan appends
the API's paths and parameters itself, so they would be dropped or misplaced silently). A user
name and password in the URL are never used (iotplan's credential comes from the environment) and
never kept: the checked URL is built without them, so no request, error or description holds them.
"""

from __future__ import annotations

import re
import urllib.parse

import httpx

from iotplan.errors import IotplanError
from iotplan.secrets import has_control_character

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)?[^@]*@")


def without_userinfo(text: str) -> str:
    """`text` with anything before its last `@` dropped (a user name and password, if it is a URL).
    Conservative on purpose: a malformed URL must not decide what is shown of its password."""
    if "@" not in text:
        return text
    match = _USERINFO.match(text[: text.rindex("@") + 1])
    scheme = match.group("scheme") if match and match.group("scheme") else ""
    return scheme + text[text.rindex("@") + 1 :]


def has_userinfo(text: str) -> bool:
    try:
        return "@" in urllib.parse.urlsplit(text.strip()).netloc
    except ValueError:
        return False


APPENDED = "iotplan adds the API's paths and parameters to it"  # why a base URL takes no query


def checked_url(
    text: str, name: str, schemes: tuple[str, ...] = SCHEMES, *, no_query_because: str = APPENDED
) -> str:
    """`scheme://host[:port][/path]`, lower-case, without a trailing slash or a default port: the
    base every request is built on, and the target's identity. `name` says where it came from;
    `no_query_because`, why it takes no query string or fragment."""
    text = text.strip()
    shown = repr(_masked(text))
    if any(character.isspace() for character in text) or has_control_character(text):
        raise IotplanError(f"{name} {shown} contains a space or control character")
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError as error:  # an unclosed IPv6 bracket, say
        raise IotplanError(f"{name} {shown} is not a usable URL: {error}") from None
    scheme = parts.scheme.lower()
    if scheme not in schemes or not text.lower().startswith(f"{scheme}://"):
        raise IotplanError(f"{name} {shown} must start with {' or '.join(f'{s}://' for s in schemes)}")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise IotplanError(f"{name} {shown} must not have a query string or fragment: {no_query_because}")
    return _normalised(parts, name, shown)


def _masked(text: str) -> str:
    """The URL as a message shows it: no user name or password, and `?...` and `#...` for a query
    and a fragment, either of which may hold a key or token (`#access_token=...`)."""
    return re.sub(r"#.*", "#...", re.sub(r"\?[^#]*", "?...", without_userinfo(text)))


def _normalised(parts: urllib.parse.SplitResult, name: str, shown: str) -> str:
    try:
        port = parts.port
        host = parts.hostname or ""
        if not host:
            raise ValueError("it names no host")
        if port == 0:
            raise ValueError("port 0 is not a port a server listens on")
        netloc = f"[{host}]" if ":" in host else host
        if port is not None and port != DEFAULT_PORTS[parts.scheme.lower()]:
            netloc += f":{port}"
        url = f"{parts.scheme.lower()}://{netloc}{parts.path.rstrip('/')}"
        httpx.URL(url)  # the host as httpx will use it (IDNA, IPv6 literals)
    except (ValueError, httpx.InvalidURL) as error:
        raise IotplanError(f"{name} {shown} is not a usable URL: {without_userinfo(str(error))}") from None
    return url
