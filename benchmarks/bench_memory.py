"""Server memory under load: RSS after 100 000 distinct users, and during a slow-client flood.

    python benchmarks/bench_memory.py [--users 100000] [--concurrency 64]
                                      [--slow 900] [--slow-bodies 100]

The server is `overdue-bot serve` itself, a child process (plain-mode Official Account and
the bridges on). Its RSS is read from /proc/PID/status (VmRSS now, VmHWM the peak).

1. Users: `--users` text messages on POST /wechat, each from a distinct openid with its own
   MsgId (the dedupe store, the rate limiter, the conversation memory all see a new user),
   over `--concurrency` keep-alive connections. RSS is printed every quarter.
2. Slow clients: `--slow` connections send 15 KB of headers and trickle the rest a byte a
   second, `--slow-bodies` send 65 000 bytes of a 64 KB /bridge body and trickle the rest;
   /healthz is timed. RSS is printed at the flood's height, then once the read timeout has
   cut the slow clients off. Then SIGTERM, and the exit code.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.wechat_crypto import sha1_signature  # noqa: E402

TOKEN = "bench-token"
QUESTIONS = ["逾期会联系我家人吗", "逾期45天会怎样", "逾期会上征信吗", "会不会被起诉",
             "还不上钱怎么协商", "遇到暴力催收怎么投诉", "信用卡逾期三个月会坐牢吗", "你好",
             "分期乐逾期20天会上门吗", "欠钱还不上我不想活了"]
BODY = ("<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[o{user:08d}"
        "]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]>"
        "</MsgType><Content><![CDATA[{text}]]></Content><MsgId>{user}</MsgId></xml>")


def rss(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of `pid` in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    values = {k: int(v) / 1024 for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M)}
    return values["VmRSS"], values["VmHWM"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "WECHAT_TOKEN": TOKEN, "BRIDGE_SECRET": "bench-bridge-secret-0123456789"}
    server = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port), "--log-level", "warning"],
        env=env, cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def request(port: int, user: int) -> bytes:
    ts, nonce = str(int(time.time())), str(user)
    body = BODY.format(user=user, text=QUESTIONS[user % len(QUESTIONS)]).encode()
    target = f"/wechat?timestamp={ts}&nonce={nonce}&signature={sha1_signature(TOKEN, ts, nonce)}"
    head = (f"POST {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/xml\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


async def read_response(reader: asyncio.StreamReader) -> int:
    """The status of one response (its body read and dropped)."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = int(re.search(rb"content-length: (\d+)", head, re.I).group(1))
    await reader.readexactly(length)
    return int(head.split(b" ", 2)[1])


async def users_phase(port: int, pid: int, users: int, concurrency: int) -> None:
    counter = iter(range(users))
    statuses: dict[int, int] = {}
    done = 0
    marks = {users * q // 4 for q in (1, 2, 3, 4)}
    started = time.monotonic()

    async def connection() -> None:
        nonlocal done
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for user in counter:
            writer.write(request(port, user))
            status = await read_response(reader)
            statuses[status] = statuses.get(status, 0) + 1
            done += 1
            if done in marks:
                now_rss, peak = rss(pid)
                print(f"  after {done:>7} users: RSS {now_rss:6.1f} MB (peak {peak:6.1f} MB), "
                      f"{done / (time.monotonic() - started):5.0f} requests/s", flush=True)
        writer.close()

    await asyncio.gather(*(connection() for _ in range(concurrency)))
    print(f"  statuses: {statuses}")


async def trickle(port: int, burst: bytes, slowly: bytes, stop: asyncio.Event) -> None:
    """Send `burst` at once, then `slowly` a byte a second, until the server hangs up."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return
    try:
        writer.write(burst)
        for byte in slowly:
            writer.write(bytes([byte]))
            await writer.drain()
            read = asyncio.ensure_future(reader.read(1024))
            await asyncio.wait([read], timeout=1.0)
            if not read.done():
                read.cancel()
            if read.done() or stop.is_set():
                return
    except OSError:
        return
    finally:
        writer.close()


async def slow_phase(port: int, pid: int, slow: int, bodies: int) -> None:
    stop = asyncio.Event()
    # Headers of almost 16 KB (h11's cap) that never end; bridge bodies of almost 64 KB
    # (the cap of an unauthenticated body: the signature is checked once it is all in).
    headers = b"POST /wechat HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 15_000
    body_head = (b"POST /bridge HTTP/1.1\r\nHost: x\r\nX-Bridge-Signature: sha256=0\r\n"
                 b"X-Bridge-Timestamp: 1\r\nContent-Length: 65536\r\n\r\n")
    tasks = [asyncio.ensure_future(trickle(port, headers, b"b" * 60, stop)) for _ in range(slow)]
    for _ in range(bodies):
        burst = body_head + b"x" * 65_000
        tasks.append(asyncio.ensure_future(trickle(port, burst, b"x" * 60, stop)))
    await asyncio.sleep(5)
    now_rss, peak = rss(pid)
    started = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    status = await read_response(reader)
    writer.close()
    print(f"  {slow} + {bodies} slow clients open: RSS {now_rss:6.1f} MB (peak {peak:6.1f} MB); "
          f"/healthz {status} in {(time.monotonic() - started) * 1000:.0f} ms", flush=True)
    await asyncio.sleep(8)  # past the 10 s read timeout
    now_rss, peak = rss(pid)
    open_ = sum(not t.done() for t in tasks)
    print(f"  after the read timeout: RSS {now_rss:6.1f} MB (peak {peak:6.1f} MB), "
          f"{open_} slow clients still connected")
    stop.set()
    await asyncio.gather(*tasks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--slow", type=int, default=1000)
    parser.add_argument("--slow-bodies", type=int, default=500)
    args = parser.parse_args()
    port = free_port()
    server = start_server(port)
    try:
        print(f"started: RSS {rss(server.pid)[0]:6.1f} MB")
        print(f"{args.users} distinct users on POST /wechat:")
        asyncio.run(users_phase(port, server.pid, args.users, args.concurrency))
        print("slow clients:")
        asyncio.run(slow_phase(port, server.pid, args.slow, args.slow_bodies))
        server.terminate()
        print(f"SIGTERM: exit code {server.wait(timeout=30)}")
    finally:
        if server.poll() is None:
            server.kill()


if __name__ == "__main__":
    main()
