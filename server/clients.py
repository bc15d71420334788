"""Who sent a request, for the rate limits of uploads and sign-ins."""

from __future__ import annotations

import ipaddress

from flask import has_request_context, request


def request_client() -> str:
    """The client of the current request (``local`` outside a request): the request's remote
    address; when that is a private or loopback address (a proxy in front, as nginx in
    docker-compose), the last address of ``X-Forwarded-For`` (the one that proxy appended)."""
    if not has_request_context():
        return "local"
    remote = request.remote_addr or "unknown"
    try:
        behind_proxy = ipaddress.ip_address(remote).is_private
    except ValueError:
        return remote
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    return forwarded[-1][:64] if behind_proxy and forwarded else remote
