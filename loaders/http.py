"""HTTP sessions for live sources: bounded retries with backoff, from requests/urllib3."""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

RETRY_STATUSES = (429, 500, 502, 503, 504)


def retrying_session(
    *, total: int = 3, backoff_factor: float = 0.5, user_agent: str | None = None
) -> requests.Session:
    """A ``requests.Session`` that retries 429 and 5xx answers and connection errors.

    Args:
        total: Maximum number of retries per request (bounded).
        backoff_factor: urllib3 backoff; sleeps ``backoff_factor * 2**(n-1)`` seconds,
            and honours ``Retry-After`` on 429/503.
        user_agent: Optional User-Agent header (SEC requires a descriptive one).
    """
    retry = Retry(
        total=total, connect=min(1, total), read=total, status=total, backoff_factor=backoff_factor,
        status_forcelist=RETRY_STATUSES, allowed_methods=frozenset({"GET", "HEAD"}),
        raise_on_status=False, respect_retry_after_header=True,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    if user_agent:
        session.headers["User-Agent"] = user_agent
    return session
