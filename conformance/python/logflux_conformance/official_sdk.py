"""Reading what the official LogFlux SDKs 3.0.1 write (docs/protocol.md section 7.8).

Strict decoding never applies these rules. A decoder in compatibility mode
applies them in this order and names each one that changed what it read:

1 a session key that fails RSA-OAEP SHA-256/MGF1-SHA-256 but unwraps with
  SHA-256/MGF1-SHA-1 is used (the Java SDK) -- see keys.unwrap_secret_compat;
2 ``mislabelled_uncompressed``: payload type 1 whose authenticated bytes do
  not begin with 1f 8b is read as the plaintext itself (the Go SDK with
  compression off) -- see envelope.decode_envelope;
3 ``alias_metric_type`` / ``alias_description``: in a metric, ``metric_type``
  is read as ``kind``; in a trace, ``description`` as ``name`` (JS, Java),
  only when the chosen name is absent;
4 ``timestamp_precision``: ``ts`` (and a trace's ``start_time`` and
  ``end_time``) in RFC 3339 UTC with 0 to 9 fractional digits other than 3
  is shown with exactly 3 (truncated, never rounded).
"""

from __future__ import annotations

import re
from typing import Any

_UTC_TIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.([0-9]{1,9}))?Z")


def millisecond_timestamp(value: Any) -> str | None:
    """The value with exactly three fractional digits, or None when unchanged."""
    if not isinstance(value, str):
        return None
    m = _UTC_TIME.fullmatch(value)
    if m is None or (m.group(2) is not None and len(m.group(2)) == 3):
        return None
    fraction = (m.group(2) or "")[:3].ljust(3, "0")
    return f"{m.group(1)}.{fraction}Z"


def _rename(doc: dict, old: str, new: str) -> dict:
    return {(new if k == old else k): v for k, v in doc.items()}


def normalise_entry(doc: dict) -> tuple[dict, list[str]]:
    """Rules 3 and 4 on a parsed plaintext; returns the entry read and the flags."""
    flags: list[str] = []
    out = doc
    if out.get("type") == "metric" and "metric_type" in out and "kind" not in out:
        out = _rename(out, "metric_type", "kind")
        flags.append("alias_metric_type")
    if out.get("type") == "trace" and "description" in out and "name" not in out:
        out = _rename(out, "description", "name")
        flags.append("alias_description")
    fields = ("ts", "start_time", "end_time") if out.get("type") == "trace" else ("ts",)
    retimed = False
    for field in fields:
        fixed = millisecond_timestamp(out.get(field))
        if fixed is None:
            continue
        if out is doc:
            out = dict(doc)
        out[field] = fixed
        retimed = True
    if retimed:
        flags.append("timestamp_precision")
    return out, flags


def json_equal(a: Any, b: Any) -> bool:
    """Structural JSON equality that keeps true/false apart from 1/0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b
