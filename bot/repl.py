"""The interactive chat in a terminal: the front end that needs no token and no server."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
from collections.abc import Callable

from .curator import Curator
from .digits import day_count, is_number
from .engine import Engine, Reply
from .reload import Reloader

PROMPT = "你 > "
USER = "repl"  # one person at one terminal: one conversation context
_COMMAND = re.compile(r"^/([A-Za-z]+)(?:\s+(.*))?$", re.S)


class Session:
    """One conversation: turns a typed line into the text to print."""

    def __init__(self, engine: Engine, curator: Curator | None = None) -> None:
        self.engine = engine
        self.curator = curator if curator is not None else Curator()
        self.reloader = Reloader(engine, [self])  # /reload swaps self.engine
        self._suggestions: tuple[str, ...] = ()

    def handle(self, line: str) -> str | None:
        """The reply to `line`, or None when the user wants to leave."""
        line = line.strip()
        if line in {"/quit", "/exit", "/q", "exit", "quit"}:
            return None
        if line in {"/help", "/start", "/h"}:
            return self.engine.message("help") + "\n\n" + self.engine.message("repl_commands")
        command = _COMMAND.match(line)
        if command:
            return self._command(command.group(1).lower(), (command.group(2) or "").strip())
        if Curator.word(self.engine, line) is not None:  # 有用 / 没用 after an answer: a vote
            thanks = asyncio.run(self.curator.take_word(self.engine, USER, line))
            if thanks is not None:
                return thanks
        if is_number(line, 3) and 1 <= int(line) <= len(self._suggestions):
            line = self._suggestions[int(line) - 1]
        reply = self.engine.answer(line, user=USER)
        self.curator.answered(self.engine, USER, line, reply)
        return self.render(reply)

    def _command(self, name: str, argument: str) -> str:
        """/timeline [N], /reload; anything else, or a bad day count, gets a usage hint."""
        if name == "reload" and not argument:
            ok, why = self.reloader.reload()
            if ok:
                count = len(self.engine.kb.intents)
                return self.engine.message("reload_done").format(intents=count)
            return self.engine.message("reload_failed").format(error=why)
        if name != "timeline":
            return self.engine.message("unknown_command")
        if not argument:
            return self.engine.timeline()
        days = day_count(argument)
        if days is None:
            return self.engine.message("timeline_usage")
        return self.engine.timeline(days)

    def render(self, reply: Reply) -> str:
        """An answer followed by numbered suggestions the user can pick by number."""
        self._suggestions = reply.suggestions
        if not reply.suggestions:
            return reply.answer
        numbered = "\n".join(f"  {i}. {s}" for i, s in enumerate(reply.suggestions, 1))
        hint = self.engine.message("pick_hint", reply.traditional)
        return f"{reply.answer}\n\n{hint}\n{numbered}"


def run(
    engine: Engine,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    curator: Curator | None = None,
) -> int:
    """Read questions until end of input or /quit; `read` and `write` are the test seam."""
    if read is input:
        with contextlib.suppress(ImportError):  # not on every platform
            import readline  # noqa: F401  - line editing and in-session history for input()
        if not sys.stdin.isatty():
            sys.stdin.reconfigure(errors="replace")
    session = Session(engine, curator)
    write(engine.message("welcome") + "\n" + engine.message("repl_commands") + "\n")
    while True:
        try:
            line = read(PROMPT)
        except EOFError:
            write("")
            return 0
        except KeyboardInterrupt:
            write("\n" + session.engine.message("goodbye"))
            return 0
        reply = session.handle(line)
        if reply is None:
            write(session.engine.message("goodbye"))
            return 0
        write(reply + "\n")
