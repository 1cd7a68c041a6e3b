"""Self-test of the checker's strict decoders (the real test is test-vectors/).

Run: python3 -m unittest conformance/python/test_selftest.py -v
"""

from __future__ import annotations

import gzip
import json
import struct
import sys
import tempfile
import unittest
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import zstandard  # noqa: E402

from logflux_conformance import discovery, envelope, keys, multipart, official_sdk  # noqa: E402
from logflux_conformance.errors import ProtocolError  # noqa: E402
from logflux_conformance.gzipstrict import gunzip_strict  # noqa: E402
from logflux_conformance.strict import b64decode_strict, b64encode, json_nesting_depth, json_object_from_bytes, plaintext_object  # noqa: E402
from logflux_conformance.zstdstrict import unzstd_strict  # noqa: E402

KEYS = HERE.parent.parent / "test-vectors" / "keys"


class ErrorClassMixin(unittest.TestCase):
    def assertClass(self, cls: str, fn, *args):
        with self.assertRaises(ProtocolError) as ctx:
            fn(*args)
        self.assertEqual(ctx.exception.error_class, cls, ctx.exception.detail)


class Base64Test(ErrorClassMixin):
    def test_valid(self):
        for raw in (b"", b"f", b"fo", b"foo", b"foob", bytes(range(256))):
            self.assertEqual(b64decode_strict(b64encode(raw)), raw)

    def test_invalid(self):
        for text in ("Zg", "Zg=", "Zh==", "Zm9=", "Zm 9v", "Zm9v\n", "Z=9v", "Zm9v====", "Zm-v", "Zm_v", "====", "Zm9vé==="):
            self.assertClass("base64", b64decode_strict, text)


class JsonTest(ErrorClassMixin):
    def test_strict(self):
        for raw in (b"\xef\xbb\xbf{}", b'{"a":NaN}', b'{"a":Infinity}', b'{"a":-Infinity}', b"[]", b"1",
                    b'{"a":1,}', b"{} x", b"\xff{}", b'{"a":"\xed\xa0\x80"}', b"// c\n{}", b""):
            self.assertClass("x", json_object_from_bytes, raw, "x")
        self.assertEqual(json_object_from_bytes(b' {"a": 1.5} \n', "x"), {"a": 1.5})


class DepthTest(ErrorClassMixin):
    def test_scan(self):
        self.assertEqual(json_nesting_depth('{"a":[1,{"b":[]}]}'), 4)
        self.assertEqual(json_nesting_depth('{"s":"[[[\\"{{"}'), 1)
        self.assertEqual(json_nesting_depth('{"s":"\\\\"}'), 1)
        self.assertEqual(json_nesting_depth("]]][["), 0)

    def test_limit(self):
        nested = lambda d: ('{"a":' + "[" * (d - 1) + "]" * (d - 1) + "}").encode()
        self.assertIn("a", plaintext_object(nested(128)))
        self.assertClass("plaintext_too_deep", plaintext_object, nested(129))
        self.assertClass("plaintext_too_deep", plaintext_object, nested(200_000))
        self.assertClass("plaintext_too_deep", plaintext_object, b'{"a":' + b"[" * 200)
        self.assertClass("plaintext_json", plaintext_object, b"\xef\xbb\xbf" + nested(200))


class OfficialSdkTest(ErrorClassMixin):
    def test_normalise(self):
        doc = {"type": "metric", "name": "m", "metric_type": "gauge", "ts": "2026-12-01T20:05:22.103429474Z"}
        out, flags = official_sdk.normalise_entry(doc)
        self.assertEqual(list(out), ["type", "name", "kind", "ts"])
        self.assertEqual(out["ts"], "2026-12-01T20:05:22.103Z")
        self.assertEqual(flags, ["alias_metric_type", "timestamp_precision"])
        self.assertEqual(official_sdk.normalise_entry({"type": "log", "description": "d"}), ({"type": "log", "description": "d"}, []))
        self.assertEqual(official_sdk.millisecond_timestamp("2026-12-01T20:05:22Z"), "2026-12-01T20:05:22.000Z")
        self.assertIsNone(official_sdk.millisecond_timestamp("2026-12-01T20:05:22.١٢٣٤Z"))
        self.assertFalse(official_sdk.json_equal({"a": True}, {"a": 1}))

    def test_mislabelled(self):
        key = bytes(32)
        env = json.loads(envelope.encode_envelope(key, 1, b"{}", "k"))
        nonce = b64decode_strict(env["nonce"])
        env["payload"] = b64encode(envelope.aead_seal(key, nonce, b'{"n":1}'))
        text = json.dumps(env)
        self.assertClass("decompress", envelope.decode_envelope, text, key)
        decoded = envelope.decode_envelope(text, key, compat=True)
        self.assertEqual((decoded.document, decoded.compat), ({"n": 1}, ["mislabelled_uncompressed"]))

    def test_multipart(self):
        b = "0123456789abcdef0123456789abcdef"
        head = "X-LF-Payload-Type: 1\r\n\r\n"
        js = f"--{b}\r\n{head}one--{b}\r\n{head}two\r\n--{b}--\r\n".encode()
        self.assertClass("multipart_framing", multipart.parse_multipart, js, b)
        parts, recovered = multipart.parse_multipart(js, b, compat=True)
        self.assertEqual(([p[1] for p in parts], recovered), ([b"one", b"two"], 1))
        self.assertClass("multipart_framing", multipart.parse_multipart, f"--{b}\r\n{head}on--{b}x\r\n--{b}--\r\n".encode(), b, True)
        self.assertClass("multipart_framing", multipart.parse_multipart, f"--{b}--\r\n".encode(), b)


def gz_member(data: bytes, flg: int = 0, extra: bytes = b"", name: bytes = b"", comment: bytes = b"", hcrc=True):
    header = bytearray(b"\x1f\x8b\x08" + bytes([flg]) + b"\x00\x00\x00\x00\x00\xff")
    if flg & 4:
        header += struct.pack("<H", len(extra)) + extra
    if flg & 8:
        header += name + b"\x00"
    if flg & 16:
        header += comment + b"\x00"
    if flg & 2:
        crc16 = zlib.crc32(bytes(header)) & 0xFFFF
        header += struct.pack("<H", crc16 if hcrc else crc16 ^ 1)
    co = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = co.compress(data) + co.flush()
    return bytes(header) + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


class GzipTest(ErrorClassMixin):
    def test_valid(self):
        self.assertEqual(gunzip_strict(gzip.compress(b'{"a":1}', mtime=0), 100), b'{"a":1}')
        self.assertEqual(gunzip_strict(gz_member(b"ab") + gz_member(b"cd"), 4), b"abcd")
        m = gz_member(b"xyz", flg=2 | 4 | 8 | 16 | 1, extra=b"EX\x02\x00hi", name=b"n", comment=b"c")
        self.assertEqual(gunzip_strict(m, 3), b"xyz")
        self.assertEqual(gunzip_strict(gz_member(b""), 0), b"")
        # Members much larger than the internal 64 KiB slices.
        import os
        a, b = os.urandom(300_000), b"z" * 3_000_000
        self.assertEqual(gunzip_strict(gz_member(a) + gz_member(b) + gz_member(a), 4_000_000), a + b + a)

    def test_invalid(self):
        good = gz_member(b"hello world" * 10)
        cases = [
            b"",
            good + b"\x00",
            good + b"\x00" * 20,
            good + b"\x1f\x8b",
            good[:-1],
            good[:-8],
            good[:15],
            good[:5],
            gz_member(b"x", flg=0x20),
            gz_member(b"x", flg=0x80),
            gz_member(b"x", flg=2, hcrc=False),
            gz_member(b"x", flg=8, name=b"abc")[:12],        # unterminated FNAME
            good[:-8] + struct.pack("<II", 0, len(b"hello world" * 10)),
            good[:-4] + struct.pack("<I", 1),
            b"\x1f\x8b\x07" + good[3:],
            b"\x1f\x8c" + good[2:],
        ]
        for i, data in enumerate(cases):
            with self.subTest(i=i):
                self.assertClass("decompress", gunzip_strict, data, 10_000)

    def test_limit(self):
        data = b"a" * 5000
        self.assertEqual(gunzip_strict(gz_member(data), 5000), data)
        self.assertClass("size_limit", gunzip_strict, gz_member(data), 4999)
        self.assertClass("size_limit", gunzip_strict, gz_member(b"ab") + gz_member(b"cd"), 3)
        # A bomb: 64 MiB of zeros against a 1 MiB limit, never fully inflated.
        bomb = gzip.compress(b"\x00" * (64 << 20), mtime=0)
        self.assertClass("size_limit", gunzip_strict, bomb, 1 << 20)
        # Over the limit before a truncation: the limit is hit first.
        self.assertClass("size_limit", gunzip_strict, bomb[:-8], 1 << 20)


def raw_frame(data: bytes, fhd: int = 0x00, window: bytes = b"\x00", dict_id: bytes = b"", fcs: bytes = b"",
              checksum: bytes = b"") -> bytes:
    out = struct.pack("<I", 0xFD2FB528) + bytes([fhd])
    if not fhd & 0x20:
        out += window
    out += dict_id + fcs
    out += struct.pack("<I", (len(data) << 3) | 1)[:3] + data
    return out + checksum


class ZstdTest(ErrorClassMixin):
    def test_valid(self):
        c = zstandard.ZstdCompressor(write_checksum=True)
        self.assertEqual(unzstd_strict(c.compress(b'{"a":1}'), 100), b'{"a":1}')
        skippable = struct.pack("<II", 0x184D2A5A, 3) + b"xyz"
        two = skippable + c.compress(b"ab") + skippable + c.compress(b"cd")
        self.assertEqual(unzstd_strict(two, 4), b"abcd")
        self.assertEqual(unzstd_strict(raw_frame(b"hi"), 2), b"hi")
        self.assertEqual(unzstd_strict(raw_frame(b"hi", window=b"\x68"), 2), b"hi")  # 6 MiB window
        self.assertEqual(unzstd_strict(raw_frame(b"hi", fhd=0x20, fcs=b"\x02"), 2), b"hi")
        # Dictionary_ID field present but zero is not a dictionary.
        self.assertEqual(unzstd_strict(raw_frame(b"hi", fhd=0x01, dict_id=b"\x00"), 2), b"hi")
        # No content size, large output: streamed, bounded.
        nocs = zstandard.ZstdCompressor(write_content_size=False)
        big = b"abc" * 2_000_000
        cobj = nocs.compressobj()
        stream = cobj.compress(big) + cobj.flush()
        self.assertEqual(zstandard.get_frame_parameters(stream).content_size, zstandard.CONTENTSIZE_UNKNOWN)
        self.assertEqual(unzstd_strict(stream, len(big)), big)
        self.assertClass("size_limit", unzstd_strict, stream, len(big) - 1)

    def test_invalid(self):
        c = zstandard.ZstdCompressor(write_checksum=True)
        good = c.compress(b"hello world" * 100)
        bad_checksum = good[:-1] + bytes([good[-1] ^ 0xFF])
        cases = [
            b"",
            good + b"\x00",
            good + b"\x00\x00\x00\x00",
            good[:-1],
            good[:-5],
            good[:6],
            bad_checksum,
            raw_frame(b"hi", fhd=0x08),                      # reserved bit
            raw_frame(b"hi", fhd=0x01, dict_id=b"\x07"),     # needs a dictionary
            raw_frame(b"hi", fhd=0x20, fcs=b"\x03"),         # content size mismatch
            raw_frame(b"hi", fhd=0x20, fcs=b"\x01"),         # content size mismatch (larger)
            struct.pack("<I", 0xFD2FB527) + good[4:],         # legacy magic
            struct.pack("<II", 0x184D2A50, 10) + b"abc",      # truncated skippable
            struct.pack("<II", 0x184D2A50, 3) + b"abc",       # only a skippable frame
            raw_frame(b"hi", window=b"\xa0"),                # 1 GiB window, no content size
            struct.pack("<I", 0xFD2FB528) + b"\x00\x00" + b"\x07\x00\x00",  # reserved block type
        ]
        for i, data in enumerate(cases):
            with self.subTest(i=i):
                self.assertClass("decompress", unzstd_strict, data, 100_000)

    def test_declared_size_limit(self):
        c = zstandard.ZstdCompressor()
        frame = c.compress(b"a" * 1000)
        self.assertClass("size_limit", unzstd_strict, frame, 999)
        self.assertClass("size_limit", unzstd_strict, frame + frame, 1999)
        # Declared (huge) size is rejected from the header alone.
        fake = raw_frame(b"hi", fhd=0xC0, fcs=struct.pack("<Q", 1 << 40))
        self.assertClass("size_limit", unzstd_strict, fake, 16 << 20)


class AeadAndEnvelopeTest(ErrorClassMixin):
    KEY = bytes(range(32))

    def test_envelope_round_trip(self):
        for pt in (1, 2):
            text = envelope.encode_envelope(self.KEY, pt, b'{"v":"2.0","message":"hi"}', "k1")
            d = envelope.decode_envelope(text, self.KEY)
            self.assertEqual(d.plaintext, b'{"v":"2.0","message":"hi"}')
            self.assertEqual(d.payload_type, pt)

    def test_order(self):
        good = json.loads(envelope.encode_envelope(self.KEY, 1, b"{}", "k1"))

        def env(**changes):
            e = dict(good)
            for k, v in changes.items():
                if v is ...:
                    e.pop(k)
                else:
                    e[k] = v
            return json.dumps(e)

        self.assertClass("envelope_json", envelope.decode_envelope, "[]", self.KEY)
        self.assertClass("envelope_json", envelope.decode_envelope, "\ufeff" + env(), self.KEY)
        self.assertClass("field_type", envelope.decode_envelope, env(payload_type=True), self.KEY)
        self.assertClass("field_type", envelope.decode_envelope, env(payload_type=1.0), self.KEY)
        self.assertClass("field_type", envelope.decode_envelope, env(key_id=""), self.KEY)
        self.assertClass("field_type", envelope.decode_envelope, env(entry_type=8), self.KEY)
        self.assertClass("field_type", envelope.decode_envelope, env(timestamp=None), self.KEY)
        self.assertClass("unknown_payload_type", envelope.decode_envelope, env(payload_type=3, nonce="!"), self.KEY)
        self.assertClass("base64", envelope.decode_envelope, env(nonce="AAAAAAAAAAAAAAB="), self.KEY)
        self.assertClass("nonce_length", envelope.decode_envelope, env(nonce="AAAAAAAAAAAA"), self.KEY)
        self.assertClass("size_limit", envelope.decode_envelope, env(payload="!" * 1_398_105), self.KEY)
        self.assertClass("auth", envelope.decode_envelope, env(payload="AAAA"), self.KEY)
        self.assertClass("auth", envelope.decode_envelope, env(), bytes(32))

    def test_plaintext_json(self):
        text = envelope.encode_envelope(self.KEY, 2, b"[1]", "k1")
        self.assertClass("plaintext_json", envelope.decode_envelope, text, self.KEY)


@unittest.skipUnless((KEYS / "test-rsa-4096-private.pem").exists(), "test keys not present")
class KeysTest(ErrorClassMixin):
    def test_public_keys(self):
        pem = (KEYS / "test-rsa-4096-public.pem").read_text()
        info = keys.check_server_key(pem)
        self.assertEqual(info["modulusBits"], 4096)
        self.assertTrue(info["fingerprint"].startswith("SHA256:"))
        self.assertEqual(keys.check_server_key(pem, "SHA256:" + info["fingerprint"][7:].upper())["modulusBits"], 4096)
        self.assertEqual(keys.check_server_key(pem, pem)["modulusBits"], 4096)
        self.assertClass("pin_format", keys.check_server_key, pem, "sha256:" + info["fingerprint"][7:])
        self.assertClass("pin_format", keys.check_server_key, pem, info["fingerprint"][:-1])
        self.assertClass("pin_mismatch", keys.check_server_key, pem, "SHA256:" + "0" * 64)
        self.assertClass("key_too_small", keys.check_server_key, (KEYS / "test-rsa-2048-public.pem").read_text())
        self.assertEqual(keys.check_server_key((KEYS / "test-rsa-2048-public.pem").read_text(), None, 2048)["modulusBits"], 2048)
        self.assertClass("key_format", keys.check_server_key, (KEYS / "test-ec-p256-public.pem").read_text())
        self.assertClass("key_format", keys.check_server_key, "garbage")

    def test_oaep(self):
        pem = (KEYS / "test-rsa-4096-public.pem").read_text()
        priv = keys.load_private_key((KEYS / "test-rsa-4096-private.pem").read_text())
        secret = bytes(range(32))
        wrapped = keys.wrap_secret(pem, secret)
        self.assertEqual(keys.unwrap_secret(priv, wrapped), secret)
        self.assertClass("secret_length", keys.unwrap_secret, priv, keys.wrap_secret(pem, secret[:31]))
        raw = bytearray(b64decode_strict(wrapped))
        raw[10] ^= 1
        self.assertClass("oaep", keys.unwrap_secret, priv, b64encode(bytes(raw)))
        self.assertClass("oaep", keys.unwrap_secret, priv, b64encode(bytes(raw[:-1])))
        self.assertClass("base64", keys.unwrap_secret, priv, wrapped[:-1])

    def test_roundtrip_cli(self):
        from logflux_conformance import roundtrip

        with tempfile.TemporaryDirectory() as tmp:
            inputs = Path(tmp) / "inputs.json"
            inputs.write_text(json.dumps({"aesKey": "11" * 32, "entries": [
                {"id": "a", "payloadType": 1, "plaintext": '{"message":"héllo"}'},
                {"id": "b", "payloadType": 2, "plaintext": '{"n":1}'},
            ]}))
            out = Path(tmp) / "out.json"
            roundtrip.encode(inputs, out, KEYS)
            tally = roundtrip.decode(inputs, out, KEYS)
            self.assertEqual((tally.passed, tally.failed), (3, 0), tally.lines)


class DiscoveryTest(ErrorClassMixin):
    def test_keys(self):
        k = "A" * 32
        self.assertIsNone(discovery.parse_api_key("lf_" + k))
        self.assertEqual(discovery.parse_api_key("eu-lf_" + k), "eu")
        self.assertClass("unknown_region", discovery.parse_api_key, "xx-lf_" + k)
        for bad in ("EU-lf_" + k, "LF_" + k, "lf_" + k + "\n", " lf_" + k, "lf_" + k[:-1], "lf_" + k + "A", ""):
            self.assertClass("api_key_format", discovery.parse_api_key, bad)

    def test_urls(self):
        n = discovery.normalise_endpoint
        self.assertEqual(n("HTTPS://Ingest.Example.COM:443/base/"), "https://ingest.example.com/base")
        self.assertEqual(n("https://h:8443//"), "https://h:8443")
        self.assertEqual(n("http://localhost:80/"), "http://localhost")
        self.assertEqual(n("http://127.5.6.7:9000/x"), "http://127.5.6.7:9000/x")
        self.assertEqual(n("http://[::1]:8080"), "http://[::1]:8080")
        for bad in ("ftp://h", "https://u@h", "https://h?q", "https://h#f", "https://", "https://h:0", "https://h:65536",
                    "https://h:x", "h", "/path", "https:h"):
            self.assertClass("invalid_url", n, bad)
        for insecure in ("http://example.com", "http://128.0.0.1", "http://[::2]", "http://localhost.example"):
            self.assertClass("insecure_endpoint", n, insecure)


if __name__ == "__main__":
    unittest.main()
