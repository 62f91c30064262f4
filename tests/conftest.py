"""Shared fixtures: one engine for the session, and a copy of faq/ to break."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from redis_server import RedisServer

from bot.engine import Engine
from bot.knowledge import default_faq_dir

if TYPE_CHECKING:
    from fuzz_server import FuzzServer

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.from_faq(today=lambda: TODAY)


@pytest.fixture()
def fresh_engine(engine: Engine) -> Engine:
    """An engine with its own conversation memory (the knowledge base is shared)."""
    return Engine(engine.kb, today=lambda: TODAY)


@pytest.fixture()
def faq_copy(tmp_path: Path) -> Path:
    """A writable copy of the knowledge base."""
    target = tmp_path / "faq"
    shutil.copytree(default_faq_dir(), target)
    return target


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A real redis-server on a free loopback port, for the whole session (skips without one)."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture(scope="module")
def fuzz_live(engine: Engine) -> Iterator[FuzzServer]:
    """A real server with every endpoint on and its log watched, for one fuzz module."""
    from fuzz_server import fuzz_server

    with fuzz_server(engine) as running:
        yield running


@pytest.fixture()
def alive_after(fuzz_live: FuzzServer) -> Iterator[None]:
    """After the test: the server still answers and logged no error and no traceback."""
    yield
    fuzz_live.alive()
