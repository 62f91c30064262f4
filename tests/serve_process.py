"""`overdue-bot serve --workers N` as a real process on loopback, and WeChat messages to it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

import httpx
from live_server import TOKEN, signed_query, wechat_xml
from redis_server import free_port

from bot.privacy import user_tag

SALT = "salt-for-the-multi-worker-tests"
_LINE = re.compile(r"^\S+ \S+ (\d+) bot\.(?:messages|telegram) (answered|rate limited) user=(\S+)")


class ServeProcess:
    """One `overdue-bot serve` (parent and workers), its log in a file."""

    def __init__(
        self, directory: Path, redis_url: str | None, workers: int = 2,
        faq: Path | None = None, **env: str,
    ) -> None:
        self.port, self.workers, self.log = free_port(), workers, directory / "serve.log"
        self.faq = faq
        self.env = {
            **os.environ,
            "WECHAT_TOKEN": TOKEN,
            "OVERDUE_BOT_LOG_SALT": SALT,
            **({"REDIS_URL": redis_url} if redis_url else {}),
            **env,
        }
        for name in ("WECHAT_AES_KEY", "WECHAT_APP_ID", "WECOM_CORP_ID", "BRIDGE_SECRET"):
            self.env.pop(name, None)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start it and wait until every worker has started."""
        command = [
            sys.executable, "-m", "bot", *(["--faq", str(self.faq)] if self.faq else []),
            "serve", "--port", str(self.port), "--workers", str(self.workers),
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 30
        while self.text().count("Application startup complete") < self._started + self.workers:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("overdue-bot serve did not start:\n" + self.text()[-3000:])
            time.sleep(0.05)
        self._started += self.workers

    _started = 0

    def stop(self) -> None:
        """Stop it as a service manager would (SIGTERM), and wait."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def text(self) -> str:
        """Everything the server has logged so far."""
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def handled(self, user_id: object, platform: str = "wx") -> dict[str, list[str]]:
        """For one user: 'answered' and 'rate limited' -> the pids of the workers that did it."""
        tag = user_tag(platform, user_id, SALT.encode())
        seen: dict[str, list[str]] = defaultdict(list)
        for line in self.text().splitlines():
            match = _LINE.match(line)
            if match and match.group(3) == tag:
                seen[match.group(2)].append(match.group(1))
        return seen


def ask(client: httpx.Client, openid: str, text: str, msg_id: int | str) -> str:
    """Send one signed plain-mode text message to /wechat; the reply's Content."""
    body = wechat_xml("text.xml", openid, text, str(msg_id)).encode()
    response = client.post("/wechat", params=signed_query(), content=body)
    response.raise_for_status()
    return ElementTree.fromstring(response.content).findtext("Content") or ""


def at_once(url: str, messages: list[tuple[str, str, int]]) -> list[str]:
    """Send (openid, text, msg_id) messages all at once, each on a new connection; the replies."""
    with ThreadPoolExecutor(len(messages)) as pool:
        return list(pool.map(lambda m: ask(fresh_client(url), *m), messages))


def fresh_client(url: str) -> httpx.Client:
    """A client that opens a new connection per request, so the kernel picks a worker each time."""
    limits = httpx.Limits(max_keepalive_connections=0)
    return httpx.Client(base_url=url, timeout=15, limits=limits)
