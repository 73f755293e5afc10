"""Where a THREAD gateway's REST API answers, as a node's `edge.host` or --gateway-url writes it: the
check of what iotplan can send to, the URL the edge client sends to, and the one gateway however it
is written (the two-stacks warning). Here, not in clients/edge.py: `validate` checks and compares
hosts, and loads no HTTP client (tests/cli/test_deferred_imports.py)."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field

from iotplan.secrets import without_query_or_fragment
from iotplan.wording import quoted

# A scheme in any case (RFC 3986 3.1), a name (a final dot: fully qualified), an IPv4 address or an
# IPv6 one in brackets, and a port, its range checked apart (told so). A name may hold `_`, as an RFC
# 1123 host name does not but a Docker compose service's or a hosts file's does (`proj_gw_1`), and httpx
# connects to one.
HOST = re.compile(
    r"(?P<scheme>(?i:https?)://)?"
    r"(\[(?P<ipv6>[^\[\]/]*)\]|(?P<name>[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?))"
    r"(:(?P<port>[0-9]+))?/?"
)
# An IPv6 address written bare (`2001:db8::5`): its colons are its own, so it has no port.
BARE_IPV6 = re.compile(r"[0-9A-Fa-f:.%]*:[0-9A-Fa-f:.%]*:[0-9A-Za-z:.%_-]*")
# What DNS allows a host name (RFC 1035 2.3.4): longer, a lookup fails, and a URL of 65,536
# characters stops plan in the HTTP client at no line of the manifest.
HOST_NAME_LENGTH, HOST_PART_LENGTH = 253, 63
PORTS = range(1, 65536)
DEFAULT_PORTS = {"http": 80, "https": 443}
# An address that names a box only on one interface: reached only through a zone id (`%eth0`).
LINK_LOCAL = ipaddress.IPv6Network("fe80::/10")
# A part of dotted numbers as resolvers read it (inet_aton): decimal, or hex after 0x.
NUMBER_PART = re.compile(r"[0-9]+|0[xX][0-9A-Fa-f]+")


def checked_host(value: str) -> str:
    """`value` if the edge client can send to it, else ValueError saying why and what to write."""
    if "@" in value:  # a user name and password before it: refused without echoing them
        raise ValueError(
            "holds a user name or password (before its '@'), which a manifest must not (it lives in git): "
            "give the gateway's host name or IP only, with optional scheme and port"
        )
    if BARE_IPV6.fullmatch(value):
        _ipv6(value, value)
        return value
    match = HOST.fullmatch(value)
    if not match:
        raise ValueError(_not_a_host(value))
    if match.group("ipv6") is not None:
        _ipv6(match.group("ipv6"), value)
    else:
        _host_name(match.group("name"))
    port = match.group("port")
    if port is not None and (len(port.lstrip("0")) > len(str(PORTS.stop)) or int(port) not in PORTS):
        number = port.lstrip("0") or "0"  # as many digits as written: int() refuses over 4,300
        raise ValueError(
            f"port {quoted(number, limit=20)[1:-1]} in {quoted(value, limit=80)} is outside 1..65535"
        )
    return value


def _not_a_host(value: str) -> str:
    shown = quoted(without_query_or_fragment(value), limit=80)
    scheme, _, rest = value.partition("://")
    address = rest.rstrip("/")
    if _is_ipv6(address) and ipaddress.IPv6Address(address) in LINK_LOCAL:  # in brackets, refused too
        return _link_local(address)
    if address and BARE_IPV6.fullmatch(address):  # `:8404` could be the address's or a port
        hint = f"{scheme}://[{address}]"
        before, _, last = address.rpartition(":")
        if last.isdigit() and _is_ipv6(before):
            hint += f", or {scheme}://[{before}]:{last} if :{last} is the port"
        return (
            f"{shown} is not a host name or IP with optional scheme and port: an IPv6 address in a URL "
            f"goes in brackets: {hint}"
        )
    return f"{shown} is not a host name or IP with optional scheme and port"


def _is_ipv6(text: str) -> bool:
    return _parses_as(ipaddress.IPv6Address, text)


def _is_ipv4(text: str) -> bool:
    return _parses_as(ipaddress.IPv4Address, text)


def _parses_as(kind: type[ipaddress.IPv4Address | ipaddress.IPv6Address], text: str) -> bool:
    try:
        kind(text)
    except ValueError:
        return False
    return True


def _ipv6(address: str, value: str) -> None:
    """An IPv6 address the edge client can send to: httpx cannot connect through a zone id (`%eth0`,
    or `%25eth0` as a URL writes it), which a link-local address needs; it is refused, not guessed."""
    shown = quoted(value, limit=80)
    if "%" in address:
        zone = address[address.index("%") :]
        raise ValueError(
            f"{shown} has a zone id ({zone}), which iotplan's HTTP client cannot connect through: "
            "give the gateway's global or unique-local IPv6 address, or its host name"
        )
    if not _is_ipv6(address):
        raise ValueError(_not_ipv6(address, value))
    if ipaddress.IPv6Address(address) in LINK_LOCAL:  # without a zone id: connecting fails (Errno 22)
        raise ValueError(_link_local(address))


def _link_local(address: str) -> str:
    return (
        f"{quoted(address, limit=80)} is a link-local IPv6 address (fe80::/10), which reaches a box only "
        "through a zone id naming the interface, and iotplan's HTTP client cannot connect through one: "
        "give the gateway's global or unique-local IPv6 address, or its host name"
    )


def _not_ipv6(address: str, value: str) -> str:
    shown = quoted(address, limit=80)
    if address != value:
        return f"{shown} in brackets is not an IPv6 address: correct it, or give the gateway's host name"
    before, _, last = address.rpartition(":")
    if last.isdigit() and _is_ipv6(before):  # written bare, its colons are its own: none is a port's
        return (
            f"{shown} is not an IPv6 address: an IPv6 address with a port goes in brackets: "
            f"{quoted(f'[{before}]:{last}', limit=80)}"
        )
    return f"{shown} is not an IPv6 address: correct it, or give the gateway's host name"


def _host_name(name: str) -> None:
    """The host's name or IPv4 address, refused where no lookup could ever find it, or where one
    could find another box than the one meant."""
    fqdn = name.removesuffix(".")  # a name ending in a dot is fully qualified: the dot is no part
    if len(fqdn) > HOST_NAME_LENGTH:
        raise ValueError(
            f"longer than {HOST_NAME_LENGTH} characters ({len(fqdn):,}), as no host name is: "
            "give the gateway's host name or IP"
        )
    for part in fqdn.split("."):
        if not part:
            raise ValueError(
                f"{name!r} has an empty part between two dots, as no host name has: write one dot"
            )
        if len(part) > HOST_PART_LENGTH:
            raise ValueError(
                f"its part {part!r} is longer than {HOST_PART_LENGTH} characters, as no host name's part is: "
                "give the gateway's host name or IP"
            )
    if all(NUMBER_PART.fullmatch(part) for part in fqdn.split(".")):
        _ipv4(fqdn, name)


def _ipv4(numbers: str, name: str) -> None:
    """Dotted numbers: no DNS name is (its last part is never all digits), so only an IPv4 address,
    one each resolver reads alike."""
    parts = numbers.split(".")
    readings = {base: _read(parts, base) for base in ("decimal", "octal")}
    addresses = {base: address for base, address in readings.items() if address and _is_ipv4(address)}
    if not addresses:
        raise ValueError(
            f"{name!r} is all numbers but not an IPv4 address (four numbers 0..255) "
            "and no host name is all numbers: correct the address, e.g. 192.0.2.10"
        )
    hex_part = next((part for part in parts if part[:2] in ("0x", "0X")), None)
    if hex_part is not None:
        raise ValueError(
            f"{name!r} writes a number in hex ({hex_part}), which resolvers read as part of an IPv4 "
            f"address: {_write(addresses)}"
        )
    if any(len(part) > 1 and part.startswith("0") for part in parts):
        raise ValueError(
            f"{name!r} writes a number with a leading zero, which some resolvers read as octal and others "
            f"as decimal (010 as 8 or 10: two boxes): {_write(addresses)}"
        )
    if name != numbers:  # glibc: "Name or service not known"
        raise ValueError(
            f"{name!r} is an IPv4 address ending in a dot, which marks a DNS name, and no DNS name is all "
            f"numbers: the lookup fails; {_write(addresses)}"
        )


def _read(parts: list[str], base: str) -> str | None:
    """Dotted numbers as a resolver reading a leading zero in `base` does (inet_aton: octal), hex
    after 0x either way; None where a part is no number so read (`08` in octal)."""
    numbers = []
    for part in parts:
        if part[:2] in ("0x", "0X"):
            numbers.append(int(part, 16))
        elif base == "octal" and len(part) > 1 and part.startswith("0"):
            if not set(part) <= set("01234567"):
                return None
            numbers.append(int(part, 8))
        else:
            numbers.append(int(part))
    return ".".join(map(str, numbers))


def _write(addresses: dict[str, str]) -> str:
    """The address to write for each reading that is one: where readings differ, iotplan cannot know
    which box was meant, so each is given, named, and a reading that is none is said so."""
    decimal, octal = addresses.get("decimal"), addresses.get("octal")
    if decimal and octal and decimal != octal:
        return f"write {decimal} if you mean decimal, {octal} if octal"
    if decimal and octal:  # no leading zero, or one that reads alike (`01`)
        return f"write {decimal}"
    unread = "octal" if decimal else "decimal"
    return f"write {decimal or octal}: read as {unread}, it is no IPv4 address"


def gateway_url(host: str) -> str:
    """A checked host, or a checked --gateway-url (which may hold a path), as the URL the edge
    client sends to: `http://` where it writes no scheme, a scheme in lower case, and a bare IPv6
    address (`2001:db8::5`: its colons are its own, so no port) in brackets, as a URL writes one;
    without them `http://2001:db8::5` reads as host `2001`, port `:db8::5`."""
    if "://" in host:
        scheme, _, rest = host.partition("://")
        return f"{scheme.lower()}://{rest}".rstrip("/")
    if BARE_IPV6.fullmatch(host):
        return f"http://[{host}]"
    return f"http://{host}".rstrip("/")


# What `localhost` resolves to without DNS (RFC 6761 6.3, every hosts file): a loopback gateway is a
# tunnel or port-forward on this machine (`ssh -L 8404:gw:80` listens on both), and the client reaches
# whichever of the two answers, so the three at one port are one gateway. Not `*.localhost`, which
# only some resolvers answer, nor the rest of 127/8, where another listener may be bound.
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class GatewayAddress:
    """The box and port a checked host reaches: one gateway however its host is written. Compared by
    `box` and `port` only: one port is one listener, whether the client speaks http or https to it
    (`http://gw:8404`, `https://gw:8404`); two ports stay two gateways (the emulator serves two at
    127.0.0.1:8404 and :8405), so `http://gw` and `https://gw` (80 and 443) are two, as iotplan cannot
    know one box serves both."""

    scheme: str = field(compare=False)
    # An IP address as `ipaddress` writes it (IPv4-mapped as IPv4), a name in lower case: as written.
    host: str = field(compare=False)
    port: int
    box: str  # `host`, or `localhost` for each name of the loopback (LOOPBACK)

    def __str__(self) -> str:
        """`10.0.0.5`, `[2001:db8::5]:8404`, `https://gw`: http and a default port left out."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = "" if self.port == DEFAULT_PORTS[self.scheme] else f":{self.port}"
        scheme = "" if self.scheme == "http" else f"{self.scheme}://"
        return f"{scheme}{host}{port}"


def gateway_address(host: str) -> GatewayAddress:
    """The gateway a checked `edge.host` reaches: its scheme (http when none is written), its address
    parsed (`2001:0db8::5` is `2001:db8::5`, `::ffff:10.0.0.5` is `10.0.0.5`), a name in lower case
    without a final dot, and its port as a number (`08080` is 8080; none, the scheme's). No name is
    looked up: two names of one box are two gateways, but for `localhost` (LOOPBACK)."""
    if BARE_IPV6.fullmatch(host):
        return _gateway("http", _address(host), DEFAULT_PORTS["http"])
    match = HOST.fullmatch(host)
    assert match is not None, "checked by checked_host"
    scheme = (match.group("scheme") or "http://").removesuffix("://").lower()
    port = match.group("port")
    written = match.group("ipv6") if match.group("ipv6") is not None else match.group("name")
    return _gateway(scheme, _address(written), int(port) if port else DEFAULT_PORTS[scheme])


def _gateway(scheme: str, address: str, port: int) -> GatewayAddress:
    return GatewayAddress(scheme, address, port, "localhost" if address in LOOPBACK else address)


def _address(written: str) -> str:
    try:
        address = ipaddress.ip_address(written)
    except ValueError:
        return written.lower().removesuffix(".")
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)  # a dual-stack socket reaches it over IPv4
    return str(address)


def one_gateway_twice(host: str, gateway: GatewayAddress, other_node: str) -> str:
    """What validate says of a THREAD node whose `edge.host` (`host`, as written) reaches the gateway
    another THREAD node declares (`other_node`, named with its id and where it is written)."""
    return (
        f"edge.host {host!r} is the gateway at {gateway} that THREAD node {other_node} declares too (one "
        "box and port, however written): a THREAD gateway is one box with one serial, so it cannot be both "
        "nodes' THREAD, and plan would refuse one; correct the edge.host of the node whose gateway it is not"
    )
