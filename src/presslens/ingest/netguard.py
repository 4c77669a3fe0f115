"""Refuse URLs whose host is not on the public internet (server-side request forgery guard).

Why: `presslens serve --allow-fetch` fetches URLs that strangers type into a form. Without this
check, "http://127.0.0.1:8080/admin" or "http://169.254.169.254/" (cloud metadata) would make the
server read its own network for them. The check resolves the host name and refuses it when any
address it resolves to is loopback, private, link-local, reserved, multicast or otherwise not
globally routable; `fetch_url` runs it before the first request and before every redirect.
Known limit: a host that resolves differently between the check and the connection (DNS
rebinding) is not caught; run the server behind an egress firewall where that matters.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


def non_public_reason(url: str) -> str | None:
    """Why ``url`` must not be fetched from a server, or None when its host is public."""
    try:
        host = urlsplit(url).hostname
    except ValueError as exc:
        return f"malformed URL: {exc}"
    if not host:
        return "URL without a host"
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError) as exc:
            return f"cannot resolve {host}: {exc}"
        addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    for address in sorted(addresses, key=str):
        mapped = getattr(address, "ipv4_mapped", None)
        checked = mapped or address
        if not checked.is_global or checked.is_multicast:
            return f"{host} is not a public address ({address}); this server only fetches public pages"
    return None
