package main

import "fmt"

// Error classes of the LogFlux protocol (docs/protocol.md).
const (
	ClassAPIKeyFormat      = "api_key_format"
	ClassUnknownRegion     = "unknown_region"
	ClassNoRegion          = "no_region"
	ClassInvalidURL        = "invalid_url"
	ClassInsecureEndpoint  = "insecure_endpoint"
	ClassDiscoveryResponse = "discovery_response"
	ClassKeyFormat         = "key_format"
	ClassKeyTooSmall       = "key_too_small"
	ClassPinFormat         = "pin_format"
	ClassPinMismatch       = "pin_mismatch"
	ClassOAEP              = "oaep"
	ClassSecretLength      = "secret_length"
	ClassEnvelopeJSON      = "envelope_json"
	ClassFieldType         = "field_type"
	ClassUnknownPayload    = "unknown_payload_type"
	ClassBase64            = "base64"
	ClassNonceLength       = "nonce_length"
	ClassSizeLimit         = "size_limit"
	ClassAuth              = "auth"
	ClassDecompress        = "decompress"
	ClassPlaintextJSON     = "plaintext_json"
	ClassPlaintextTooDeep  = "plaintext_too_deep"
	ClassMultipartFraming  = "multipart_framing"
)

// ClassError is a protocol failure with its error class. Messages never
// contain secrets (API keys, AES keys, private key material).
type ClassError struct {
	Class string
	Msg   string
}

func (e *ClassError) Error() string { return e.Class + ": " + e.Msg }

func classErr(class, format string, args ...any) *ClassError {
	return &ClassError{Class: class, Msg: fmt.Sprintf(format, args...)}
}

// classOf returns the class of err ("" for nil, "internal" for unclassified).
func classOf(err error) string {
	if err == nil {
		return ""
	}
	if ce, ok := err.(*ClassError); ok {
		return ce.Class
	}
	return "internal"
}
