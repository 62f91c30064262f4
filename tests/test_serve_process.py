"""`overdue-bot serve` as a real process: slow clients are cut off, SIGTERM ends it with 0."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

SLOW_HEADERS = b"POST /bridge HTTP/1.1\r\nHost: x\r\n"  # never finished
# With signature headers (any value), so the body is read before the signature is checked.
SLOW_BODY = (b"POST /bridge HTTP/1.1\r\nHost: x\r\nX-Bridge-Signature: sha256=0\r\n"
             b"X-Bridge-Timestamp: 1\r\nContent-Length: 100\r\n\r\n0123456789")


@dataclass
class Process:
    popen: subprocess.Popen
    port: int
    log: list[str]

    def connect(self, data: bytes) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        sock.sendall(data)
        return sock

    def stop(self) -> tuple[int, str]:
        """SIGTERM, then the exit code and the whole log."""
        self.popen.send_signal(signal.SIGTERM)
        code = self.popen.wait(timeout=15)
        assert self.popen.stderr is not None
        with self.popen.stderr:
            return code, "".join(self.log) + self.popen.stderr.read()


def start(*options: str) -> Process:
    env = {**os.environ, "BRIDGE_SECRET": "process-test-secret-0123456789"}
    for name in ("WECHAT_TOKEN", "WECOM_CORP_ID", "TELEGRAM_BOT_TOKEN"):
        env.pop(name, None)
    popen = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", "0", *options],
        env=env, stderr=subprocess.PIPE, text=True,
    )
    assert popen.stderr is not None
    log: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = popen.stderr.readline()
        log.append(line)
        found = re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", line)
        if found:
            return Process(popen, int(found.group(1)), log)
        if not line and popen.poll() is not None:
            break
    popen.kill()
    popen.wait()
    popen.stderr.close()
    raise AssertionError("the server did not start:\n" + "".join(log))


@pytest.fixture
def process() -> Iterator[Process]:
    running = start("--read-timeout", "1", "--shutdown-timeout", "2")
    yield running
    if running.popen.poll() is None:
        running.popen.kill()
        running.popen.wait()
    if running.popen.stderr is not None:
        running.popen.stderr.close()


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes (or resets) the connection within `seconds`."""
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            if sock.recv(1024) == b"":
                return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        pass
    return False


def test_slow_clients_are_cut_off_and_others_still_served(process: Process) -> None:
    with contextlib.ExitStack() as stack:
        slow = [stack.enter_context(process.connect(SLOW_HEADERS)) for _ in range(20)]
        slow += [stack.enter_context(process.connect(SLOW_BODY)) for _ in range(20)]
        process.connect(SLOW_BODY).close()  # a client that hangs up mid-body
        started = time.monotonic()
        assert httpx.get(f"http://127.0.0.1:{process.port}/healthz", timeout=5).text == "ok"
        assert all([closed_within(sock, 8) for sock in slow])
        assert time.monotonic() - started < 8  # read timeout 1 s (slack for a busy machine)
    code, log = process.stop()
    assert code == 0
    assert "Traceback" not in log and "ERROR" not in log, log
    assert "client went away" in log and "headers not received" in log


def test_sigterm_with_a_slow_body_in_flight_exits_0_at_once(process: Process) -> None:
    slow = process.connect(SLOW_BODY)
    time.sleep(0.2)  # the handler is waiting for the rest of the body
    started = time.monotonic()
    code, log = process.stop()
    slow.close()
    assert code == 0 and time.monotonic() - started < 3
    assert "Traceback" not in log and "ERROR" not in log, log


def test_sigterm_with_a_slow_body_and_long_timeouts_still_exits_0() -> None:
    running = start("--read-timeout", "60", "--shutdown-timeout", "1")
    slow = running.connect(SLOW_BODY)
    partial = running.connect(SLOW_HEADERS)
    time.sleep(0.2)
    started = time.monotonic()
    code, log = running.stop()
    slow.close()
    partial.close()
    assert code == 0 and time.monotonic() - started < 5
    assert "Traceback" not in log, log
