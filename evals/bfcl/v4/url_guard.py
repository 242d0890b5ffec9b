"""Only http(s) URLs on public addresses may be fetched for the model.

The model chooses the URLs that `fetch_url_content` opens, so the suite refuses schemes other than
http/https and any host that resolves to a loopback, private, link-local, multicast, reserved,
unspecified or otherwise non-global address (IPv4 and IPv6, IPv4-mapped/compatible, 6to4 and
Teredo forms unwrapped). Every redirect hop is checked again, and the connection itself is made
to an address that was checked (see `fetch.py`), so a DNS answer cannot change between check and use.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

Resolver = Callable[[str, int], list[str]]


class BlockedURLError(ValueError):
    """The URL is not an http(s) URL on a public address."""


def system_resolver(host: str, port: int) -> list[str]:
    """All addresses `host` resolves to (A and AAAA)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    packed = ip.packed
    if packed[:12] == bytes(12) and packed[12:] != bytes(4):  # deprecated IPv4-compatible ::a.b.c.d
        return ipaddress.IPv4Address(packed[12:])
    if packed[:12] == bytes.fromhex("0064ff9b0000000000000000"):  # NAT64 64:ff9b::/96
        return ipaddress.IPv4Address(packed[12:])
    return None


def address_problem(address: str) -> str | None:
    """Why `address` must not be contacted, or None when it is a public unicast address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address!r} is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and not (ip.is_loopback or ip.is_unspecified):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            problem = address_problem(str(inner))
            return f"{address} embeds {problem}" if problem else None
    for label, flag in (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("site-local", getattr(ip, "is_site_local", False)),
        ("private", ip.is_private),
    ):
        if flag:
            return f"{ip} is not a public address ({label})"
    if not ip.is_global:
        return f"{ip} is not a globally routable address"
    return None


def check_url(
    url: str, resolver: Resolver = system_resolver, policy: Callable[[str], str | None] | None = None
) -> list[str]:
    """The checked addresses of the URL's host, or BlockedURLError saying why it is refused.

    `policy` judges each address (default `address_problem`); only tests widen it.
    """
    policy = policy or address_problem
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BlockedURLError(f"malformed URL: {exc}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise BlockedURLError(f"only http and https URLs may be fetched, not {parts.scheme or 'no scheme'!r}")
    host = parts.hostname
    if not host:
        raise BlockedURLError("the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise BlockedURLError("URLs with credentials are not fetched")
    port = port or (443 if parts.scheme.lower() == "https" else 80)
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = resolver(host, port)
        except OSError as exc:
            raise BlockedURLError(f"cannot resolve host {host!r}: {exc}") from None
    if not addresses:
        raise BlockedURLError(f"host {host!r} has no address")
    for address in addresses:
        problem = policy(address)
        if problem:
            raise BlockedURLError(f"refusing to fetch {host!r}: {problem}")
    return addresses
