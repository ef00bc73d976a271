"""A closed-loop HTTP/1.1 load generator on asyncio: N connections, each sending its next request
when the last one's response has been read in full, keeping the connection alive.

One event loop in one process waits far more than it computes at the rates this site serves
(tens to hundreds of requests/s), so the latency it records is the server's plus loopback's,
measured from writing the request to reading the response's last byte. Being closed-loop, it
records no latency for requests it could not send while the server was slow ("coordinated
omission"): read p99 with the requests/s beside it.

Every failure is counted by kind: an HTTP status other than 2xx/3xx, a timeout, or a connection
error (refused, reset, closed mid-response). After a failure the connection is opened afresh.
"""

import asyncio
import math
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field


class ConnectionClosed(Exception):
    pass


@dataclass
class Results:
    latencies: dict = field(default_factory=lambda: defaultdict(list))  # kind → [ms]
    statuses: Counter = field(default_factory=Counter)  # (kind, status) → count
    failures: Counter = field(default_factory=Counter)  # (kind, "http 502" | "timeout" | "connection …") → count
    windows: Counter = field(default_factory=Counter)  # second since start → completed requests
    failure_times: list = field(default_factory=list)  # seconds since start of each failure
    started: float = 0.0
    elapsed: float = 0.0

    @property
    def requests(self):
        return sum(len(values) for values in self.latencies.values())

    @property
    def failed(self):
        return sum(self.failures.values())

    def merged(self):
        return sorted(ms for values in self.latencies.values() for ms in values)


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(p / 100 * len(sorted_values)) - 1))]


async def _read_response(reader):
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionClosed("closed before the response")
    status = int(status_line.split()[1])
    headers = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n"):
            break
        if not line:
            raise ConnectionClosed("closed in the headers")
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip().lower()
    if b"content-length" in headers:
        await reader.readexactly(int(headers[b"content-length"]))
    elif headers.get(b"transfer-encoding") == b"chunked":
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.read()  # until the server closes
        headers[b"connection"] = b"close"
    return status, headers.get(b"connection") == b"close"


async def _connection(number, port, plan, results, deadline, timeout, seed, host_ip):
    rng = random.Random(seed * 1000 + number)
    kinds, weights = zip(*[(kind, weight) for kind, (weight, _urls) in plan.items()], strict=True)
    reader = writer = None
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        host, path = rng.choice(plan[kind][1])
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: governance-load\r\n"
            "Accept: text/html,*/*\r\nAccept-Encoding: gzip\r\n\r\n"
        ).encode()
        start = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host_ip, port, limit=1 << 22), timeout)
            writer.write(request)
            status, close = await asyncio.wait_for(_read_response(reader), timeout)
        except TimeoutError:
            failure = "timeout"
        except (ConnectionError, ConnectionClosed, asyncio.IncompleteReadError, OSError) as error:
            failure = f"connection {type(error).__name__}"
        else:
            now = time.monotonic()
            results.latencies[kind].append((now - start) * 1000)
            results.statuses[(kind, status)] += 1
            results.windows[int(now - results.started)] += 1
            if not 200 <= status < 400:
                results.failures[(kind, f"http {status}")] += 1
                results.failure_times.append(now - results.started)
            if close:
                writer.close()
                reader = writer = None
            continue
        results.failures[(kind, failure)] += 1
        results.failure_times.append(time.monotonic() - results.started)
        if writer is not None:
            writer.close()
        reader = writer = None
        await asyncio.sleep(0.05)  # a refused connection returns at once: do not spin
    if writer is not None:
        writer.close()


async def _run(port, plan, connections, duration, timeout, seed, host_ip):
    results = Results(started=time.monotonic())
    deadline = results.started + duration
    await asyncio.gather(
        *(_connection(n, port, plan, results, deadline, timeout, seed, host_ip) for n in range(connections))
    )
    results.elapsed = time.monotonic() - results.started
    return results


def run(port, plan, *, connections, duration, timeout=30.0, seed=2026, host_ip="127.0.0.1"):
    """Load `plan` = {kind: (weight, [(host header, path)])} and return the Results."""
    return asyncio.run(_run(port, plan, connections, duration, timeout, seed, host_ip))
