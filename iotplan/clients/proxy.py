"""The proxy a request to a real platform goes through, read from the environment as httpx reads
it (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY; the lower-case spelling wins, and an empty one
unsets the other) and checked before any connection, as an endpoint is (clients/endpoint.py):
a proxy URL iotplan cannot read is refused naming its variable, never quoting its credential.

httpx would read the same variables itself, but it quotes what it cannot parse, and a password
holding `/` or `#` is what it cannot parse ("Invalid port: 'hunter2'"). So iotplan routes each
request itself (ProxyRoutes, with httpx's NO_PROXY rules), for REST, the token endpoint and the
JSON-RPC WebSocket alike, and records on each request the proxy it went through, for an error
to name. THREAD gateways, on the local network, are reached directly.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from iotplan.clients.endpoint import checked_url
from iotplan.clients.errors import THROUGH_PROXY
from iotplan.errors import IotplanError
from iotplan.secrets import holds_bytes_not_utf8, remember

PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")
ROUTED_SCHEMES = ("http", "https", "all")  # HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, in httpx's order
_NO_PATH = "a proxy URL is a host and port"
_ENCODE = (
    "a password holding '/', '?' or '#' ends the host early: write each %-encoded in it (%2F, %3F, %23), "
    "and '@' as %40"
)


@dataclass(frozen=True)
class Proxy:
    url: str = field(repr=False)  # with the user name and password: for the connection only
    variable: str  # the environment variable it came from, as spelled there
    shown: str  # `scheme://host[:port]`: never a credential

    @property
    def named(self) -> str:
        """`the proxy http://proxy:3128 (HTTPS_PROXY)`: where a request went, and what set it."""
        return f"the proxy {self.shown} ({self.variable})"


@dataclass(frozen=True)
class _Pattern:
    """httpx's URLPattern, whose rules decide which requests NO_PROXY exempts: `all://` any
    scheme, `*.example.com` its subdomains, `*example.com` it and them, `example.com` it alone.
    Written again on purpose: httpx's is private (`httpx._utils`), and a test holds the two alike."""

    scheme: str
    host: str
    port: int | None
    host_regex: re.Pattern[str] | None
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None

    @classmethod
    def of(cls, pattern: str) -> _Pattern:
        url = httpx.URL(pattern)
        scheme = "" if url.scheme == "all" else url.scheme
        host = "" if url.host == "*" else url.host
        network = _network(url)
        return cls(scheme, host, url.port, None if network else _host_regex(host), network)

    def matches(self, url: httpx.URL) -> bool:
        return (
            (not self.scheme or self.scheme == url.scheme)
            and (self.host_regex is None or bool(self.host_regex.match(url.host)))
            and (self.network is None or _in_network(url.host, self.network))
            and (self.port is None or self.port == url.port)
        )

    @property
    def priority(self) -> tuple[int, int, int]:
        """The most specific first, as httpx tries its mounts: a port, then the longest host."""
        return (0 if self.port is not None else 1, -len(self.host), -len(self.scheme))


def _network(url: httpx.URL) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """`10.0.0.0/8` as curl reads it in NO_PROXY: every address of the range. httpx would keep
    the `/8` as a path and exempt the one host 10.0.0.0, sending the rest of the range, and the
    credential, through the proxy. ValueError for a range that is none (`10.0.0.0/99`)."""
    bits = url.path.strip("/")
    if not bits.isdigit() or not (
        _is_ip(url.host, ipaddress.IPv4Address) or _is_ip(url.host, ipaddress.IPv6Address)
    ):
        return None  # a URL's path, which NO_PROXY's rules ignore
    return ipaddress.ip_network(f"{url.host}/{bits}", strict=False)


def _in_network(host: str, network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
    try:
        return ipaddress.ip_address(host) in network
    except ValueError:  # a host name: no range holds it
        return False


def _host_regex(host: str) -> re.Pattern[str] | None:
    if not host:
        return None
    if host.startswith("*."):
        return re.compile(rf"^.+\.{re.escape(host[2:])}$")
    if host.startswith("*"):
        return re.compile(rf"^(.+\.)?{re.escape(host[1:])}$")
    return re.compile(rf"^{re.escape(host)}$")


@dataclass(frozen=True)
class ProxyRoutes:
    """Which proxy, if any, a URL goes through: the first route that matches, most specific first."""

    routes: tuple[tuple[_Pattern, Proxy | None], ...] = ()

    def for_url(self, url: httpx.URL) -> Proxy | None:
        for pattern, proxy in self.routes:
            if pattern.matches(url):
                return proxy
        return None

    def for_websocket(self, url: str) -> Proxy | None:
        """A `ws[s]://` URL goes as an `http[s]://` request to its host would."""
        websocket = httpx.URL(url)
        return self.for_url(websocket.copy_with(scheme="https" if websocket.scheme == "wss" else "http"))


def proxy_routes(environ: Mapping[str, str]) -> ProxyRoutes:
    """The routes the environment's proxy variables make, each proxy checked: IotplanError naming
    the variable of one that cannot be used."""
    exempt = _exempt_patterns(_setting(environ, "no"))
    if exempt is None:  # NO_PROXY=*: no proxy at all
        return ProxyRoutes()
    mounts: dict[str, Proxy | None] = {}
    for scheme in ROUTED_SCHEMES:
        setting = _setting(environ, scheme)
        if setting is not None:
            mounts[f"{scheme}://"] = checked_proxy(*setting)
    mounts.update(dict.fromkeys(exempt))
    routes = [(_readable_pattern(pattern), proxy) for pattern, proxy in mounts.items()]
    return ProxyRoutes(tuple(sorted(routes, key=lambda route: route[0].priority)))


def _setting(environ: Mapping[str, str], scheme: str) -> tuple[str, str] | None:
    """(variable, value) for `scheme` as urllib.request.getproxies reads them: `https_proxy` when
    set (empty, it unsets HTTPS_PROXY), else another spelling; HTTP_PROXY not in a CGI request,
    whose Proxy header would set it."""
    lower = f"{scheme}_proxy"
    if lower in environ:
        return (lower, environ[lower]) if environ[lower] else None
    if scheme == "http" and "REQUEST_METHOD" in environ:
        return None
    return next(((name, value) for name, value in environ.items() if name.lower() == lower and value), None)


def _exempt_patterns(setting: tuple[str, str] | None) -> list[str] | None:
    """NO_PROXY's hosts as httpx mounts them (curl's rules); None for `*`, which exempts all."""
    patterns = []
    for host in (host.strip() for host in (setting[1] if setting else "").split(",")):
        if host == "*":
            return None
        if host:
            patterns.append(_exempt_pattern(host))
    return patterns


def _exempt_pattern(host: str) -> str:
    if "://" in host:
        return host
    address, slash, bits = host.partition("/")
    if _is_ip(address, ipaddress.IPv4Address):
        return f"all://{host}"
    if _is_ip(address, ipaddress.IPv6Address):
        return f"all://[{address}]{slash}{bits}"
    if host.lower() == "localhost":
        return f"all://{host}"
    return f"all://*{host}"


def _is_ip(text: str, kind: type[ipaddress.IPv4Address | ipaddress.IPv6Address]) -> bool:
    try:
        kind(text)
    except ValueError:
        return False
    return True


def _readable_pattern(pattern: str) -> _Pattern:
    """NO_PROXY names hosts, no secret: an entry httpx could not read is quoted."""
    try:
        return _Pattern.of(pattern)
    except (httpx.InvalidURL, ValueError):  # never a proxy's own route: a bare `scheme://`
        raise IotplanError(
            f"NO_PROXY holds {re.sub('^all://[*]?', '', pattern)!r}, which is no host name, IP address, "
            "range (10.0.0.0/8) or URL: correct or remove it (NO_PROXY is a comma-separated list of hosts)"
        ) from None


def checked_proxy(variable: str, value: str) -> Proxy:
    """The proxy `value` names, checked as an endpoint is, with its user name and password kept:
    they are the proxy's credential. A value without a scheme is `http://`, as httpx reads it."""
    text = value.strip()
    text = text if "://" in text else f"http://{text}"
    base = checked_url(text, variable, PROXY_SCHEMES, no_query_because=_NO_PATH, at_after_host=_ENCODE)
    if urllib.parse.urlsplit(base).path:
        raise IotplanError(f"{variable} {base!r} has a path: {_NO_PATH}, as http://proxy.example.com:3128")
    _refuse_without_socks_support(variable, base)
    userinfo = _checked_userinfo(variable, urllib.parse.urlsplit(text).netloc)
    return Proxy(base.replace("://", f"://{userinfo}", 1), variable, base)


def _checked_userinfo(variable: str, netloc: str) -> str:
    """`user:password@` as the URL spells it, or "". checked_url refused an `@` after the host
    (a password's `/`, `?` or `#` ended it early); one more `@` inside it reads differently to
    httpx and websockets. Bytes that are not UTF-8 (`\\udcff` for 0xFF) are refused once the
    password is held: refused, it is still the user's credential, and masked."""
    userinfo, at, _ = netloc.rpartition("@")
    if not at:
        return ""
    user, _, password = userinfo.partition(":")
    if "@" in userinfo or not _decodes(user) or not _decodes(password):
        raise IotplanError(
            f"{variable}'s user name or password holds an '@' or a %-escape that is not UTF-8: write each "
            "'@', '/', '?', '#' and '%' in them %-encoded (%40, %2F, %3F, %23, %25)"
        )
    for secret in (password, urllib.parse.unquote(password)):
        remember(secret)  # a proxy or library echoing it is masked like any credential
    if holds_bytes_not_utf8(user) or holds_bytes_not_utf8(password):  # httpx raised, unexpected
        raise IotplanError(
            f"{variable}'s user name or password holds bytes that are not UTF-8: no Proxy-Authorization "
            "header can carry them; set it again as UTF-8"
        )
    return f"{user}:{password}@"  # `user@` alone: an empty password, as httpx sends it


def _decodes(part: str) -> bool:
    try:
        urllib.parse.unquote(part, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


_SOCKS_PACKAGES = {"socksio": "httpx[socks]", "python_socks": "python-socks"}  # REST's, JSON-RPC's


def _refuse_without_socks_support(variable: str, base: str) -> None:
    if not base.startswith("socks"):
        return
    missing = [
        package for module, package in _SOCKS_PACKAGES.items() if importlib.util.find_spec(module) is None
    ]
    if missing:
        raise IotplanError(
            f"{variable} names a SOCKS proxy ({base}), and iotplan reaches one only with "
            f"{' and '.join(_SOCKS_PACKAGES.values())} installed: pip install "
            f"{' '.join(repr(package) for package in missing)}, or give an http:// proxy"
        )


class ProxiedTransport(httpx.AsyncBaseTransport):
    """Each request through the proxy its URL's route names, or direct, on a transport `make`s
    for that proxy (None: direct) when its first request comes: making one loads the system's
    certificates. The proxy is recorded on the request, for an error to name.

    `make`'s second argument says the transport carries plain-http requests sent direct alone: no
    TLS is ever negotiated on it, so it needs no certificates (3 MB and 40 ms of CPU a run against
    an http:// platform, an emulator's). Any other request goes to a transport of its own."""

    def __init__(
        self, routes: ProxyRoutes, make: Callable[[Proxy | None, bool], httpx.AsyncBaseTransport]
    ) -> None:
        self._routes = routes
        self._make = make
        self._made: dict[tuple[Proxy | None, bool], httpx.AsyncBaseTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        proxy = self._routes.for_url(request.url)
        if proxy is not None:
            request.extensions[THROUGH_PROXY] = proxy.named
        way = (proxy, proxy is None and request.url.scheme == "http")
        if way not in self._made:
            self._made[way] = self._make(*way)
        return await self._made[way].handle_async_request(request)

    async def aclose(self) -> None:
        for transport in self._made.values():
            await transport.aclose()
