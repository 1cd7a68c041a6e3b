"""Strict decoders for base64, UTF-8 and JSON.

The standard library is lenient in ways the protocol forbids:

* ``base64.b64decode`` (even with ``validate=True``) accepts non-canonical
  trailing bits, and without ``validate`` silently drops foreign characters;
* ``json.loads`` accepts ``NaN``/``Infinity``/``-Infinity`` and, for ``str``
  input, tells a BOM apart only by raising a generic error;
* Python's ``bool`` is a subclass of ``int``, so ``true`` would pass a naive
  integer check.

Everything here checks the strict rule first and only then hands the
(already validated) input to the standard library.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from .errors import ProtocolError

_B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_VALUE = {c: i for i, c in enumerate(_B64_ALPHABET)}
# A str pattern: [A-Z] etc. are code point ranges, so only ASCII matches.
_B64_BODY = re.compile(r"[A-Za-z0-9+/]*")


def b64decode_strict(text: Any, error_class: str = "base64") -> bytes:
    """RFC 4648 section 4 base64 with padding, canonical form only.

    Alphabet A-Z a-z 0-9 + /; length a multiple of 4; ``=`` only as the last
    one or two characters; the unused low bits of the last data character are
    zero; no whitespace or line breaks; the empty string is empty bytes.
    """
    if not isinstance(text, str):
        raise ProtocolError(error_class, "base64 value is not a string")
    n = len(text)
    if n == 0:
        return b""
    if n % 4 != 0:
        raise ProtocolError(error_class, "base64 length is not a multiple of 4")
    if text.endswith("=="):
        pad = 2
    elif text.endswith("="):
        pad = 1
    else:
        pad = 0
    body = text[: n - pad]
    if _B64_BODY.fullmatch(body) is None:
        raise ProtocolError(error_class, "character outside the base64 alphabet or misplaced padding")
    if pad == 2 and _B64_VALUE[body[-1]] & 0x0F:
        raise ProtocolError(error_class, "non-canonical base64 (trailing bits set before '==')")
    if pad == 1 and _B64_VALUE[body[-1]] & 0x03:
        raise ProtocolError(error_class, "non-canonical base64 (trailing bits set before '=')")
    # The text is now known to be canonical standard base64; the stdlib decoder
    # agrees with the strict decoder on exactly this language.
    out = base64.b64decode(text, validate=True)
    if len(out) != n // 4 * 3 - pad:  # defensive: must never trigger
        raise ProtocolError(error_class, "base64 decode length mismatch")
    return out


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def utf8_decode_strict(data: bytes, error_class: str) -> str:
    """Fatal UTF-8 decoding; a leading BOM is an error (never stripped)."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise ProtocolError(error_class, "UTF-8 byte order mark is not allowed")
    try:
        # Python's utf-8 codec is strict: it rejects overlong forms, encoded
        # surrogates and code points above U+10FFFF.
        return data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(error_class, f"invalid UTF-8 at byte {exc.start}") from None


class _JsonFloat(float):
    """Marks a number written with a fraction or exponent (never an integer)."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name}")


def _parse_float(text: str) -> float:
    return _JsonFloat(text)


_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_parse_float, strict=True)


def json_loads_strict(text: str, error_class: str) -> Any:
    """Strict RFC 8259 JSON: no NaN/Infinity, no BOM, no trailing data.

    ``json`` already rejects comments, trailing commas, single quotes and raw
    control characters in strings (``strict=True``), and only skips the four
    JSON whitespace characters.
    """
    if not isinstance(text, str):
        raise ProtocolError(error_class, "JSON text is not a string")
    if text.startswith("\ufeff"):
        raise ProtocolError(error_class, "byte order mark is not allowed")
    try:
        return _DECODER.decode(text)
    except (ValueError, RecursionError) as exc:
        # JSONDecodeError is a ValueError; so is our constant rejection.
        raise ProtocolError(error_class, f"invalid JSON: {type(exc).__name__}") from None


def json_object_from_bytes(data: bytes, error_class: str) -> dict:
    """UTF-8 bytes -> strict JSON whose top level is an object."""
    text = utf8_decode_strict(data, error_class)
    value = json_loads_strict(text, error_class)
    if not isinstance(value, dict):
        raise ProtocolError(error_class, "top level is not a JSON object")
    return value


def json_object_from_text(text: str, error_class: str) -> dict:
    """A Python string that must be valid UTF-8 JSON text with an object at the top.

    Lone surrogates (how a JSON vector file can express bytes that are not
    valid UTF-8) make the text unencodable and therefore invalid.
    """
    if not isinstance(text, str):
        raise ProtocolError(error_class, "not a string")
    try:
        data = text.encode("utf-8", errors="strict")
    except UnicodeEncodeError:
        raise ProtocolError(error_class, "text is not valid UTF-8 (lone surrogate)") from None
    return json_object_from_bytes(data, error_class)


MAX_PLAINTEXT_DEPTH = 128


def json_nesting_depth(text: str) -> int:
    """Nesting depth by a lexical scan (docs/protocol.md section 7 step 8).

    Outside string literals each ``[`` or ``{`` adds one and each ``]`` or
    ``}`` takes one away; the result is the highest count reached. A string
    runs from ``"`` to the next ``"`` not escaped by a backslash. Defined for
    any text, JSON or not, and never recursive.
    """
    depth = best = 0
    in_string = False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if in_string:
            if c == "\\":
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
            if depth > best:
                best = depth
        elif c in "]}":
            depth -= 1
        i += 1
    return best


def plaintext_object(data: bytes) -> dict:
    """Step 8: UTF-8 without BOM, at most 128 levels deep, a strict JSON object."""
    text = utf8_decode_strict(data, "plaintext_json")
    depth = json_nesting_depth(text)
    if depth > MAX_PLAINTEXT_DEPTH:
        raise ProtocolError("plaintext_too_deep", f"plaintext nests {depth} levels deep; the limit is {MAX_PLAINTEXT_DEPTH}")
    value = json_loads_strict(text, "plaintext_json")
    if not isinstance(value, dict):
        raise ProtocolError("plaintext_json", "top level is not a JSON object")
    return value


def is_json_integer(value: Any) -> bool:
    """True for a JSON number written as an integer (not bool, not 1.0 / 1e0)."""
    return type(value) is int


def is_json_number(value: Any) -> bool:
    return (type(value) is int) or isinstance(value, float)
