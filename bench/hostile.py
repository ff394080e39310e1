#!/usr/bin/env python3
"""Hostile HTTP load against a Recall Gate on this machine, to measure what it makes the service hold.

Usage: bench/hostile.py PORT [SECONDS] [CONNECTIONS]

Every connection loops until SECONDS have passed, each round one of:
  - a 256 KiB JSON body of 52,000 short strings (the most objects per byte a decoder builds),
    sent at full speed, or
  - the same body announced by Content-Length and sent slowly (1 KiB every 100 ms), or
  - a request head sent one header line a second (slowloris).
It prints the status codes it saw. Traffic goes to 127.0.0.1 only, for a bounded time.
"""
import asyncio, collections, random, sys, time

PORT = int(sys.argv[1])
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 30
CONNECTIONS = int(sys.argv[3]) if len(sys.argv) > 3 else 1500
BODY = ('[' + ','.join(['"ab"'] * 52000) + ']').encode()
BODY = BODY + b' ' * (256 * 1024 - len(BODY))
HEAD = ('POST /v1/recall-decisions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
        'Content-Length: %d\r\n\r\n' % len(BODY)).encode()
seen = collections.Counter()
deadline = time.monotonic() + SECONDS

async def read_status(reader):
    line = await asyncio.wait_for(reader.readline(), 40)
    if not line:
        return 'closed'
    status = line.split(b' ')[1].decode()
    length = 0
    while True:
        h = await asyncio.wait_for(reader.readline(), 40)
        if h in (b'\r\n', b''):
            break
        if h.lower().startswith(b'content-length:'):
            length = int(h.split(b':')[1])
    if length:
        await asyncio.wait_for(reader.readexactly(length), 40)
    return status

async def one(i):
    rnd = random.Random(i)
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection('127.0.0.1', PORT)
        except OSError:
            seen['connect refused'] += 1
            await asyncio.sleep(0.5)
            continue
        try:
            while time.monotonic() < deadline:
                kind = rnd.random()
                if kind < 0.6:
                    writer.write(HEAD + BODY)
                    await writer.drain()
                elif kind < 0.85:
                    writer.write(HEAD)
                    for k in range(0, len(BODY), 1024):
                        writer.write(BODY[k:k + 1024])
                        await writer.drain()
                        await asyncio.sleep(0.1)
                        if time.monotonic() > deadline:
                            break
                else:
                    writer.write(b'GET /health/live HTTP/1.1\r\n')
                    for k in range(60):
                        writer.write(b'X-Slow-%d: y\r\n' % k)
                        await writer.drain()
                        await asyncio.sleep(1)
                        if time.monotonic() > deadline:
                            break
                status = await read_status(reader)
                seen[status] += 1
                if status == 'closed':
                    break
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
            seen['reset or timeout'] += 1
        finally:
            writer.close()

async def main():
    await asyncio.gather(*(one(i) for i in range(CONNECTIONS)))
    print(dict(seen))

asyncio.run(main())
