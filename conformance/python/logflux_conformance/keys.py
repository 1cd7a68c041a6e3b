"""Server public key checks (handshake) and RSA-OAEP wrapping of the session key.

PEM is parsed here rather than by ``load_pem_public_key``, which would also
accept ``BEGIN RSA PUBLIC KEY`` (PKCS#1), i.e. not a SubjectPublicKeyInfo,
and the fingerprint must be taken over the exact DER SPKI bytes.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .errors import ProtocolError
from .strict import b64decode_strict, b64encode

MIN_MODULUS_BITS = 4096
ABSOLUTE_MIN_MODULUS_BITS = 2048

_PEM = re.compile(
    r"-----BEGIN ([A-Z0-9 ]+)-----\r?\n((?:[A-Za-z0-9+/=]+\r?\n)*)-----END ([A-Z0-9 ]+)-----(?:\r?\n)?"
)
_PIN_FP = re.compile(r"SHA256:[0-9A-Fa-f]{64}")


def pem_to_der(pem: Any, label: str, error_class: str) -> bytes:
    """Extract the DER of a single PEM block with the given label (RFC 7468 strict-ish).

    Surrounding whitespace is tolerated; the body must be base64 lines.
    """
    if not isinstance(pem, str):
        raise ProtocolError(error_class, "PEM is not a string")
    m = _PEM.fullmatch(pem.strip() + "\n")
    if m is None:
        raise ProtocolError(error_class, "not a single PEM block")
    if m.group(1) != label or m.group(3) != label:
        raise ProtocolError(error_class, f"PEM label is not {label}")
    body = "".join(m.group(2).split())
    return b64decode_strict(body, error_class)


def spki_fingerprint(der: bytes) -> str:
    return "SHA256:" + hashlib.sha256(der).hexdigest()


def load_spki(pem: Any, error_class: str = "key_format"):
    """PEM SPKI -> (DER bytes, public key object)."""
    der = pem_to_der(pem, "PUBLIC KEY", error_class)
    try:
        key = serialization.load_der_public_key(der)
    except (ValueError, TypeError) as exc:
        raise ProtocolError(error_class, f"not a SubjectPublicKeyInfo ({type(exc).__name__})") from None
    # The DER must be exactly one canonical SPKI (no trailing bytes, DER not BER).
    reencoded = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if reencoded != der:
        raise ProtocolError(error_class, "SPKI is not canonical DER")
    return der, key


def parse_pin(pin: Any) -> str:
    """A configured pin (fingerprint string or SPKI PEM) -> lowercase fingerprint."""
    if not isinstance(pin, str):
        raise ProtocolError("pin_format", "pin is not a string")
    if _PIN_FP.fullmatch(pin):
        return "SHA256:" + pin[7:].lower()
    if pin.lstrip().startswith("-----BEGIN"):
        der, _ = load_spki(pin, "pin_format")
        return spki_fingerprint(der)
    raise ProtocolError("pin_format", "pin must be SHA256:<64 hex> or an SPKI PEM")


def check_server_key(public_key_pem: Any, pin: Any = None, min_bits: int = MIN_MODULUS_BITS) -> dict:
    """Handshake key checks: RSA SPKI, modulus size, fingerprint, pin.

    Returns ``{"fingerprint", "modulusBits"}``.
    """
    if min_bits < ABSOLUTE_MIN_MODULUS_BITS:
        raise ValueError("the minimum modulus can never be lowered below 2048 bits")
    der, key = load_spki(public_key_pem, "key_format")
    if not isinstance(key, rsa.RSAPublicKey):
        raise ProtocolError("key_format", "public key is not RSA")
    bits = key.key_size
    if bits < min_bits:
        raise ProtocolError("key_too_small", f"RSA modulus is {bits} bits, minimum {min_bits}")
    fingerprint = spki_fingerprint(der)
    if pin is not None:
        if parse_pin(pin) != fingerprint:
            raise ProtocolError("pin_mismatch", "server key does not match the pinned key")
    return {"fingerprint": fingerprint, "modulusBits": bits}


def _oaep() -> padding.OAEP:
    return padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def load_private_key(pem: str):
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("private key is not RSA")
    return key


def unwrap_secret(private_key, encrypted_secret: Any) -> bytes:
    """handshake/complete ``encrypted_secret`` -> 32-byte AES key."""
    ct = b64decode_strict(encrypted_secret, "base64")
    try:
        secret = private_key.decrypt(ct, _oaep())
    except ValueError:
        # Wrong hash/MGF/label, tampering, or a ciphertext of the wrong length.
        raise ProtocolError("oaep", "RSA-OAEP decryption failed") from None
    if len(secret) != 32:
        raise ProtocolError("secret_length", f"unwrapped secret is {len(secret)} bytes, expected 32")
    return secret


def unwrap_secret_compat(private_key, encrypted_secret: Any) -> tuple[bytes, str]:
    """Section 7.8 rule 1: the protocol's OAEP first, then SHA-256 with MGF1-SHA-1 (Java SDK 3.0.1).

    Returns (secret, "mgf1_sha256" | "mgf1_sha1").
    """
    ct = b64decode_strict(encrypted_secret, "base64")
    if len(ct) != private_key.key_size // 8:
        raise ProtocolError("oaep", "encrypted_secret is not the length of the modulus")
    for name, mgf in (("mgf1_sha256", hashes.SHA256()), ("mgf1_sha1", hashes.SHA1())):
        try:
            secret = private_key.decrypt(ct, padding.OAEP(mgf=padding.MGF1(algorithm=mgf), algorithm=hashes.SHA256(), label=None))
        except ValueError:
            continue
        if len(secret) != 32:
            raise ProtocolError("secret_length", f"unwrapped secret is {len(secret)} bytes, expected 32")
        return secret, name
    raise ProtocolError("oaep", "RSA-OAEP decryption failed")


def wrap_secret(public_key_pem: str, secret: bytes) -> str:
    """Client side: RSA-OAEP(SHA-256, MGF1-SHA-256, empty label), standard base64."""
    check_server_key(public_key_pem)  # RSA SPKI, modulus >= 4096 bits
    _, key = load_spki(public_key_pem)
    return b64encode(key.encrypt(secret, _oaep()))
