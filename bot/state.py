"""Per-user state of the server (rate limit, follow-up context, rest of a reply): memory backend."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Protocol

from .conversation import Context, ConversationStore
from .engine import Engine, Reply
from .ratelimit import RateLimiter

CONTEXT_TTL = 1800  # seconds a follow-up keeps the previous question's context
REST_TTL = 1800  # seconds the unsent part of a shortened reply waits for `更多`
MAX_RESTS = 10_000  # users whose rest the memory backend keeps


@dataclass(frozen=True)
class Rest:
    """The unsent part of a shortened reply, and the script it is written in."""

    text: str
    traditional: bool


@dataclass
class Turn:
    """One message's view of a user's state: read when it arrives, written when it is answered.

    It is also the engine's conversation store for that one call (`get` / `put`)."""

    user: str  # the key of the follow-up context and of the rest
    allowed: bool  # whether the rate limit let this message through
    context: Context | None = None
    rest: Rest | None = None
    new_context: Context | None = None  # set by the engine
    new_rest: Rest | None = None
    rest_changed: bool = field(default=False, repr=False)

    def get(self, user: str) -> Context | None:
        """The context read for this turn's user (the engine's store interface)."""
        return self.context if user == self.user else None

    def put(self, user: str, context: Context) -> None:
        """Keep the engine's new context, written back when the turn ends."""
        if user == self.user:
            self.new_context = context

    def set_rest(self, rest: Rest | None) -> None:
        """Replace the stored rest (None: forget it) when the turn ends."""
        self.new_rest, self.rest_changed = rest, True


class UserState(Protocol):
    """Where per-user state lives: this process's memory, or a Redis shared by every worker."""

    async def begin(self, rate_key: str, user: str) -> Turn:
        """Take one message from `rate_key`'s allowance; if allowed, read `user`'s state."""
        ...

    async def end(self, turn: Turn) -> None:
        """Write what the turn changed."""
        ...


def answer_in_turn(engine: Engine, turn: Turn, text: str) -> Reply:
    """`engine.answer(text)` with `turn` as its conversation store for this one call.

    engine.answer is synchronous, so nothing else runs on this event loop while the store is
    swapped: concurrent requests never see each other's turn."""
    saved = engine.store
    engine.store = turn  # type: ignore[assignment]  # the same get/put interface
    try:
        return engine.answer(text, user=turn.user)
    finally:
        engine.store = saved


class MemoryState:
    """The state in this process: one worker, the REPL's server tests, and a Redis outage."""

    def __init__(
        self,
        limiter: RateLimiter,
        contexts: ConversationStore | None = None,
        max_rests: int = MAX_RESTS,
    ) -> None:
        self.limiter = limiter
        self.contexts = contexts if contexts is not None else ConversationStore(ttl=CONTEXT_TTL)
        self._rests: OrderedDict[str, Rest] = OrderedDict()
        self._max_rests = max_rests

    async def begin(self, rate_key: str, user: str) -> Turn:
        """Take a token; read the context and the rest."""
        if not self.limiter.allow(rate_key):
            return Turn(user, allowed=False)
        return Turn(user, True, self.contexts.get(user), self._rests.get(user))

    async def end(self, turn: Turn) -> None:
        """Keep the new context and rest."""
        if turn.new_context is not None:
            self.contexts.put(turn.user, turn.new_context)
        if turn.rest_changed:
            self._rests.pop(turn.user, None)
            if turn.new_rest is not None:
                self._rests[turn.user] = turn.new_rest
                while len(self._rests) > self._max_rests:
                    self._rests.popitem(last=False)
