"""The single exception type used by every check: it carries a protocol error class."""


class ProtocolError(Exception):
    """A protocol failure with one of the brief's error classes.

    ``error_class`` is the machine-readable class (``base64``, ``auth``, ...).
    The message must never contain secrets (API keys, AES keys, plaintext).
    """

    def __init__(self, error_class: str, message: str = ""):
        super().__init__(f"{error_class}: {message}" if message else error_class)
        self.error_class = error_class
        self.detail = message
