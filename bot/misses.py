"""The unanswered-question log (OVERDUE_BOT_MISSES): the bot's misses, scrubbed, as JSON lines."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .engine import Reply
from .scrub import scrub
from .text import has_text

logger = logging.getLogger("bot.misses")

LOW_SCORE = 0.55  # an answer below this score is logged as uncertain (threshold 0.42)
MAX_BYTES = 5 * 1024 * 1024  # the file is rotated (to FILE.1, FILE.2 …) past this size
BACKUPS = 3
MAX_QUESTION = 300  # characters of a question kept in the log

NO_INTENT, LOW, DOWNVOTE, FEEDBACK = "no_intent", "low_score", "downvote", "feedback"


def miss_reason(reply: Reply, threshold: float, low: float = LOW_SCORE) -> str | None:
    """Why `reply` is worth a curator's look ('no_intent', 'low_score'), or None if it is not."""
    if reply.intent is None:
        return NO_INTENT
    # A score of exactly the threshold was set by the engine (a bare day count, a follow-up),
    # not earned by the wording.
    if reply.score < low and abs(reply.score - threshold) > 1e-9:
        return LOW
    return None


class MissLog:
    """Appends one JSON object a line to `path`, rotating by size; safe across processes."""

    def __init__(
        self,
        path: Path,
        *,
        low: float = LOW_SCORE,
        max_bytes: int = MAX_BYTES,
        backups: int = BACKUPS,
        clock: Any = time.time,
    ) -> None:
        self.path, self.low, self.max_bytes, self.backups = Path(path), low, max_bytes, backups
        self._clock = clock
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> MissLog | None:
        """The log OVERDUE_BOT_MISSES names (OVERDUE_BOT_MISSES_BELOW: the low score), or None."""
        path = environ.get("OVERDUE_BOT_MISSES", "").strip()
        if not path:
            return None
        low = environ.get("OVERDUE_BOT_MISSES_BELOW", "").strip()
        try:
            return cls(Path(path), low=float(low) if low else LOW_SCORE)
        except ValueError:
            raise ValueError("OVERDUE_BOT_MISSES_BELOW must be a number such as 0.55") from None

    def answered(self, front: str, question: str, reply: Reply, threshold: float) -> bool:
        """Log `question` if `reply` missed or was unsure; True if it was logged."""
        reason = miss_reason(reply, threshold, self.low)
        if reason is None or not has_text(question):  # empty, or emoji only: nothing to learn
            return False
        self.write(entry(reason, front, scrub(question), reply))
        return True

    def feedback(
        self, front: str, helpful: bool, intent: str, topic: str | None, question: str | None
    ) -> None:
        """Log a 👍 or 👎 (with the scrubbed question it was about, for a 👎, when known)."""
        record: dict[str, Any] = {
            "kind": FEEDBACK if helpful else DOWNVOTE,
            "front": front,
            "helpful": helpful,
            "intent": intent,
            "topic": topic,
        }
        if not helpful and question:
            record["question"] = question
        self.write(record)

    def write(self, record: dict[str, Any]) -> None:
        """Append `record` with the time; a failing disk is logged (once a record), never raised."""
        record = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self._clock())), **record}
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8", "replace")
        try:
            with self._lock:
                self._append(line)
        except OSError as exc:
            logger.warning("cannot write the misses log %s: %s", self.path, exc.strerror)

    def _append(self, line: bytes) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # other workers append to the same file
            if os.fstat(fd).st_ino != _inode(self.path):  # another worker rotated it meanwhile
                os.close(fd)
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, line)
            if os.fstat(fd).st_size > self.max_bytes:
                self._rotate()
        finally:
            os.close(fd)  # releases the lock

    def _rotate(self) -> None:
        for index in range(self.backups - 1, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{index}")
            if older.exists():
                os.replace(older, self.path.with_name(f"{self.path.name}.{index + 1}"))
        os.replace(self.path, self.path.with_name(f"{self.path.name}.1"))


def _inode(path: Path) -> int:
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return -1


def entry(reason: str, front: str, question: str, reply: Reply) -> dict[str, Any]:
    """The log record of one missed question (already scrubbed): never a user id."""
    return {
        "kind": reason,
        "front": front,
        "question": question[:MAX_QUESTION],
        "intent": reply.intent,
        "topic": reply.topic,
        "score": round(reply.score, 3),
        "nearest": [[intent, round(score, 3)] for intent, score in reply.nearest],
        "days": reply.days,
        "platform": reply.platform,
    }


def front_of(user: str) -> str:
    """The front end of a user tag ('wx:1a2b…' -> 'wx')."""
    return user.partition(":")[0] or "unknown"
