"""API key grammar, endpoint URL validation/normalisation and discovery.

Nothing here uses ``urllib.parse``: it accepts far too much (spaces, missing
``//``, bad ports as strings, ...). The URL grammar below is the small
RFC 3986 subset the protocol allows, checked character by character.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from .errors import ProtocolError
from .strict import json_loads_strict, utf8_decode_strict

REGIONS = ("eu", "us", "ca", "au", "ap")

# str patterns: [A-Za-z0-9] and [a-z] are ASCII code point ranges; fullmatch +
# \Z-free patterns mean no "$ matches before a trailing newline" surprise.
_KEY = re.compile(r"(?:(eu|us|ca|au|ap)-)?lf_[A-Za-z0-9]{32}")
_KEY_ANY_REGION = re.compile(r"[a-z]{2}-lf_[A-Za-z0-9]{32}")


def parse_api_key(key: Any) -> str | None:
    """Validate an API key; return its region or None (unprefixed).

    Error messages never contain the key.
    """
    if not isinstance(key, str):
        raise ProtocolError("api_key_format", "the API key is not a string")
    m = _KEY.fullmatch(key)
    if m is not None:
        return m.group(1)
    if _KEY_ANY_REGION.fullmatch(key) is not None:
        raise ProtocolError("unknown_region", "the API key names an unknown region")
    raise ProtocolError("api_key_format", "the API key does not match the key grammar")


# --- URLs ---------------------------------------------------------------

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
# RFC 3986 reg-name characters (unreserved / pct-encoded / sub-delims).
_REG_NAME = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")
# RFC 3986 path characters (pchar and "/").
_PATH = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*")
_IPV4 = re.compile(r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])(?:\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])){3}")
_DIGITS = re.compile(r"[0-9]+")


def _invalid(msg: str) -> ProtocolError:
    return ProtocolError("invalid_url", msg)


def _is_loopback(host: str) -> bool:
    """``host`` is already lowercased; IPv6 hosts keep their brackets."""
    if host == "localhost" or host == "[::1]":
        return True
    if _IPV4.fullmatch(host):
        return host.split(".")[0] == "127"
    return False


def normalise_endpoint(url: Any) -> str:
    """Validate an override/discovered endpoint URL and return its normal form."""
    if not isinstance(url, str):
        raise _invalid("endpoint is not a string")
    colon = url.find(":")
    if colon <= 0 or _SCHEME.fullmatch(url[:colon]) is None:
        raise _invalid("not an absolute URL")
    scheme = url[:colon].lower()
    if scheme not in ("https", "http"):
        raise _invalid("scheme must be https or http")
    rest = url[colon + 1 :]
    if not rest.startswith("//"):
        raise _invalid("URL has no authority")
    rest = rest[2:]
    if "?" in rest:
        raise _invalid("query not allowed")
    if "#" in rest:
        raise _invalid("fragment not allowed")
    slash = rest.find("/")
    authority, path = (rest, "") if slash < 0 else (rest[:slash], rest[slash:])
    if "@" in authority:
        raise _invalid("userinfo not allowed")
    if authority.startswith("["):
        close = authority.find("]")
        if close < 0:
            raise _invalid("unterminated IPv6 literal")
        literal = authority[1:close]
        after = authority[close + 1 :]
        try:
            if "%" in literal:
                raise ValueError("zone id")
            addr = ipaddress.IPv6Address(literal)
        except ValueError:
            raise _invalid("bad IPv6 literal") from None
        host = "[" + addr.compressed + "]"
        if after and not after.startswith(":"):
            raise _invalid("junk after IPv6 literal")
        port_text = after[1:] if after else None
    else:
        if ":" in authority:
            host_text, port_text = authority.split(":", 1)
        else:
            host_text, port_text = authority, None
        if host_text == "":
            raise _invalid("empty host")
        if _REG_NAME.fullmatch(host_text) is None:
            raise _invalid("invalid host")
        host = host_text.lower()
    port: int | None = None
    if port_text is not None:
        if _DIGITS.fullmatch(port_text) is None:
            raise _invalid("port is not numeric")
        port = int(port_text)
        if not 1 <= port <= 65535:
            raise _invalid("port out of range")
    if _PATH.fullmatch(path) is None:
        raise _invalid("invalid path")
    if scheme == "http" and not _is_loopback(host):
        raise ProtocolError("insecure_endpoint", "http is only allowed for loopback hosts")
    default_port = 443 if scheme == "https" else 80
    netloc = host if port is None or port == default_port else f"{host}:{port}"
    return f"{scheme}://{netloc}{path.rstrip('/')}"


# --- Discovery ------------------------------------------------------------


def resolve(api_key: Any, endpoint: Any = None) -> dict:
    """DiscoveryResolutionTest: key check first, then override or per-region URLs."""
    region = parse_api_key(api_key)
    if endpoint is not None:
        return {"ingestorUrl": normalise_endpoint(endpoint)}
    if region is None:
        raise ProtocolError("no_region", "unprefixed API key and no endpoint override")
    return {
        "discoveryUrl": f"https://discover.{region}.logflux.io",
        # §3.3: the official SDKs' path on the global host, then on the region's, then this protocol's own.
        "authenticatedDiscoveryUrls": [
            "https://api.logflux.io/api/discovery",
            f"https://{region}.api.logflux.io/api/discovery",
            f"https://api.{region}.logflux.io/v1/discovery",
        ],
    }


def _absent(obj: dict, name: str) -> bool:
    return name not in obj or obj[name] is None


def ingestor_from_response(kind: str, body: Any) -> str:
    """DiscoveryResponseTest: extract and normalise the ingestor URL from a body."""
    if not isinstance(body, str):
        raise ProtocolError("discovery_response", "body is not text")
    try:
        data = body.encode("utf-8")
    except UnicodeEncodeError:
        raise ProtocolError("discovery_response", "body is not valid UTF-8") from None
    value = json_loads_strict(utf8_decode_strict(data, "discovery_response"), "discovery_response")
    if not isinstance(value, dict):
        raise ProtocolError("discovery_response", "body is not a JSON object")
    url: Any = None
    if kind == "static":
        endpoints = value.get("endpoints")
        if not isinstance(endpoints, dict):
            raise ProtocolError("discovery_response", "endpoints missing or not an object")
        url = endpoints.get("ingestor_url")
    elif kind == "authenticated":
        if not _absent(value, "ingestor_url"):
            url = value["ingestor_url"]
        else:
            wrapped = value.get("data")
            if isinstance(wrapped, dict):
                if not _absent(wrapped, "ingestor_url"):
                    url = wrapped["ingestor_url"]
                else:
                    url = wrapped.get("base_url")
    else:
        raise ProtocolError("discovery_kind", f"unknown discovery kind {kind!r}")
    if not isinstance(url, str):
        raise ProtocolError("discovery_response", "ingestor URL missing or not a string")
    return normalise_endpoint(url)
