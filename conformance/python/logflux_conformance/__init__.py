"""Independent Python conformance checker for the LogFlux wire protocol.

Written from the protocol brief (docs/protocol.md) only; it shares no code with
the TypeScript SDK.
"""

__all__ = ["ProtocolError"]

from .errors import ProtocolError  # noqa: E402
