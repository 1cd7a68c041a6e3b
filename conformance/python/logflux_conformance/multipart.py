"""multipart/mixed ingest bodies (docs/protocol.md sections 8.4, 8.4.1 and 8.6).

RFC 2046 section 5.1: a delimiter is CRLF "--" boundary at the start of a
line; the CRLF belongs to it. Preamble and epilogue are ignored, transport
padding (spaces, tabs) after a delimiter is allowed, and the boundary anywhere
inside a part is an error (multipart_framing). In compatibility mode, section
8.4.1 also recovers the delimiters the JS SDK 3.0.1 writes without their CRLF:
inside a part, "--" boundary CRLF followed by a complete header section ends
the part there and starts the next one.
"""

from __future__ import annotations

import base64
import re

from .errors import ProtocolError
from .strict import b64decode_strict

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,3}")
_BCHARS = re.compile(r"[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]")


def _framing(reason: str) -> ProtocolError:
    return ProtocolError("multipart_framing", f"malformed multipart body: {reason}")


def boundary_of(content_type: str) -> str:
    if not re.match(r"multipart/mixed\s*(;|$)", content_type, re.IGNORECASE):
        raise _framing("not multipart/mixed")
    m = re.search(r';\s*boundary=(?:"([^"]+)"|([^;\s]+))', content_type, re.IGNORECASE)
    b = (m.group(1) or m.group(2)) if m else None
    if b is None or not _BCHARS.fullmatch(b):
        raise _framing("no valid boundary parameter")
    return b


def _header_section(content: bytes, at: int):
    """(headers, end) for a complete header section at ``at``, else None."""
    headers: dict[str, str] = {}
    while True:
        lf = content.find(b"\n", at)
        if lf < 0 or lf == at or content[lf - 1] != 0x0D:
            return None
        eol = lf - 1
        if eol == at:
            return headers, lf + 1
        line = content[at:eol].decode("latin-1")
        colon = line.find(":")
        if colon <= 0 or not _TOKEN.fullmatch(line[:colon]) or "\r" in line:
            return None
        headers[line[:colon].lower()] = line[colon + 1 :].strip(" \t")
        at = lf + 1


def _split_part(content: bytes, dash: bytes, compat: bool, parts: list) -> int:
    first = _header_section(content, 0)
    if first is None:
        raise _framing(f"the headers of part {len(parts)} are malformed or do not end")
    headers, body_start = first
    if dash in content[:body_start]:
        raise _framing(f"the headers of part {len(parts)} contain the boundary")
    recovered = 0
    while True:
        hit = content.find(dash, body_start)
        if hit < 0:
            break
        after = hit + len(dash)
        nxt = _header_section(content, after + 2) if compat and content[after : after + 2] == b"\r\n" else None
        if nxt is None or dash in content[after : nxt[1]]:
            raise _framing(f"part {len(parts)} contains the boundary without a CRLF before it")
        parts.append((headers, content[body_start:hit]))
        headers, body_start = nxt
        recovered += 1
    parts.append((headers, content[body_start:]))
    return recovered


def parse_multipart(body: bytes, boundary: str, compat: bool = False) -> tuple[list, int]:
    """([(headers, body)], delimiters recovered by the JS SDK rule)."""
    dash = b"--" + boundary.encode("latin-1")
    delim = b"\r\n" + dash
    if body.startswith(dash):
        at = len(dash)
    else:
        i = body.find(delim)
        if i < 0:
            raise _framing("no opening delimiter")
        at = i + len(delim)
    parts: list = []
    recovered = 0
    while True:
        if body[at : at + 2] == b"--":
            if not parts:
                raise _framing("no part before the close delimiter")
            return parts, recovered
        while body[at : at + 1] in (b" ", b"\t"):
            at += 1
        if body[at : at + 2] != b"\r\n":
            raise _framing("a delimiter line does not end with CRLF")
        at += 2
        nxt = body.find(delim, at)
        if nxt < 0:
            raise _framing("no closing delimiter")
        recovered += _split_part(body[at:nxt], dash, compat, parts)
        at = nxt + len(delim)


def part_envelope(headers: dict, body: bytes) -> dict:
    """The envelope a part stands for, checked in the order of section 7 steps 2 to 5."""
    pt = headers.get("x-lf-payload-type")
    et = headers.get("x-lf-entry-type")
    key_id = headers.get("x-lf-key-id")
    nonce = headers.get("x-lf-nonce")
    if pt is None or not _DECIMAL.fullmatch(pt):
        raise ProtocolError("field_type", "X-LF-Payload-Type is not a decimal integer")
    if nonce is None:
        raise ProtocolError("field_type", "X-LF-Nonce is missing")
    if not key_id:
        raise ProtocolError("field_type", "X-LF-Key-ID is missing or empty")
    if et is not None and (not _DECIMAL.fullmatch(et) or not 1 <= int(et) <= 7):
        raise ProtocolError("field_type", "X-LF-Entry-Type is not an integer from 1 to 7")
    if int(pt) not in (1, 2):
        raise ProtocolError("unknown_payload_type", f"payload_type {pt} is not 1 or 2")
    if len(b64decode_strict(nonce, "base64")) != 12:
        raise ProtocolError("nonce_length", "the nonce is not 12 bytes")
    if len(body) > 1_048_576:
        raise ProtocolError("size_limit", "the payload exceeds 1 MiB")
    if len(body) < 16:
        raise ProtocolError("auth", "the payload is shorter than the 16-byte tag")
    env: dict = {}
    if "x-lf-timestamp" in headers:
        env["timestamp"] = headers["x-lf-timestamp"]
    if et is not None:
        env["entry_type"] = int(et)
    env.update(payload_type=int(pt), payload=base64.b64encode(body).decode("ascii"), nonce=nonce, key_id=key_id)
    return env
