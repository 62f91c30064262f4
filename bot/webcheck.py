"""Checks every webhook endpoint makes before any work: body size and signed-time freshness."""

from __future__ import annotations

import time

from starlette.exceptions import HTTPException
from starlette.requests import Request

from .digits import is_number

TIMESTAMP_DIGITS = 12  # Unix seconds have 10 digits until the year 2286


async def read_body(request: Request, cap: int) -> bytes:
    """The request body; 413 as soon as it is known to exceed `cap` bytes.

    A client that goes away mid-body raises Starlette's ClientDisconnect (the app answers it
    with one log line).
    """
    length = request.headers.get("content-length")
    if length is not None and (not is_number(length) or int(length) > cap):
        raise HTTPException(413 if is_number(length) else 400, "body too large")
    chunks, size = [], 0
    async for chunk in request.stream():  # a chunked body has no length to trust up front
        size += len(chunk)
        if size > cap:
            raise HTTPException(413, "body too large")
        chunks.append(chunk)
    return b"".join(chunks)


def require(params: dict[str, str] | object, *names: str) -> list[str]:
    """The named query or form values, or 400 naming the first one missing."""
    values = []
    for name in names:
        value = params.get(name)  # type: ignore[attr-defined]
        if not value:
            raise HTTPException(400, f"missing {name}")
        values.append(value)
    return values


def check_fresh(timestamp: str, max_skew: int, now: float | None = None) -> None:
    """403 unless `timestamp` (Unix seconds) is within `max_skew` seconds of now."""
    if not is_number(timestamp, TIMESTAMP_DIGITS):
        raise HTTPException(400, "timestamp is not a number")
    if abs((time.time() if now is None else now) - int(timestamp)) > max_skew:
        raise HTTPException(403, "stale timestamp")
