"""Envelope decoding in the normative order, and envelope encoding.

Decoding order (stop at the first failure):
 1 envelope_json  2 field_type  3 unknown_payload_type  4 base64 / nonce_length
 5 size_limit / base64 / size_limit / auth  6 auth  7 size_limit / decompress
 8 plaintext_json
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .errors import ProtocolError
from .gzipstrict import gunzip_strict, gzip_compress
from . import official_sdk
from .strict import b64decode_strict, b64encode, is_json_integer, json_object_from_text, plaintext_object
from .zstdstrict import unzstd_strict, zstd_compress

MAX_PAYLOAD_BYTES = 1_048_576
MAX_PAYLOAD_B64_CHARS = 4 * ((MAX_PAYLOAD_BYTES + 2) // 3)  # 1,398,104
DEFAULT_PLAINTEXT_LIMIT = 16 * 1024 * 1024
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32


# --- AES-256-GCM ------------------------------------------------------------


def aead_open(key: bytes, nonce: bytes, sealed: bytes) -> bytes:
    """Open ciphertext||tag. Lengths are checked here, never left to the library."""
    if len(key) != KEY_BYTES:
        raise ProtocolError("key_length", f"AES-256 key must be {KEY_BYTES} bytes")
    if len(nonce) != NONCE_BYTES:
        raise ProtocolError("nonce_length", f"nonce must be {NONCE_BYTES} bytes")
    if len(sealed) < TAG_BYTES:
        raise ProtocolError("auth", "sealed data shorter than the 16-byte tag")
    try:
        return AESGCM(key).decrypt(nonce, sealed, None)
    except InvalidTag:
        raise ProtocolError("auth", "authentication failed") from None


def aead_seal(key: bytes, nonce: bytes, plaintext: bytes) -> bytes:
    if len(key) != KEY_BYTES:
        raise ProtocolError("key_length", f"AES-256 key must be {KEY_BYTES} bytes")
    if len(nonce) != NONCE_BYTES:
        raise ProtocolError("nonce_length", f"nonce must be {NONCE_BYTES} bytes")
    return AESGCM(key).encrypt(nonce, plaintext, None)


# --- decode -----------------------------------------------------------------


class Decoded:
    __slots__ = ("envelope", "payload_type", "plaintext", "document", "compat")

    def __init__(self, envelope: dict, payload_type: int, plaintext: bytes, document: dict, compat: list[str] | None = None):
        self.envelope = envelope
        self.payload_type = payload_type
        self.plaintext = plaintext
        self.document = document
        self.compat = compat or []


def check_fields(env: dict) -> None:
    """Step 2: field types (null counts as the wrong type)."""
    if "payload_type" not in env or not is_json_integer(env["payload_type"]):
        raise ProtocolError("field_type", "payload_type missing or not an integer")
    for name in ("payload", "nonce", "key_id"):
        if name not in env or not isinstance(env[name], str):
            raise ProtocolError("field_type", f"{name} missing or not a string")
    if env["key_id"] == "":
        raise ProtocolError("field_type", "key_id is empty")
    if "timestamp" in env and not isinstance(env["timestamp"], str):
        raise ProtocolError("field_type", "timestamp is not a string")
    if "entry_type" in env:
        et = env["entry_type"]
        if not is_json_integer(et) or not 1 <= et <= 7:
            raise ProtocolError("field_type", "entry_type is not an integer in 1..7")


def decode_envelope(
    envelope_text: Any,
    key_for: Any,
    limit: int = DEFAULT_PLAINTEXT_LIMIT,
    compat: bool = False,
) -> Decoded:
    """Decode an envelope string. ``key_for`` is a 32-byte key or a callable key_id -> key.

    With ``compat`` the rules of docs/protocol.md section 7.8 for data the
    official SDKs 3.0.1 write apply (see official_sdk.py); ``Decoded.compat``
    names those that did.
    """
    # 1. UTF-8 strict JSON object.
    env = json_object_from_text(envelope_text, "envelope_json")
    # 2. field types.
    check_fields(env)
    # 3. payload type.
    payload_type = env["payload_type"]
    if payload_type not in (1, 2):
        raise ProtocolError("unknown_payload_type", f"payload_type {payload_type} is not 1 or 2")
    # 4. nonce.
    nonce = b64decode_strict(env["nonce"], "base64")
    if len(nonce) != NONCE_BYTES:
        raise ProtocolError("nonce_length", f"nonce decodes to {len(nonce)} bytes, expected 12")
    # 5. payload.
    payload_text = env["payload"]
    if len(payload_text) > MAX_PAYLOAD_B64_CHARS:
        raise ProtocolError("size_limit", "payload base64 text longer than the 1 MiB limit allows")
    sealed = b64decode_strict(payload_text, "base64")
    if len(sealed) > MAX_PAYLOAD_BYTES:
        raise ProtocolError("size_limit", "decoded payload larger than 1 MiB")
    if len(sealed) < TAG_BYTES:
        raise ProtocolError("auth", "payload shorter than the 16-byte tag")
    # 6. AES-256-GCM.
    key = key_for(env["key_id"]) if callable(key_for) else key_for
    compressed = aead_open(key, nonce, sealed)
    # 7. decompress with limit (section 7.8 rule 2: type 1 that is not gzip, in compat mode).
    flags: list[str] = []
    if compat and payload_type == 1 and compressed[:2] != b"\x1f\x8b":
        if len(compressed) > limit:
            raise ProtocolError("size_limit", "uncompressed plaintext over the limit")
        plaintext = compressed
        flags.append("mislabelled_uncompressed")
    elif payload_type == 1:
        plaintext = gunzip_strict(compressed, limit)
    else:
        plaintext = unzstd_strict(compressed, limit)
    # 8. plaintext: UTF-8, depth, JSON object.
    document = plaintext_object(plaintext)
    if compat:
        document, more = official_sdk.normalise_entry(document)
        flags += more
    return Decoded(env, payload_type, plaintext, document, flags)


# --- encode -----------------------------------------------------------------


def utc_timestamp() -> str:
    now = _dt.datetime.now(_dt.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def encode_envelope(
    key: bytes,
    payload_type: int,
    plaintext: bytes,
    key_id: str,
    entry_type: int = 1,
    timestamp: str | None = None,
) -> str:
    """Seal one entry: compress, AES-256-GCM with a fresh random 96-bit nonce, JSON."""
    if payload_type == 1:
        compressed = gzip_compress(plaintext)
    elif payload_type == 2:
        compressed = zstd_compress(plaintext)
    else:
        raise ProtocolError("unknown_payload_type", "encoders only write payload types 1 and 2")
    nonce = os.urandom(NONCE_BYTES)
    sealed = aead_seal(key, nonce, compressed)
    env = {
        "timestamp": timestamp if timestamp is not None else utc_timestamp(),
        "entry_type": entry_type,
        "payload_type": payload_type,
        "payload": b64encode(sealed),
        "nonce": b64encode(nonce),
        "key_id": key_id,
    }
    return json.dumps(env, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
