"""HTTP sessions for live sources: bounded retries with backoff, from requests/urllib3."""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import InvalidHeader
from urllib3.util.retry import Retry

RETRY_STATUSES = (429, 500, 502, 503, 504)
#: Longest wait a server's ``Retry-After`` can impose before a retry (seconds). A 429 asking
#: for an hour must not hold a page request (or a worker) for an hour: past this, the retry
#: happens after this many seconds and, if it fails too, the error is reported.
MAX_RETRY_AFTER = 10.0


class BoundedRetry(Retry):
    """urllib3 ``Retry`` whose ``Retry-After`` waits are capped at :data:`MAX_RETRY_AFTER`."""

    def get_retry_after(self, response):
        """The server's ``Retry-After`` in seconds, at most :data:`MAX_RETRY_AFTER`.

        A header that is neither seconds nor an HTTP date counts as absent (the normal backoff
        applies) instead of raising ``InvalidHeader`` out of the request.
        """
        try:
            seconds = super().get_retry_after(response)
        except InvalidHeader:
            return None
        return None if seconds is None else min(float(seconds), MAX_RETRY_AFTER)


def retrying_session(
    *, total: int = 3, backoff_factor: float = 0.5, user_agent: str | None = None
) -> requests.Session:
    """A ``requests.Session`` that retries 429 and 5xx answers and connection errors.

    Args:
        total: Maximum number of retries per request (bounded). Connection failures and
            read timeouts are retried at most once: a host that does not answer is reported
            after two timeouts, not ``total + 1``.
        backoff_factor: urllib3 backoff; sleeps ``backoff_factor * 2**(n-1)`` seconds before
            the n-th retry after the first, and honours ``Retry-After`` on 429/503 up to
            :data:`MAX_RETRY_AFTER` seconds.
        user_agent: Optional User-Agent header (SEC requires a descriptive one).
    """
    retry = BoundedRetry(
        total=total, connect=min(1, total), read=min(1, total), status=total,
        backoff_factor=backoff_factor, status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}), raise_on_status=False,
        respect_retry_after_header=True,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    if user_agent:
        session.headers["User-Agent"] = user_agent
    return session


def session_retries(session: requests.Session | None) -> int:
    """How many times ``session`` itself retries a failed answer (0 for a plain session)."""
    if session is None:
        return 0
    retries = getattr(session.get_adapter("https://example.org"), "max_retries", None)
    total = getattr(retries, "total", 0)
    return int(total) if isinstance(total, int) and not isinstance(total, bool) else 0


#: pandas-datareader's own retries (its ``retry_count``), used only with a session that does
#: not retry by itself, so that retries are never stacked (4 x 2 requests per failure).
READER_RETRIES = 1


def reader_retry_count(session: requests.Session | None) -> int:
    """``retry_count`` for a pandas-datareader reader on ``session`` (0 when the session retries)."""
    return 0 if session_retries(session) else READER_RETRIES


def download_problem(status: int | None, exc: Exception, *, session: requests.Session | None,
                     timeout: float, not_found: str) -> tuple[str, BaseException]:
    """What went wrong with a pandas-datareader download, and the exception to chain from.

    Args:
        status: The last HTTP status the reader saw (``None``: no answer at all).
        exc: The reader's ``RemoteDataError``.
        session: The session used (decides how many attempts were made).
        timeout: Seconds per request (named when the host did not answer in time).
        not_found: Hint for 400/404 (``"no such series?"``).

    pandas-datareader swallows the requests exception of an unreachable host; a
    ``ConnectionError`` is chained in its place so callers (``loaders.source.is_unreachable``)
    can tell "host unreachable" (or not answering) from a bad answer.
    """
    own = session_retries(session)
    if status is not None:
        if status in (400, 404):
            return f"HTTP {status} ({not_found})", exc
        return f"HTTP {status} after {1 + (own or READER_RETRIES)} attempts", exc
    attempts = 1 + (min(1, own) if own else READER_RETRIES)
    detail = (str(exc).split("Exception:\n")[-1].strip().splitlines() or ["no answer"])[-1]
    cause = ConnectionError(detail)
    cause.__cause__ = exc
    if "timed out" in detail.lower():
        return f"no answer within {timeout:g} seconds, {attempts} attempts ({detail})", cause
    return f"could not connect after {attempts} attempts ({detail})", cause
