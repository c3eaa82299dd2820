"""What every compatibility script shares: where the simulated tenant is (from the environment
the Rust test sets, `tests/it/compat`), how a step reports, and quickXorHash.

A script is a list of steps run in order. Each step is an async function that takes the shared
`Context`, asserts what the tenant answered (values, not just the absence of an exception) and
returns a dict of facts the Rust test checks again. The runner prints one JSON line per step,
`{"step": name, "ok": true, "facts": {...}}` or `{"step": name, "ok": false, "error": "..."}`,
and exits 1 if any step failed. Adding a step is one decorated function.
"""

import asyncio
import base64
import json
import os
import sys
import traceback


class Context:
    """The tenant's addresses and what earlier steps found (ids, URLs)."""

    def __init__(self):
        env = os.environ
        # http://127.0.0.1:P (Graph, sign-in), https://127.0.0.1:PT, the CA that signed it.
        self.http_root = env["PILOTBENCH_SIM_HTTP"].rstrip("/")
        self.https_root = env["PILOTBENCH_SIM_HTTPS"].rstrip("/")
        self.ca_file = env["PILOTBENCH_SIM_CA"]
        # The fake accepts any tenant, client id and secret; these look like real ones.
        self.tenant = "8f3c1d2e-0000-4000-8000-00000000c0de"
        self.client_id = "0b1e2c3d-0000-4000-8000-0000000c11e7"
        self.client_secret = "not-a-real-secret"
        self.found = {}

    @property
    def https_graph(self):
        return self.https_root + "/v1.0"

    @property
    def http_graph(self):
        return self.http_root + "/v1.0"


def check(condition, message):
    """An assertion that survives `python -O` and says what was expected."""
    if not condition:
        raise AssertionError(message)


def quick_xor_hash(data: bytes) -> str:
    """OneDrive's quickXorHash, base64: bytes XORed into a 160-bit ring at an 11-bit stride,
    then the length XORed into its last 64 bits (little-endian)."""
    width = 160
    # Byte i lands at bit (11 * i) mod 160, which repeats every 160 bytes: XOR the 160-byte
    # blocks together first (as big integers, fast), then place each of the 160 columns.
    block = 0
    full = len(data) - len(data) % width
    for start in range(0, full, width):
        block ^= int.from_bytes(data[start:start + width], "little")
    if full < len(data):
        block ^= int.from_bytes(data[full:], "little")
    columns = block.to_bytes(width, "little")
    ring = 0
    mask = (1 << width) - 1
    for k, byte in enumerate(columns):
        if byte:
            shift = (k * 11) % width
            spread = byte << shift
            ring ^= (spread | (spread >> width)) & mask  # bits past 160 wrap to the start
    out = bytearray((ring & mask).to_bytes(20, "little"))
    for i, b in enumerate(len(data).to_bytes(8, "little")):
        out[12 + i] ^= b
    return base64.b64encode(bytes(out)).decode()


def run(steps, context):
    """Runs the steps named on the command line (all of them by default), in order, on one
    event loop (the SDK's HTTP clients belong to the loop they were first used on)."""
    asked = sys.argv[1:] or [name for name, _ in steps]
    known = dict(steps)

    async def all_steps():
        failed = False
        for name in asked:
            if name not in known:
                print(json.dumps({"step": name, "ok": False, "error": "no such step"}), flush=True)
                failed = True
                continue
            try:
                facts = await known[name](context) or {}
                print(json.dumps({"step": name, "ok": True, "facts": facts}), flush=True)
            except Exception as error:  # every failure is reported; the next step still runs
                detail = "".join(traceback.format_exception_only(type(error), error)).strip()
                print(json.dumps({"step": name, "ok": False, "error": detail,
                                  "trace": traceback.format_exc()[-3000:]}), flush=True)
                failed = True
        return failed

    sys.exit(1 if asyncio.run(all_steps()) else 0)
