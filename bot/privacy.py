"""Identifiers that are safe to log: users' raw ids never reach the logs."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

# A salt per process unless the operator sets one, so hashed ids cannot be reversed by
# hashing known ids; set OVERDUE_BOT_LOG_SALT to correlate logs across restarts.
_SALT = (os.environ.get("OVERDUE_BOT_LOG_SALT") or secrets.token_hex(16)).encode()


def user_tag(platform: str, raw_id: object) -> str:
    """A short, salted hash of a platform user id, for logs and conversation keys."""
    digest = hmac.new(_SALT, f"{platform}:{raw_id}".encode(), hashlib.sha256).hexdigest()
    return f"{platform}:{digest[:12]}"
