"""Strict, size-bounded gzip (RFC 1952) decoding for payload type 1.

The stdlib ``gzip`` module is not used for decoding: it ignores FHCRC, accepts
trailing zero padding, and ``gzip.decompress`` has no output bound. Instead
each member header is parsed here and the raw DEFLATE data is inflated with
``zlib.decompressobj(-15)`` with ``max_length`` so that no call ever produces
more output than what is left of the limit (plus one byte, to detect excess).
"""

from __future__ import annotations

import zlib

from .errors import ProtocolError

_CHUNK = 64 * 1024

FTEXT = 0x01
FHCRC = 0x02
FEXTRA = 0x04
FNAME = 0x08
FCOMMENT = 0x10
FRESERVED = 0xE0


def _fail(msg: str) -> ProtocolError:
    return ProtocolError("decompress", "gzip: " + msg)


def _parse_header(data: bytes, pos: int) -> int:
    """Validate one member header starting at ``pos``; return the offset of the DEFLATE data."""
    start = pos
    n = len(data)
    if n - pos < 10:
        raise _fail("truncated member header")
    if data[pos] != 0x1F or data[pos + 1] != 0x8B:
        raise _fail("bad magic")
    if data[pos + 2] != 8:
        raise _fail("compression method is not deflate")
    flg = data[pos + 3]
    if flg & FRESERVED:
        raise _fail("reserved flag bits set")
    pos += 10  # ID1 ID2 CM FLG MTIME(4) XFL OS
    if flg & FEXTRA:
        if n - pos < 2:
            raise _fail("truncated FEXTRA length")
        xlen = data[pos] | (data[pos + 1] << 8)
        pos += 2
        if n - pos < xlen:
            raise _fail("truncated FEXTRA data")
        pos += xlen
    for flag, name in ((FNAME, "FNAME"), (FCOMMENT, "FCOMMENT")):
        if flg & flag:
            end = data.find(b"\x00", pos)
            if end < 0:
                raise _fail(f"unterminated {name}")
            pos = end + 1
    if flg & FHCRC:
        if n - pos < 2:
            raise _fail("truncated FHCRC")
        want = data[pos] | (data[pos + 1] << 8)
        got = zlib.crc32(data[start:pos]) & 0xFFFF
        if want != got:
            raise _fail("header CRC (FHCRC) mismatch")
        pos += 2
    return pos


def gunzip_strict(data: bytes, limit: int) -> bytes:
    """Decode one or more gzip members; total output at most ``limit`` bytes.

    Errors: ``size_limit`` when the output would exceed ``limit``;
    ``decompress`` for any malformation, truncation, CRC/ISIZE mismatch or
    trailing bytes that are not a complete member.
    """
    if limit < 0:
        raise ValueError("limit must be >= 0")
    data = bytes(data)
    if not data:
        raise _fail("empty stream (at least one member required)")
    out: list[bytes] = []
    total = 0
    pos = 0
    while True:
        pos = _parse_header(data, pos)
        inflater = zlib.decompressobj(-15)
        crc = 0
        member_size = 0
        inpos = pos
        pending: bytes = b""
        while not inflater.eof:
            if not pending and inpos < len(data):
                # Feed the input in bounded slices too (avoids re-copying a
                # large unconsumed tail on every bounded call).
                pending = data[inpos : inpos + _CHUNK]
                inpos += len(pending)
            # max_length must be >= 1 (0 means "unbounded" in zlib's API); we
            # never go past limit + 1 bytes in total.
            cap = min(_CHUNK, limit - total + 1)
            try:
                chunk = inflater.decompress(pending, cap)
            except zlib.error as exc:
                raise _fail(f"invalid deflate data ({exc})") from None
            if chunk:
                total += len(chunk)
                if total > limit:
                    raise ProtocolError("size_limit", f"decompressed size exceeds {limit} bytes")
                crc = zlib.crc32(chunk, crc)
                member_size += len(chunk)
                out.append(chunk)
            pending = inflater.unconsumed_tail
            if not chunk and not pending and not inflater.eof and inpos >= len(data):
                raise _fail("truncated deflate stream")
        # End of the DEFLATE stream inside ``data``. At eof the leftover input
        # of the last call is in ``unused_data`` (CPython may also leave a copy
        # of it in ``unconsumed_tail``, so that one must not be counted).
        end = inpos - len(inflater.unused_data)
        rest = data[end : end + 8]
        if len(rest) < 8:
            raise _fail("truncated member trailer")
        want_crc = int.from_bytes(rest[0:4], "little")
        want_isize = int.from_bytes(rest[4:8], "little")
        if want_crc != crc:
            raise _fail("CRC-32 mismatch")
        if want_isize != (member_size & 0xFFFFFFFF):
            raise _fail("ISIZE mismatch")
        pos = end + 8
        if pos == len(data):
            break
        # Anything that follows must be another complete member; the next
        # header parse rejects garbage and zero padding.
    return b"".join(out)


def gzip_compress(data: bytes) -> bytes:
    """Encoder side: a single member, MTIME 0, no FNAME (stdlib gzip, mtime=0)."""
    import gzip

    return gzip.compress(data, compresslevel=6, mtime=0)
