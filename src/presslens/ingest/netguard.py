"""Refuse URLs whose host is not on the public internet (server-side request forgery guard).

Why: `presslens serve --allow-fetch` fetches URLs that strangers type into a form. Without this
check, "http://127.0.0.1:8080/admin" or "http://169.254.169.254/" (cloud metadata) would make the
server read its own network for them. The check resolves the host name and refuses it when any
address it resolves to is loopback, private, link-local, reserved, multicast or otherwise not
globally routable; `fetch_url` runs it before the first request and before every redirect.

IPv6 addresses that carry an IPv4 address inside them are judged by that IPv4 address too, because
a host stack or a NAT64/6to4/Teredo gateway may deliver them to it: IPv4-mapped (``::ffff:a.b.c.d``),
IPv4-compatible (``::a.b.c.d``), NAT64 (``64:ff9b::/96``, ``64:ff9b:1::/48``), 6to4 (``2002::/16``) and
Teredo (``2001::/32``, server and client). ``[::127.0.0.1]`` or ``[64:ff9b::10.0.0.1]`` are refused.

Known limit: a host that resolves differently between the check and the connection (DNS
rebinding) is not caught; run the server behind an egress firewall where that matters.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def embedded_ipv4(address: IPAddress) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (mapped, compatible, NAT64, 6to4, Teredo)."""
    if not isinstance(address, ipaddress.IPv6Address):
        return []
    found: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in _IPV4_COMPATIBLE and int(address) > 1:  # ::a.b.c.d (but not :: or ::1 themselves)
        found.append(low32)
    if any(address in net for net in _NAT64):
        found.append(low32)
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    return found


def address_reason(address: IPAddress) -> str | None:
    """Why ``address`` is not public (or carries a non-public IPv4 address), or None."""
    for candidate in (address, *embedded_ipv4(address)):
        if not candidate.is_global or candidate.is_multicast:
            inside = f", which carries {candidate}" if candidate is not address else ""
            return f"{address}{inside}"
    return None


def non_public_reason(url: str) -> str | None:
    """Why ``url`` must not be fetched from a server, or None when its host is public.

    Never raises: a malformed URL or host is a reason like any other.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a malformed or out-of-range port
    except ValueError as exc:
        return f"malformed URL: {exc}"
    if not host:
        return "URL without a host"
    try:
        addresses: set[IPAddress] = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError, ValueError) as exc:
            return f"cannot resolve {host}: {exc}"
        addresses = set()
        for info in infos:
            try:
                addresses.add(ipaddress.ip_address(str(info[4][0]).split("%")[0]))
            except ValueError:
                return f"cannot resolve {host}: unexpected address {info[4][0]!r}"
    for address in sorted(addresses, key=str):
        reason = address_reason(address)
        if reason:
            return f"{host} is not a public address ({reason}); this server only fetches public pages"
    return None
