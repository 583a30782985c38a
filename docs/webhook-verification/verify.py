"""Verifies a Dialgate webhook delivery (Standard Webhooks), with nothing but Python's standard library.

Usage as a program: WEBHOOK_SECRET=whsec_... WEBHOOK_ID=... WEBHOOK_TIMESTAMP=... WEBHOOK_SIGNATURE=... \\
  python3 verify.py < raw-body   (exit 0: valid, 1: not)
"""
import base64
import hashlib
import hmac
import os
import sys
import time


def verify(secret: str, msg_id: str, timestamp: str, signatures: str, raw_body: bytes, tolerance_seconds: int = 300) -> bool:
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs(time.time() - ts) > tolerance_seconds:  # replay window
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = hmac.new(key, f"{msg_id}.{ts}.".encode() + raw_body, hashlib.sha256).digest()
    for candidate in signatures.split(" "):
        if candidate.startswith("v1,"):
            try:
                given = base64.b64decode(candidate[3:], validate=True)
            except ValueError:
                continue
            if hmac.compare_digest(given, expected):
                return True
    return False


if __name__ == "__main__":
    env = os.environ
    ok = verify(env["WEBHOOK_SECRET"], env["WEBHOOK_ID"], env["WEBHOOK_TIMESTAMP"], env["WEBHOOK_SIGNATURE"], sys.stdin.buffer.read())
    print("valid" if ok else "invalid")
    sys.exit(0 if ok else 1)
