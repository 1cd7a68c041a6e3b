package main

import (
	"bytes"
	"compress/gzip"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"
)

const (
	DefaultMaxPlaintext = 16 << 20  // 16 MiB decompressed-size limit L
	MaxPayloadBytes     = 1 << 20   // decoded payload limit
	MaxPayloadB64Chars  = 1_398_104 // 4*ceil(1 MiB/3)
	NonceSize           = 12
	TagSize             = 16
)

// DecodedEnvelope is the result of a successful decode.
type DecodedEnvelope struct {
	PayloadType int
	KeyID       string
	Plaintext   []byte
	// Document is the plaintext object as read (normalised by §7.8 in compat mode).
	Document *Value
	// Compat names the §7.8 rules that applied (compat mode only).
	Compat []string
}

// MaxPlaintextDepth is the nesting limit of §7 step 8.
const MaxPlaintextDepth = 128

// JSONNestingDepth is the lexical depth scan of §7 step 8: outside strings
// each [ or { adds one and each ] or } takes one away; the highest count
// wins. A string runs from " to the next " not escaped by a backslash.
// Scanning bytes equals scanning characters: UTF-8 continuation bytes are
// never ASCII.
func JSONNestingDepth(text []byte) int {
	depth, best, inString := 0, 0, false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case inString && c == '\\':
			i++
		case inString && c == '"':
			inString = false
		case inString:
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			if depth > best {
				best = depth
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return best
}

// DecodeEnvelope applies the normative decoding order of docs/protocol.md.
// keyFor returns the AES-256 session key for a key_id (nil if unknown).
func DecodeEnvelope(text []byte, keyFor func(keyID string) []byte, limit int) (*DecodedEnvelope, error) {
	return DecodeEnvelopeMode(text, keyFor, limit, false)
}

// DecodeEnvelopeMode is DecodeEnvelope with the §7.8 compatibility rules for
// data the official SDKs 3.0.1 write when compat is true.
func DecodeEnvelopeMode(text []byte, keyFor func(keyID string) []byte, limit int, compat bool) (*DecodedEnvelope, error) {
	// 1. UTF-8 JSON object.
	if !utf8.Valid(text) {
		return nil, classErr(ClassEnvelopeJSON, "envelope is not valid UTF-8")
	}
	env, err := ParseJSON(text)
	if err != nil {
		return nil, classErr(ClassEnvelopeJSON, "%v", err)
	}
	if env.Kind != KObject {
		return nil, classErr(ClassEnvelopeJSON, "envelope top level is a JSON %s, not an object", env.Kind)
	}

	// 2. Field types.
	pt := env.Get("payload_type")
	ptv, ptFits, ptInt := pt.IntegerValue()
	if !ptInt {
		return nil, classErr(ClassFieldType, "payload_type must be an integer JSON number")
	}
	for _, name := range []string{"payload", "nonce", "key_id"} {
		if f := env.Get(name); f == nil || f.Kind != KString {
			return nil, classErr(ClassFieldType, "%s must be a string", name)
		}
	}
	keyID := env.Get("key_id").Str
	if keyID == "" {
		return nil, classErr(ClassFieldType, "key_id must be non-empty")
	}
	if ts, ok := env.Obj["timestamp"]; ok && ts.Kind != KString {
		return nil, classErr(ClassFieldType, "timestamp must be a string")
	}
	if et, ok := env.Obj["entry_type"]; ok {
		v, fits, isInt := et.IntegerValue()
		if !isInt {
			return nil, classErr(ClassFieldType, "entry_type must be an integer JSON number")
		}
		if !fits || v < 1 || v > 7 {
			return nil, classErr(ClassFieldType, "entry_type out of range 1..7")
		}
	}

	// 3. payload_type value.
	if !ptFits || (ptv != 1 && ptv != 2) {
		return nil, classErr(ClassUnknownPayload, "payload_type %s is not 1 or 2", pt.Str)
	}

	// 4. nonce.
	nonce, err := DecodeStrictBase64(env.Get("nonce").Str)
	if err != nil {
		return nil, classErr(ClassBase64, "nonce: %s", err.(*ClassError).Msg)
	}
	if len(nonce) != NonceSize {
		return nil, classErr(ClassNonceLength, "nonce is %d bytes, want %d", len(nonce), NonceSize)
	}

	// 5. payload.
	payloadText := env.Get("payload").Str
	if utf8.RuneCountInString(payloadText) > MaxPayloadB64Chars {
		return nil, classErr(ClassSizeLimit, "payload base64 text longer than %d characters", MaxPayloadB64Chars)
	}
	payload, err := DecodeStrictBase64(payloadText)
	if err != nil {
		return nil, classErr(ClassBase64, "payload: %s", err.(*ClassError).Msg)
	}
	if len(payload) > MaxPayloadBytes {
		return nil, classErr(ClassSizeLimit, "payload is %d bytes, limit %d", len(payload), MaxPayloadBytes)
	}
	if len(payload) < TagSize {
		return nil, classErr(ClassAuth, "payload shorter than the 16-byte tag")
	}

	// 6. AES-256-GCM.
	key := keyFor(keyID)
	if key == nil {
		return nil, classErr(ClassAuth, "no session key for this key_id")
	}
	compressed, err := OpenGCM(key, nonce, payload)
	if err != nil {
		return nil, err
	}

	// 7. Decompress (§7.8 rule 2: type 1 that is not gzip, in compat mode).
	var plain []byte
	flags := []string{}
	switch {
	case compat && ptv == 1 && !bytes.HasPrefix(compressed, []byte{0x1f, 0x8b}):
		if len(compressed) > limit {
			return nil, classErr(ClassSizeLimit, "uncompressed plaintext over the limit")
		}
		plain = compressed
		flags = append(flags, "mislabelled_uncompressed")
	case ptv == 1:
		plain, err = GunzipStrict(compressed, limit)
	default:
		plain, err = UnzstdStrict(compressed, limit)
	}
	if err != nil {
		return nil, err
	}

	// 8. Plaintext JSON object.
	if bytes.HasPrefix(plain, []byte{0xEF, 0xBB, 0xBF}) {
		return nil, classErr(ClassPlaintextJSON, "plaintext starts with a byte order mark")
	}
	if !utf8.Valid(plain) {
		return nil, classErr(ClassPlaintextJSON, "plaintext is not valid UTF-8")
	}
	if d := JSONNestingDepth(plain); d > MaxPlaintextDepth {
		return nil, classErr(ClassPlaintextTooDeep, "plaintext nests %d levels deep; the limit is %d", d, MaxPlaintextDepth)
	}
	doc, err := ParseJSON(plain)
	if err != nil {
		return nil, classErr(ClassPlaintextJSON, "%v", err)
	}
	if doc.Kind != KObject {
		return nil, classErr(ClassPlaintextJSON, "top level is a JSON %s, not an object", doc.Kind)
	}
	if compat {
		var more []string
		doc, more = NormaliseEntry(doc)
		flags = append(flags, more...)
	}
	return &DecodedEnvelope{PayloadType: int(ptv), KeyID: keyID, Plaintext: plain, Document: doc, Compat: flags}, nil
}

// OpenGCM opens ciphertext||tag with AES-256-GCM, no AAD. All failures are
// class auth. Nonce and tag lengths are checked here, never left to the
// library (cipher.AEAD.Open panics on a wrong nonce length).
func OpenGCM(key, nonce, sealed []byte) ([]byte, error) {
	if len(key) != 32 {
		return nil, classErr(ClassAuth, "key is not 32 bytes")
	}
	if len(nonce) != NonceSize {
		return nil, classErr(ClassAuth, "nonce is not 12 bytes")
	}
	if len(sealed) < TagSize {
		return nil, classErr(ClassAuth, "ciphertext shorter than the 16-byte tag")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, classErr(ClassAuth, "%v", err)
	}
	aead, err := cipher.NewGCMWithTagSize(block, TagSize)
	if err != nil {
		return nil, classErr(ClassAuth, "%v", err)
	}
	if aead.NonceSize() != NonceSize || aead.Overhead() != TagSize {
		return nil, classErr(ClassAuth, "unexpected GCM parameters")
	}
	pt, err := aead.Open(nil, nonce, sealed, nil)
	if err != nil {
		return nil, classErr(ClassAuth, "authentication failed")
	}
	return pt, nil
}

// SealGCM seals plaintext with AES-256-GCM, returning ciphertext||tag.
func SealGCM(key, nonce, plaintext []byte) ([]byte, error) {
	if len(key) != 32 || len(nonce) != NonceSize {
		return nil, fmt.Errorf("bad key or nonce length")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return aead.Seal(nil, nonce, plaintext, nil), nil
}

// ---------------------------------------------------------------- encode

// GzipCompress writes a single gzip member, MTIME 0, no FNAME.
func GzipCompress(p []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if err != nil {
		return nil, err
	}
	// The zero Header (ModTime zero, Name empty) gives MTIME 0 and no FNAME.
	if _, err := w.Write(p); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ZstdCompress writes a single zstd frame carrying Frame_Content_Size.
func ZstdCompress(p []byte) ([]byte, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithEncoderCRC(true))
	if err != nil {
		return nil, err
	}
	defer enc.Close()
	return enc.EncodeAll(p, nil), nil
}

type wireEnvelope struct {
	Timestamp   string `json:"timestamp"`
	EntryType   int    `json:"entry_type"`
	PayloadType int    `json:"payload_type"`
	Payload     string `json:"payload"`
	Nonce       string `json:"nonce"`
	KeyID       string `json:"key_id"`
}

// EncodeEnvelope compresses, seals (fresh random nonce) and serialises one
// log entry (entry_type 1).
func EncodeEnvelope(key []byte, keyID string, payloadType int, plaintext []byte) (string, error) {
	var compressed []byte
	var err error
	switch payloadType {
	case 1:
		compressed, err = GzipCompress(plaintext)
	case 2:
		compressed, err = ZstdCompress(plaintext)
	default:
		return "", fmt.Errorf("cannot encode payload type %d", payloadType)
	}
	if err != nil {
		return "", err
	}
	nonce := make([]byte, NonceSize)
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed, err := SealGCM(key, nonce, compressed)
	if err != nil {
		return "", err
	}
	env := wireEnvelope{
		Timestamp:   time.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		EntryType:   1,
		PayloadType: payloadType,
		Payload:     base64.StdEncoding.EncodeToString(sealed),
		Nonce:       base64.StdEncoding.EncodeToString(nonce),
		KeyID:       keyID,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(env); err != nil {
		return "", err
	}
	return string(bytes.TrimRight(buf.Bytes(), "\n")), nil
}
