"""The httpx transport of the page fetcher (evals/bfcl/v4/fetch.py) that connects only where the URL guard allows.

Its own module so that httpx and httpcore are imported at the first fetch, not when BFCL v4 is
collected (their import was about a third of importing the task).
"""

from __future__ import annotations

from collections.abc import Callable

import httpcore
import httpx

from evals.bfcl.v4.url_guard import Resolver


class GuardedBackend(httpcore.SyncBackend):
    """Opens TCP connections only to addresses that pass the address policy (checked at connect time)."""

    def __init__(self, resolver: Resolver, policy: Callable[[str], str | None]):
        self._resolver = resolver
        self._policy = policy

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # type: ignore[override]
        try:
            addresses = [host] if _is_ip(host) else self._resolver(host, port)
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host!r}: {exc}") from None
        allowed = [a for a in addresses if self._policy(a) is None]
        if not addresses or len(allowed) != len(addresses):
            raise httpcore.ConnectError(f"refusing to connect to {host!r}: not a public address")
        return super().connect_tcp(allowed[0], port, timeout, local_address, socket_options)


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


class GuardedTransport(httpx.HTTPTransport):
    def __init__(self, resolver: Resolver, policy: Callable[[str], str | None]):
        super().__init__(retries=0)
        ssl_context = getattr(self._pool, "_ssl_context", None)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, network_backend=GuardedBackend(resolver, policy), retries=0
        )
