"""Hot reload: load and check faq/ again, then swap a new engine in; a bad one changes nothing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Protocol

from .engine import Engine
from .knowledge import load

logger = logging.getLogger("bot.reload")


class HasEngine(Protocol):
    """A front end's object that answers through `self.engine`."""

    engine: Engine


class Reloader:
    """Owns the serving engine; `reload` builds a new one over a freshly loaded knowledge base
    (sharing the conversation store) and points every attached front-end object at it."""

    def __init__(self, engine: Engine, targets: list[Any] | None = None, base: Path | None = None):
        self.engine = engine
        self.base = base if base is not None else engine.kb.userdict.parent  # the faq/ folder
        self.targets: list[Any] = list(targets or [])
        self._building = threading.Lock()  # one reload at a time
        self._tasks: set[asyncio.Task[Any]] = set()
        self._queue: asyncio.Lock | None = None  # the async path's lock, made on its loop

    def attach(self, target: HasEngine) -> None:
        """Swap `target.engine` on every reload from now on."""
        target.engine = self.engine
        self.targets.append(target)

    def build(self) -> Engine:
        """A warmed-up engine over the knowledge base as it is on disk now; raises if it is bad."""
        old = self.engine
        kb = load(self.base)
        new = Engine(
            kb,
            threshold=old.threshold,
            trouble_threshold=old.trouble_threshold,
            store=old.store,
            today=old._today,
        )
        new.answer("逾期会怎样")  # everything loaded before the first user's question
        return new

    def swap(self, new: Engine) -> None:
        """Point every target at `new` (each assignment is atomic; a request in flight keeps the
        engine it started with)."""
        self.engine = new
        for target in self.targets:
            target.engine = new

    def reload(self) -> tuple[bool, str]:
        """Build and swap; (False, why) and the old engine keeps serving if the build fails."""
        with self._building:
            try:
                new = self.build()
            except Exception as exc:  # a KnowledgeError, bad YAML, a missing file …
                logger.error("knowledge base not reloaded, the old one keeps serving: %s", exc)
                return False, str(exc)
            self.swap(new)
        logger.info("knowledge base reloaded from %s: %d intents", self.base, len(new.kb.intents))
        return True, ""

    async def reload_async(self) -> tuple[bool, str]:
        """`reload`, with the loading in a thread so the event loop keeps answering; the swap
        itself happens on the loop, between requests."""
        if self._queue is None:
            self._queue = asyncio.Lock()
        async with self._queue:  # a second SIGHUP waits for the first reload, then loads again
            try:
                new = await asyncio.to_thread(self.build)
            except Exception as exc:
                logger.error("knowledge base not reloaded, the old one keeps serving: %s", exc)
                return False, str(exc)
            self.swap(new)
        logger.info("knowledge base reloaded from %s: %d intents", self.base, len(new.kb.intents))
        return True, ""

    def on_sighup(self, loop: asyncio.AbstractEventLoop) -> Callable[[], None]:
        """Reload on SIGHUP while `loop` runs (main thread, POSIX); the function undoes it."""
        try:
            loop.add_signal_handler(signal.SIGHUP, self._start, loop)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            return lambda: None  # not the main thread, or no SIGHUP on this platform
        logger.info("SIGHUP reloads the knowledge base (pid %d)", os.getpid())

        def remove() -> None:
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(signal.SIGHUP)

        return remove

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        task = loop.create_task(self.reload_async())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def forwarding_supervisor() -> type:
    """uvicorn's worker supervisor, with SIGHUP passed on to every worker (each reloads the
    knowledge base in place) instead of uvicorn's default of replacing the workers."""
    from uvicorn.supervisors import Multiprocess

    class Supervisor(Multiprocess):  # type: ignore[misc]
        def handle_hup(self) -> None:
            """Forward the SIGHUP to each worker."""
            logger.info("SIGHUP: %d workers reload the knowledge base", len(self.processes))
            for worker in self.processes:
                if worker.pid is not None:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(worker.pid, signal.SIGHUP)

    return Supervisor


def with_reload(
    reloader: Reloader, inner: Callable[[Any], Any] | None = None
) -> Callable[[Any], Any]:
    """A Starlette lifespan: `inner` (if any), with SIGHUP reloading while the app runs."""

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        remove = reloader.on_sighup(asyncio.get_running_loop())
        try:
            if inner is None:
                yield
            else:
                async with inner(app):
                    yield
        finally:
            remove()

    return lifespan
