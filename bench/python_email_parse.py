#!/usr/bin/env python3
"""Python's email package parsing a directory of mails, as bench/intake_bench.sh compares it.

Each message is parsed with the modern policy and every part's content decoded (what reading a
report needs), nothing more: no indicator extraction, so the comparison favours Python.
Usage: python_email_parse.py DIR [SECONDS]"""
import email
import email.policy
import os
import sys
import time


def main():
    directory = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    mails = []
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), "rb") as handle:
            mails.append(handle.read())
    parsed = 0
    # CPU time of this thread, as intake_corpus measures (the machine is shared); bounded at
    # four times SECONDS of wall time.
    start = time.perf_counter()
    cpu_start = time.thread_time()
    elapsed = 0.0
    cpu = 0.0
    while cpu < seconds and elapsed < 4 * seconds:
        for raw in mails:
            message = email.message_from_bytes(raw, policy=email.policy.default)
            for part in message.walk():
                if part.is_multipart():
                    continue
                try:
                    part.get_content()
                except (LookupError, ValueError, KeyError, AssertionError):
                    pass  # undecodable parts count as parsed, as in Hikeshi (an anomaly)
        parsed += len(mails)
        elapsed = time.perf_counter() - start
        cpu = time.thread_time() - cpu_start
    print(f"RESULT tool=python-email messages={parsed} cpu_seconds={cpu:.3f} "
          f"rate={parsed / cpu:.0f} wall_seconds={elapsed:.3f} wall_rate={parsed / elapsed:.0f}")


if __name__ == "__main__":
    main()
