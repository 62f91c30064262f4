"""One worker in memory against two workers sharing Redis: requests/s, p50/p99, Redis's share.

    apt-get install -y wrk redis-server      # the load generator and the store (Debian)
    pip install py-spy                       # only for --profile
    python benchmarks/bench_workers.py [--connections 200] [--seconds 10] [--rounds 3]
                                       [--workers 2] [--unix-socket] [--profile]

Each configuration is the real `overdue-bot serve` (its own processes) on loopback, loaded
by wrk with POST /wechat: closed loop, every request a signed text message from a new user,
the questions of bench_wechat taken in turn. The second configuration adds a redis-server
started here on a free port; its command and memory counters give the Redis operations
and round trips per message and the memory each user holds while their keys live.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import redis

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_wechat import TOKEN, free_port, healthy, wrk  # noqa: E402


def start_redis(directory: str, unix: bool) -> tuple[subprocess.Popen[bytes], str]:
    """A throwaway redis-server: no persistence, loopback (and a Unix socket) only."""
    port, sock = free_port(), f"{directory}/redis.sock"
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", directory, "--unixsocket", sock,
         "--unixsocketperm", "700"],
        stdout=subprocess.DEVNULL,
    )
    url = f"unix://{sock}?db=0" if unix else f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(200):
        try:
            client.ping()
            return process, url
        except redis.ConnectionError:
            time.sleep(0.02)
    raise RuntimeError("redis-server did not start")


def serve(workers: int, redis_url: str | None) -> tuple[subprocess.Popen[bytes], str]:
    """`overdue-bot serve --workers N`, answering /healthz on every worker."""
    port = free_port()
    env = {**os.environ, "WECHAT_TOKEN": TOKEN, "OVERDUE_BOT_LOG_SALT": "bench-salt"}
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    command = [sys.executable, "-m", "bot", "serve", "--port", str(port),
               "--workers", str(workers), "--log-level", "warning"]
    process = subprocess.Popen(command, env=env)
    url = f"http://127.0.0.1:{port}"
    if not healthy(url):
        raise RuntimeError("the server did not start")
    time.sleep(1.5 * workers)  # the other workers load their engines too
    return process, url


def cpu_seconds(root: int) -> float:
    """User + system CPU time of process `root` and its descendants (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    tree, grown = {root}, True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grown = bool(more)
    return sum(times.get(pid, 0.0) for pid in tree)


# Where a worker's time goes, by the module a sampled stack is in (innermost match wins).
AREAS = [
    ("engine (matching, composing)", ("bot/engine.py", "bot/matcher.py", "bot/days.py",
                                      "bot/text.py", "bot/segment.py", "jieba", "rapidfuzz",
                                      "opencc", "bot/platforms.py")),
    ("shared state: Redis client, dedupe, limits", ("redis/", "bot/redis_", "bot/state",
                                                   "bot/dedupe", "bot/ratelimit")),
    ("WeChat XML, signature", ("bot/wechat", "defusedxml", "xml/etree", "ElementTree")),
    ("HTTP and ASGI (uvicorn, Starlette)", ("uvicorn", "starlette", "httptools", "h11")),
]


def children(pid: int) -> list[int]:
    """The direct child processes of `pid` (the uvicorn workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def profile(pid: int, seconds: int) -> dict[str, float]:
    """Sample one worker with py-spy while it is loaded; the share of time per area."""
    with tempfile.NamedTemporaryFile(suffix=".txt") as out:
        subprocess.run(
            ["py-spy", "record", "-p", str(pid), "-d", str(seconds), "-r", "250", "-f", "raw",
             "-o", out.name, "--nonblocking"],
            capture_output=True, check=True,
        )
        shares: dict[str, float] = {}
        total = 0
        for row in Path(out.name).read_text().splitlines():
            stack, _, count = row.rpartition(" ")
            total += int(count)
            area = next(
                (
                    name
                    for frame in reversed(stack.split(";"))
                    for name, parts in AREAS
                    if any(part in frame for part in parts)
                ),
                "other (event loop, asyncio)",
            )
            shares[area] = shares.get(area, 0) + int(count)
    return {area: count / max(total, 1) for area, count in shares.items()}


def run(
    workers: int, store: subprocess.Popen[bytes], redis_url: str | None,
    args: argparse.Namespace, first_id: int,
) -> dict:
    """Warm up, then measure one configuration, CPU time included."""
    process, url = serve(workers, redis_url)
    try:
        wrk(url, args.connections, 2, first_msg_id=first_id)  # warm-up: connections, caches
        client = redis.Redis.from_url(redis_url, decode_responses=True) if redis_url else None
        if client:
            client.flushdb()
            client.config_resetstat()
            before = client.info("memory")["used_memory"]
        cpu = cpu_seconds(process.pid), cpu_seconds(store.pid)
        sampler = None
        if args.profile:
            # The busiest child: uvicorn's workers, not multiprocessing's resource tracker.
            worker = max(children(process.pid) or [process.pid], key=cpu_seconds)
            sampler = ThreadPoolExecutor(1).submit(profile, worker, max(1, args.seconds - 2))
        result = wrk(url, args.connections, args.seconds, first_msg_id=first_id + 10_000_000)
        result["profile"] = sampler.result() if sampler else {}
        result["server_ms"] = (cpu_seconds(process.pid) - cpu[0]) * 1000 / result["requests"]
        result["redis_ms"] = (cpu_seconds(store.pid) - cpu[1]) * 1000 / result["requests"]
        if client:
            stats = client.info("commandstats")
            calls = {k.removeprefix("cmdstat_"): v["calls"] for k, v in stats.items()}
            result["commands"] = calls
            result["users"] = result["requests"]  # a new user per request
            result["memory"] = client.info("memory")["used_memory"] - before
            result["keys"] = client.dbsize()
            result["per_key"] = key_sizes(client)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return result


def key_sizes(client: redis.Redis) -> dict[str, float]:
    """The mean MEMORY USAGE of each kind of key (a sample of 200 of each)."""
    sizes = {}
    for kind in ("ctx", "rate", "rest", "dedupe"):
        keys = []
        for key in client.scan_iter(match=f"overdue-bot:{kind}:*", count=1000):
            keys.append(key)
            if len(keys) == 200:
                break
        if keys:
            sizes[kind] = sum(client.memory_usage(k) or 0 for k in keys) / len(keys)
    return sizes


def median(results: list[dict]) -> dict:
    """The run with the median requests/s, its p50/p99 and CPU figures the medians of all."""
    middle = sorted(results, key=lambda r: r["rate"])[len(results) // 2]
    merged = dict(middle)
    for figure in ("p50", "p99", "server_ms", "redis_ms"):
        merged[figure] = statistics.median(r[figure] for r in results)
    return merged


def line(name: str, result: dict) -> str:
    """One configuration's figures."""
    redis_cpu = f", Redis {result['redis_ms']:.3f} ms" if result["redis_ms"] > 0 else ""
    return (
        f"{name:<28} {result['rate']:6.0f} requests/s  p50 {result['p50']:6.1f} ms  "
        f"p99 {result['p99']:6.1f} ms  CPU per request: server {result['server_ms']:.2f} ms"
        f"{redis_cpu}  non-2xx {result['errors']}"
    )


def main() -> int:
    """Measure both configurations and print them, the ratio and Redis's share."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each configuration")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--unix-socket", action="store_true",
        help="reach Redis through a Unix socket (REDIS_URL=unix://...) rather than TCP",
    )
    parser.add_argument(
        "--profile", action="store_true",
        help="also sample one worker with py-spy (pip install py-spy) and say where time goes",
    )
    args = parser.parse_args()
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            print(f"{tool} is not installed (apt-get install -y {tool})", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory() as directory:
        store, redis_url = start_redis(directory, args.unix_socket)
        try:
            # Alternated, a fresh server each time, the median kept: other processes on the
            # machine move single runs by a third or more.
            rounds = [
                (
                    run(1, store, None, args, first_id=100_000_000 * (2 * i + 1)),
                    run(args.workers, store, redis_url, args, first_id=100_000_000 * (2 * i + 2)),
                )
                for i in range(args.rounds)
            ]
        finally:
            store.terminate()
            store.wait(timeout=10)
    alone, shared = median([a for a, _ in rounds]), median([b for _, b in rounds])
    print(
        f"POST /wechat, wrk (1 thread), {args.connections} connections, closed loop, "
        f"{args.seconds} s each, median of {args.rounds} alternated runs, "
        f"{os.cpu_count()} CPUs shared by server, Redis and wrk"
    )
    for name, index in (("1 worker in memory", 0), (f"{args.workers} workers Redis", 1)):
        runs = ", ".join(f"{r[index]['rate']:.0f}/s p99 {r[index]['p99']:.0f} ms" for r in rounds)
        print(f"  runs, {name}: {runs}")
    print(line("1 worker, state in memory", alone))
    via = "Unix socket" if args.unix_socket else "TCP"
    print(line(f"{args.workers} workers, Redis ({via})", shared))
    print(
        f"ratio {shared['rate'] / alone['rate']:.2f}x requests/s, "
        f"p99 {shared['p99'] / alone['p99']:.2f}x"
    )
    commands = shared["commands"]
    total = sum(commands.values())
    per = shared["requests"] or 1
    # Scripts run their commands inside Redis: the client's round trips are the scripts
    # plus the commands sent outside them (the two SETs and a DEL).
    inside = ("time", "hmget", "hset", "expire", "get")
    trips = total - sum(commands.get(c, 0) for c in inside) - per  # minus each claim's SET
    print(
        f"Redis: {total / per:.2f} commands per message "
        f"({', '.join(f'{k} {v / per:.2f}' for k, v in sorted(commands.items()))}); "
        f"{trips / per:.2f} commands sent per message, batched with other requests'"
    )
    sizes = shared["per_key"]
    print(
        f"Redis memory: {shared['memory'] / shared['users']:.0f} bytes per user who sent one "
        f"message ({shared['keys']} live keys for {shared['users']} users); by key: "
        + ", ".join(f"{kind} {size:.0f} B" for kind, size in sizes.items())
        + " (context kept 30 min, rate bucket ~11 s, dedupe reply 60 s)"
    )
    for name, result in (("1 worker in memory", alone), ("a worker with Redis", shared)):
        if result["profile"]:
            shares = sorted(result["profile"].items(), key=lambda item: -item[1])
            print(f"where {name} spends its time (py-spy): "
                  + ", ".join(f"{area} {share:.0%}" for area, share in shares))
    ok = not alone["errors"] and not shared["errors"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
