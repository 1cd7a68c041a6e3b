"""Cross-implementation round trip (test-vectors/roundtrip/, producer name "python").

encode: wrap ``aesKey`` with RSA-OAEP under the TEST-ONLY 4096-bit public key
and seal every entry with a fresh random nonce.
decode: unwrap ``encryptedSecret`` with the TEST-ONLY private key (one test:
equals ``aesKey``) and decode every envelope (one test each: exact plaintext
bytes and payload type).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import envelope, keys
from .errors import ProtocolError
from .vectors import Tally

PRODUCER = "python"
KEY_ID = "roundtrip"
INPUTS_SCHEMA = "logflux_roundtrip_inputs_v1"


def _load_inputs(path: Path) -> tuple[bytes, list[dict]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("schema", INPUTS_SCHEMA) != INPUTS_SCHEMA:
        raise ValueError(f"unknown inputs schema {doc.get('schema')!r}")
    aes_key = bytes.fromhex(doc["aesKey"])
    if len(aes_key) != 32:
        raise ValueError("aesKey must be 32 bytes")
    entries = doc["entries"]
    if not isinstance(entries, list):
        raise ValueError("entries must be an array")
    return aes_key, entries


def _plaintext_bytes(entry: dict) -> bytes:
    text = entry["plaintext"]
    if not isinstance(text, str):
        raise ValueError("entry plaintext must be a string")
    return text.encode("utf-8")


def encode(inputs: Path, out: Path, keys_dir: Path) -> None:
    aes_key, entries = _load_inputs(inputs)
    public_pem = (keys_dir / "test-rsa-4096-public.pem").read_text(encoding="ascii")
    result: dict[str, Any] = {
        "producer": PRODUCER,
        "encryptedSecret": keys.wrap_secret(public_pem, aes_key),
        "envelopes": [],
    }
    for entry in entries:
        env = envelope.encode_envelope(
            aes_key, entry["payloadType"], _plaintext_bytes(entry), KEY_ID, entry_type=entry.get("entryType", 1)
        )
        result["envelopes"].append({"id": entry["id"], "envelope": env})
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def decode(inputs: Path, produced: Path, keys_dir: Path) -> Tally:
    tally = Tally()
    try:
        aes_key, entries = _load_inputs(inputs)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        tally.fail(inputs.name, "-", f"cannot use inputs file ({exc})")
        return tally
    try:
        doc = json.loads(produced.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        tally.fail(produced.name, "-", f"cannot read producer output ({type(exc).__name__})")
        return tally
    producer = doc.get("producer", "?") if isinstance(doc, dict) else "?"
    if not isinstance(producer, str):
        producer = repr(producer)
    where = f"{produced.name} (producer {producer})"
    if not isinstance(doc, dict):
        tally.fail(where, "-", "output is not a JSON object")
        return tally

    # Test 1: unwrap the session key.
    private_key = keys.load_private_key((keys_dir / "test-rsa-4096-private.pem").read_text(encoding="ascii"))
    try:
        secret = keys.unwrap_secret(private_key, doc.get("encryptedSecret"))
    except ProtocolError as exc:
        tally.fail(where, "encryptedSecret", f"unwrap failed with error {exc.error_class}")
    else:
        if secret == aes_key:
            tally.passed += 1
        else:
            tally.fail(where, "encryptedSecret", "unwrapped secret differs from aesKey")

    # One test per input entry.
    envelopes = doc.get("envelopes")
    by_id: dict[Any, Any] = {}
    if isinstance(envelopes, list):
        for item in envelopes:
            if isinstance(item, dict) and "id" in item:
                if item["id"] in by_id:
                    tally.fail(where, item["id"], "duplicate envelope id")
                by_id[item["id"]] = item.get("envelope")
    else:
        tally.fail(where, "-", "envelopes is not an array")
    expected_ids = set()
    for entry in entries:
        eid = entry["id"]
        expected_ids.add(eid)
        if eid not in by_id:
            tally.fail(where, eid, "no envelope for this entry")
            continue
        want = _plaintext_bytes(entry)
        try:
            decoded = envelope.decode_envelope(by_id[eid], aes_key)
        except ProtocolError as exc:
            tally.fail(where, eid, f"decode failed with error {exc.error_class}")
            continue
        if decoded.payload_type != entry["payloadType"]:
            tally.fail(where, eid, f"expected payload_type {entry['payloadType']}, got {decoded.payload_type}")
        elif decoded.plaintext != want:
            tally.fail(
                where,
                eid,
                f"plaintext differs (expected sha256 {hashlib.sha256(want).hexdigest()}, "
                f"got {hashlib.sha256(decoded.plaintext).hexdigest()})",
            )
        else:
            tally.passed += 1
    for extra in sorted(set(by_id) - expected_ids, key=str):
        tally.fail(where, extra, "envelope for an id that is not in inputs.json")
    return tally
