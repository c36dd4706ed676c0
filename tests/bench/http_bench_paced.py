"""A paced client for tests/bench/http_bench.sh: one connection, one request every INTERVAL ms
(at once when a slow answer made it late), rotating through a request file like http_bench.lua's,
reconnecting whenever the server closes. wrk stops pacing once a server closes connections
(as it does with its own 503s), which would turn a probe or a writer into a flood.
  http_bench_paced.py URL REQUESTS_FILE INTERVAL_MS SECONDS [TOKEN]
Prints what http_bench.lua's done() prints:
  RESULT requests duration_us p50_us p99_us non2xx socket_errors"""

import http.client
import sys
import time
import urllib.parse

# Another client than wrk's 64 connections from 127.0.0.1, which fill the server's per-client
# connection limit (64): a probe or a writer comes from elsewhere.
SOURCE_ADDRESS = "127.0.0.2"


def parse(line):
    method, path, *rest = line.split(" ", 3)
    content_type, body = (rest + ["", ""])[:2]
    if body.startswith("@"):
        with open(body[1:], "rb") as f:
            body = f.read().decode()
    return method, path, content_type, body


def percentile(sorted_values, p):
    if not sorted_values:
        return 0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


def main():
    url, requests_file, interval_ms, seconds = sys.argv[1:5]
    token = sys.argv[5] if len(sys.argv) > 5 else ""
    target = urllib.parse.urlsplit(url)
    with open(requests_file) as f:
        requests = [parse(line.rstrip("\n")) for line in f if line.strip()]
    interval = int(interval_ms) / 1000
    latencies, non2xx, socket_errors = [], 0, 0
    connection = None
    start = time.monotonic()
    end = start + int(seconds)
    due = start
    sent = 0
    while True:
        now = time.monotonic()
        if due >= end:
            break
        if due > now:
            time.sleep(due - now)
        due += interval
        method, path, content_type, body = requests[sent % len(requests)]
        flip = "true" if (sent // len(requests)) % 2 == 0 else "false"
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if content_type:
            headers["Content-Type"] = content_type
        sent += 1
        began = time.monotonic()
        try:
            if connection is None:
                connection = http.client.HTTPConnection(
                    target.hostname, target.port, timeout=10, source_address=(SOURCE_ADDRESS, 0))
            connection.request(method, path, body.replace("{flip}", flip) or None, headers)
            response = connection.getresponse()
            response.read()
            latencies.append(time.monotonic() - began)
            if response.status > 399:  # as wrk counts them
                non2xx += 1
            if response.will_close:
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException):
            socket_errors += 1
            if connection is not None:
                connection.close()
            connection = None
    duration = time.monotonic() - start
    latencies.sort()
    print(f"RESULT {len(latencies)} {int(duration * 1e6)} {int(percentile(latencies, 50) * 1e6)} "
          f"{int(percentile(latencies, 99) * 1e6)} {non2xx} {socket_errors}")


if __name__ == "__main__":
    main()
