"""Runs the Wycheproof-style ``*_test.json`` files in test-vectors/.

A test passes when a valid test succeeds with exactly the expected output, or
an invalid test fails with exactly the expected error class. Failure lines
name the file, the tcId and expected vs got; they never contain key material,
API keys or plaintext.
"""

from __future__ import annotations

import hashlib
import json
import os
import traceback
from pathlib import Path
from typing import Any, Callable

from . import discovery, envelope, keys, multipart, official_sdk
from .errors import ProtocolError

KNOWN_SCHEMAS: dict[str, set[str]] = {
    "logflux_api_key_test_schema_v1.json": {"ApiKeyTest"},
    "logflux_discovery_test_schema_v2.json": {"DiscoveryResolutionTest", "DiscoveryResponseTest"},
    "logflux_aead_test_schema_v1.json": {"AeadTest"},
    "logflux_rsa_oaep_unwrap_test_schema_v1.json": {"RsaOaepUnwrapTest"},
    "logflux_public_key_test_schema_v1.json": {"PublicKeyTest"},
    "logflux_envelope_test_schema_v1.json": {"EnvelopeDecodeTest"},
    "logflux_official_sdk_test_schema_v1.json": {
        "OfficialSdkKeyUnwrapTest",
        "OfficialSdkEnvelopeReadTest",
        "OfficialSdkMultipartReadTest",
    },
}


class Mismatch(Exception):
    """A test ran but did not give the expected result (message is safe to print)."""


class Outcome:
    """What a test produced: either a result dict or an error class."""

    __slots__ = ("value", "error_class")

    def __init__(self, value: Any = None, error_class: str | None = None):
        self.value = value
        self.error_class = error_class


def _unhex(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise Mismatch(f"vector field {what} is not a hex string")
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise Mismatch(f"vector field {what} is not valid hex") from None


def _run(fn: Callable[[], Any]) -> Outcome:
    try:
        return Outcome(value=fn())
    except ProtocolError as exc:
        return Outcome(error_class=exc.error_class)


def _expect(test: dict, outcome: Outcome, check_valid: Callable[[Any], None]) -> None:
    """Compare an outcome with the test's ``result`` / ``errorClass``."""
    result = test.get("result")
    if result == "valid":
        if outcome.error_class is not None:
            raise Mismatch(f"expected valid, got error {outcome.error_class}")
        check_valid(outcome.value)
    elif result == "invalid":
        want = test.get("errorClass")
        if outcome.error_class is None:
            raise Mismatch(f"expected error {want}, got success")
        if outcome.error_class != want:
            raise Mismatch(f"expected error {want}, got error {outcome.error_class}")
    else:
        raise Mismatch(f"unknown result {result!r}")


# --- per group type -------------------------------------------------------------


def t_api_key(group: dict, test: dict) -> None:
    outcome = _run(lambda: discovery.parse_api_key(test.get("apiKey")))

    def check(region: Any) -> None:
        if "region" not in test:
            raise Mismatch("valid test has no region field")
        if region != test["region"]:
            raise Mismatch(f"expected region {test['region']!r}, got {region!r}")

    _expect(test, outcome, check)


def t_discovery_resolution(group: dict, test: dict) -> None:
    outcome = _run(lambda: discovery.resolve(test.get("apiKey"), test.get("endpoint")))

    def check(got: dict) -> None:
        fields = ("discoveryUrl", "authenticatedDiscoveryUrls", "ingestorUrl")
        want = {k: test[k] for k in fields if k in test}
        if not want:
            raise Mismatch("valid test gives no expected URL")
        if got != want:
            raise Mismatch(f"expected {want}, got {got}")

    _expect(test, outcome, check)


def t_discovery_response(group: dict, test: dict) -> None:
    outcome = _run(lambda: discovery.ingestor_from_response(test.get("kind"), test.get("body")))

    def check(url: str) -> None:
        if url != test.get("ingestorUrl"):
            raise Mismatch(f"expected ingestorUrl {test.get('ingestorUrl')!r}, got {url!r}")

    _expect(test, outcome, check)


def t_aead(group: dict, test: dict) -> None:
    for name, want in (("keySize", 256), ("ivSize", 96), ("tagSize", 128)):
        if name in group and group[name] != want:
            raise Mismatch(f"unsupported group parameter {name}={group[name]} (AES-256-GCM uses {want})")
    key = _unhex(test.get("key"), "key")
    nonce = _unhex(test.get("nonce"), "nonce")
    ciphertext = _unhex(test.get("ciphertext"), "ciphertext")
    outcome = _run(lambda: envelope.aead_open(key, nonce, ciphertext))

    def check(plaintext: bytes) -> None:
        want = _unhex(test.get("plaintext"), "plaintext")
        if plaintext != want:
            raise Mismatch("open: plaintext differs")
        sealed = envelope.aead_seal(key, nonce, want)
        if sealed != ciphertext:
            raise Mismatch("seal: ciphertext differs")

    _expect(test, outcome, check)


_PRIVATE_KEY_CACHE: dict[str, Any] = {}


def t_rsa_oaep(group: dict, test: dict) -> None:
    if group.get("sha") not in (None, "SHA-256") or group.get("mgfSha") not in (None, "SHA-256"):
        raise Mismatch(f"unsupported group parameters sha={group.get('sha')} mgfSha={group.get('mgfSha')}")
    pem = group.get("privateKeyPem")
    if not isinstance(pem, str):
        raise Mismatch("group has no privateKeyPem")
    if pem not in _PRIVATE_KEY_CACHE:
        _PRIVATE_KEY_CACHE[pem] = keys.load_private_key(pem)
    private_key = _PRIVATE_KEY_CACHE[pem]
    if "keySize" in group and group["keySize"] != private_key.key_size:
        raise Mismatch("group keySize does not match privateKeyPem")
    outcome = _run(lambda: keys.unwrap_secret(private_key, test.get("encryptedSecret")))

    def check(secret: bytes) -> None:
        if secret != _unhex(test.get("secret"), "secret"):
            raise Mismatch("unwrapped secret differs from the expected secret")

    _expect(test, outcome, check)


def t_public_key(group: dict, test: dict) -> None:
    min_bits = test.get("minModulusBits", group.get("minModulusBits", keys.MIN_MODULUS_BITS))
    outcome = _run(lambda: keys.check_server_key(test.get("publicKeyPem"), test.get("pin"), min_bits))

    def check(got: dict) -> None:
        if got["fingerprint"] != test.get("fingerprint"):
            raise Mismatch(f"expected fingerprint {test.get('fingerprint')}, got {got['fingerprint']}")
        if "modulusBits" in test and got["modulusBits"] != test["modulusBits"]:
            raise Mismatch(f"expected modulusBits {test['modulusBits']}, got {got['modulusBits']}")

    _expect(test, outcome, check)


def t_envelope(group: dict, test: dict) -> None:
    key = _unhex(group.get("key"), "key")
    limit = group.get("maxPlaintextBytes", envelope.DEFAULT_PLAINTEXT_LIMIT)
    if type(limit) is not int or limit < 0:
        raise Mismatch("group maxPlaintextBytes is not a non-negative integer")
    outcome = _run(lambda: envelope.decode_envelope(test.get("envelope"), key, limit))

    def check(decoded: envelope.Decoded) -> None:
        pt = decoded.plaintext
        present = [k for k in ("plaintextSha256", "plaintextSize", "plaintext") if k in test]
        if not present:
            raise Mismatch("valid test gives no expected plaintext fields")
        if "plaintextSize" in test and len(pt) != test["plaintextSize"]:
            raise Mismatch(f"expected plaintextSize {test['plaintextSize']}, got {len(pt)}")
        if "plaintextSha256" in test:
            digest = hashlib.sha256(pt).hexdigest()
            if digest != str(test["plaintextSha256"]).lower():
                raise Mismatch(f"expected plaintextSha256 {test['plaintextSha256']}, got {digest}")
        if "plaintext" in test:
            want = test["plaintext"]
            if not isinstance(want, str) or pt != want.encode("utf-8", errors="surrogatepass"):
                raise Mismatch(f"plaintext differs (got sha256 {hashlib.sha256(pt).hexdigest()})")

    _expect(test, outcome, check)


# --- official SDKs 3.0.1 (docs/protocol.md sections 7.8 and 8.4.1) ---------------


def _expect_strict(test: dict, outcome: Outcome) -> None:
    """The strict half of an official-SDK test: strictResult / strictErrorClass."""
    want = test.get("strictResult")
    if want == "valid":
        if outcome.error_class is not None:
            raise Mismatch(f"strict: expected valid, got error {outcome.error_class}")
        if "strictParts" in test and outcome.value != test["strictParts"]:
            raise Mismatch(f"strict: expected {test['strictParts']} parts, got {outcome.value}")
    elif want == "invalid":
        if outcome.error_class != test.get("strictErrorClass"):
            got = "success" if outcome.error_class is None else f"error {outcome.error_class}"
            raise Mismatch(f"strict: expected error {test.get('strictErrorClass')}, got {got}")
    else:
        raise Mismatch(f"unknown strictResult {want!r}")


def _check_read(decoded: envelope.Decoded, want: dict, where: str) -> None:
    if not official_sdk.json_equal(decoded.document, want.get("entry")):
        raise Mismatch(f"{where}entry differs from the expected entry")
    if decoded.compat != want.get("compat"):
        raise Mismatch(f"{where}compat flags {decoded.compat}, expected {want.get('compat')}")
    if hashlib.sha256(decoded.plaintext).hexdigest() != want.get("plaintextSha256"):
        raise Mismatch(f"{where}plaintextSha256 differs")


def t_official_key_unwrap(group: dict, test: dict) -> None:
    pem = group.get("privateKeyPem")
    if pem not in _PRIVATE_KEY_CACHE:
        _PRIVATE_KEY_CACHE[pem] = keys.load_private_key(pem)
    private_key = _PRIVATE_KEY_CACHE[pem]
    outcome = _run(lambda: keys.unwrap_secret_compat(private_key, test.get("encryptedSecret")))

    def check(got: tuple) -> None:
        secret, wrap = got
        if secret != _unhex(test.get("secret"), "secret"):
            raise Mismatch("unwrapped secret differs from the expected secret")
        if wrap != test.get("keyWrap"):
            raise Mismatch(f"keyWrap {wrap}, expected {test.get('keyWrap')}")

    _expect(test, outcome, check)
    _expect_strict(test, _run(lambda: keys.unwrap_secret(private_key, test.get("encryptedSecret"))))


def t_official_envelope(group: dict, test: dict) -> None:
    key = _unhex(group.get("key"), "key")
    limit = group.get("maxPlaintextBytes", envelope.DEFAULT_PLAINTEXT_LIMIT)
    text = test.get("envelope")
    outcome = _run(lambda: envelope.decode_envelope(text, key, limit, compat=True))
    _expect(test, outcome, lambda decoded: _check_read(decoded, test, ""))
    _expect_strict(test, _run(lambda: envelope.decode_envelope(text, key, limit)))


def t_official_multipart(group: dict, test: dict) -> None:
    key = _unhex(group.get("key"), "key")
    limit = group.get("maxPlaintextBytes", envelope.DEFAULT_PLAINTEXT_LIMIT)
    body = _unhex(test.get("body"), "body")

    def read() -> tuple:
        parts, recovered = multipart.parse_multipart(body, multipart.boundary_of(test.get("contentType")), compat=True)
        out = []
        for headers, part_body in parts:
            env = multipart.part_envelope(headers, part_body)
            out.append((env, envelope.decode_envelope(json.dumps(env), key, limit, compat=True)))
        return out, recovered

    def check(got: tuple) -> None:
        parts, recovered = got
        if recovered != test.get("jsFramingDelimiters"):
            raise Mismatch(f"jsFramingDelimiters {recovered}, expected {test.get('jsFramingDelimiters')}")
        want = test.get("parts")
        if not isinstance(want, list) or len(want) != len(parts):
            raise Mismatch(f"{len(parts)} parts, expected {len(want) if isinstance(want, list) else '?'}")
        for i, ((env, decoded), w) in enumerate(zip(parts, want)):
            for field in ("timestamp", "entry_type", "payload_type", "nonce", "key_id"):
                if env.get(field) != w.get(field):
                    raise Mismatch(f"part {i}: {field} differs")
            _check_read(decoded, w, f"part {i}: ")

    _expect(test, _run(read), check)

    def strict() -> int:
        return len(multipart.parse_multipart(body, multipart.boundary_of(test.get("contentType")))[0])

    _expect_strict(test, _run(strict))


HANDLERS: dict[str, Callable[[dict, dict], None]] = {
    "ApiKeyTest": t_api_key,
    "DiscoveryResolutionTest": t_discovery_resolution,
    "DiscoveryResponseTest": t_discovery_response,
    "AeadTest": t_aead,
    "RsaOaepUnwrapTest": t_rsa_oaep,
    "PublicKeyTest": t_public_key,
    "EnvelopeDecodeTest": t_envelope,
    "OfficialSdkKeyUnwrapTest": t_official_key_unwrap,
    "OfficialSdkEnvelopeReadTest": t_official_envelope,
    "OfficialSdkMultipartReadTest": t_official_multipart,
}


# --- files ------------------------------------------------------------------------


class Tally:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.lines: list[str] = []

    def fail(self, where: str, tc: Any, reason: str) -> None:
        self.failed += 1
        self.lines.append(f"FAIL {where} tcId={tc}: {reason}")

    def summary(self) -> str:
        return f"{self.passed} passed, {self.failed} failed"


def _count_tests(doc: Any) -> int:
    try:
        return sum(len(g.get("tests", [])) for g in doc.get("testGroups", []))
    except AttributeError:
        return 0


def run_file(path: Path, tally: Tally) -> None:
    name = path.name
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        tally.fail(name, "-", f"cannot read vector file ({type(exc).__name__})")
        return
    if not isinstance(doc, dict) or not isinstance(doc.get("testGroups"), list):
        tally.fail(name, "-", "not a vector file (no testGroups)")
        return
    schema = doc.get("schema")
    if schema not in KNOWN_SCHEMAS:
        # Skipping is not passing: every test of an unknown schema fails.
        n = max(1, _count_tests(doc))
        for _ in range(n - 1):
            tally.failed += 1
        tally.fail(name, "-", f"unknown schema {schema!r} ({n} tests counted as failed)")
        return
    allowed = KNOWN_SCHEMAS[schema]
    seen_ids: set[Any] = set()
    count = 0
    for gi, group in enumerate(doc["testGroups"]):
        tests = group.get("tests") if isinstance(group, dict) else None
        if not isinstance(tests, list):
            tally.fail(name, "-", f"group {gi} has no tests array")
            continue
        gtype = group.get("type")
        handler = HANDLERS.get(gtype) if gtype in allowed else None
        for test in tests:
            count += 1
            tc = test.get("tcId", "?") if isinstance(test, dict) else "?"
            if handler is None:
                tally.fail(name, tc, f"unknown group type {gtype!r} for schema {schema}")
                continue
            if tc in seen_ids:
                tally.fail(name, tc, "duplicate tcId")
                continue
            seen_ids.add(tc)
            try:
                handler(group, test)
            except Mismatch as exc:
                tally.fail(name, tc, str(exc))
            except Exception as exc:  # a crash is a failure, never a pass
                if os.environ.get("LOGFLUX_CHECKER_DEBUG"):
                    traceback.print_exc()
                tally.fail(name, tc, f"checker error {type(exc).__name__}")
            else:
                tally.passed += 1
    if doc.get("numberOfTests") != count:
        tally.fail(name, "-", f"numberOfTests is {doc.get('numberOfTests')} but the file has {count} tests")


def verify_dir(directory: Path) -> Tally:
    tally = Tally()
    files = sorted(directory.glob("*_test.json"))
    if not files:
        tally.fail(str(directory), "-", "no *_test.json files found")
    for path in files:
        run_file(path, tally)
    return tally

