"""Identifiers that are safe to log: users' raw ids never reach the logs."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# Random per process unless a front end's settings pass one (OVERDUE_BOT_LOG_SALT), so a
# hashed id cannot be reversed by hashing known ids.
PROCESS_SALT = secrets.token_bytes(16)


def user_tag(platform: str, raw_id: object, salt: bytes = PROCESS_SALT) -> str:
    """A short, salted hash of a platform user id, for logs and conversation keys."""
    digest = hmac.new(salt, f"{platform}:{raw_id}".encode(), hashlib.sha256).hexdigest()
    return f"{platform}:{digest[:12]}"
