#!/usr/bin/env python3
"""LogFlux wire-protocol conformance checker (independent Python implementation).

Usage:
  python3 conformance/python/logflux_checker.py verify [DIR]
  python3 conformance/python/logflux_checker.py encode INPUTS.json OUT.json
  python3 conformance/python/logflux_checker.py decode INPUTS.json OUT.json

verify runs every *_test.json in DIR (default: the repository's test-vectors/)
and ends with "N passed, N failed"; the exit code is 0 only without failures.
encode/decode implement the round-trip protocol of test-vectors/README.md with
producer name "python". Keys are read from --keys DIR (default: the keys/
folder beside the inputs file's folder, else test-vectors/keys).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_VECTORS = REPO / "test-vectors"

if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

try:
    from logflux_conformance import roundtrip, vectors  # noqa: E402
except ImportError as _exc:  # pragma: no cover - environment problem
    sys.stderr.write(
        f"logflux_checker: missing dependency ({_exc.name}); install with\n"
        f"  python3 -m pip install -r {HERE / 'requirements.txt'}\n"
    )
    sys.exit(2)


def _keys_dir(explicit: str | None, inputs: Path) -> Path:
    if explicit:
        return Path(explicit)
    beside = inputs.resolve().parent.parent / "keys"
    if (beside / "test-rsa-4096-private.pem").exists():
        return beside
    return DEFAULT_VECTORS / "keys"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="logflux_checker.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_verify = sub.add_parser("verify", help="run the *_test.json vector files")
    p_verify.add_argument("dir", nargs="?", default=str(DEFAULT_VECTORS))
    for name in ("encode", "decode"):
        p = sub.add_parser(name, help=f"round trip: {name}")
        p.add_argument("inputs")
        p.add_argument("out")
        p.add_argument("--keys", default=None, help="directory with the TEST-ONLY RSA keys")
    args = parser.parse_args(argv)

    if args.command == "verify":
        tally = vectors.verify_dir(Path(args.dir))
        for line in tally.lines:
            print(line)
        print(tally.summary())
        return 0 if tally.failed == 0 else 1

    inputs = Path(args.inputs)
    keys_dir = _keys_dir(args.keys, inputs)
    if args.command == "encode":
        roundtrip.encode(inputs, Path(args.out), keys_dir)
        print(f"wrote {args.out}")
        return 0
    tally = roundtrip.decode(inputs, Path(args.out), keys_dir)
    for line in tally.lines:
        print(line)
    print(tally.summary())
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
