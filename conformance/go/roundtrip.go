package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

const (
	producerName    = "go"
	roundtripSchema = "logflux_roundtrip_inputs_v1"
)

type rtEntry struct {
	id          *Value // string or number, echoed as given
	payloadType int
	plaintext   string
}

type rtInputs struct {
	aesKey  []byte
	entries []rtEntry
	keysDir string
}

func loadInputs(path string) (*rtInputs, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc, err := ParseJSON(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if sc := doc.Get("schema"); sc != nil && (sc.Kind != KString || sc.Str != roundtripSchema) {
		return nil, fmt.Errorf("%s: unknown schema %q (this checker implements %s)", path, sc.Str, roundtripSchema)
	}
	key, err := reqHex(doc, "aesKey")
	if err != nil {
		return nil, err
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("aesKey is not 32 bytes")
	}
	entries := doc.Get("entries")
	if entries == nil || entries.Kind != KArray {
		return nil, fmt.Errorf("entries missing or not an array")
	}
	in := &rtInputs{aesKey: key}
	for i, e := range entries.Arr {
		id := e.Get("id")
		if id == nil || (id.Kind != KString && id.Kind != KNumber) {
			return nil, fmt.Errorf("entry %d: id missing or not a string/number", i)
		}
		pt := e.Get("payloadType")
		v, ok := pt.PlainInt()
		if !ok {
			return nil, fmt.Errorf("entry %d: payloadType is not an integer", i)
		}
		text, err := reqStr(e, "plaintext")
		if err != nil {
			return nil, fmt.Errorf("entry %d: %v", i, err)
		}
		in.entries = append(in.entries, rtEntry{id: id, payloadType: int(v), plaintext: text})
	}
	// Keys live beside the inputs: test-vectors/roundtrip/inputs.json ->
	// test-vectors/keys/. Fall back to the repository's test-vectors/keys.
	in.keysDir = filepath.Join(filepath.Dir(path), "..", "keys")
	if _, err := os.Stat(in.keysDir); err != nil {
		in.keysDir = filepath.Join(defaultVectorDir(), "keys")
	}
	return in, nil
}

func (v *Value) strOr(def string) string {
	if v == nil {
		return def
	}
	return v.Str
}

// idKey identifies an id across files (kind + literal text).
func idKey(v *Value) string {
	if v == nil {
		return ""
	}
	return v.Kind.String() + ":" + v.Str
}

func idJSON(v *Value) json.RawMessage {
	if v.Kind == KNumber {
		return json.RawMessage(v.Str)
	}
	b, _ := json.Marshal(v.Str)
	return b
}

func runEncode(inputsPath, outPath string) error {
	in, err := loadInputs(inputsPath)
	if err != nil {
		return err
	}
	pubPem, err := os.ReadFile(filepath.Join(in.keysDir, "test-rsa-4096-public.pem"))
	if err != nil {
		return err
	}
	pub, _, _, err := ParseServerPublicKey(string(pubPem))
	if err != nil {
		return err
	}
	secret, err := WrapSecret(pub, in.aesKey)
	if err != nil {
		return err
	}
	type outEnv struct {
		ID       json.RawMessage `json:"id"`
		Envelope string          `json:"envelope"`
	}
	out := struct {
		Producer        string   `json:"producer"`
		EncryptedSecret string   `json:"encryptedSecret"`
		Envelopes       []outEnv `json:"envelopes"`
	}{Producer: producerName, EncryptedSecret: secret, Envelopes: []outEnv{}}
	for i, e := range in.entries {
		env, err := EncodeEnvelope(in.aesKey, "roundtrip", e.payloadType, []byte(e.plaintext))
		if err != nil {
			return fmt.Errorf("entry %d: %v", i, err)
		}
		out.Envelopes = append(out.Envelopes, outEnv{ID: idJSON(e.id), Envelope: env})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	return os.WriteFile(outPath, buf.Bytes(), 0o644)
}

func runDecode(inputsPath, producedPath string, w io.Writer) (*tally, error) {
	r := &tally{w: w}
	in, err := loadInputs(inputsPath)
	if err != nil {
		return r, err
	}
	data, err := os.ReadFile(producedPath)
	if err != nil {
		return r, err
	}
	doc, err := ParseJSON(data)
	if err != nil || doc.Kind != KObject {
		return r, fmt.Errorf("%s is not a JSON object: %v", producedPath, err)
	}
	producer := strField(doc, "producer")
	file := filepath.Base(producedPath) + " (producer " + fmt.Sprintf("%q", producer) + ")"

	privPem, err := os.ReadFile(filepath.Join(in.keysDir, "test-rsa-4096-private.pem"))
	if err != nil {
		return r, err
	}
	priv, err := ParsePrivateKeyPKCS8(string(privPem))
	if err != nil {
		return r, fmt.Errorf("private key: %v", err)
	}

	// Test 1: the wrapped secret unwraps to aesKey.
	key := in.aesKey
	if es, err := reqStr(doc, "encryptedSecret"); err != nil {
		r.failf(file, "encryptedSecret", "missing or not a string")
	} else if secret, err := UnwrapSecret(priv, es); err != nil {
		r.failf(file, "encryptedSecret", "unwrap failed: %s (%s)", classOf(err), errMsg(err))
	} else if !bytes.Equal(secret, in.aesKey) {
		r.failf(file, "encryptedSecret", "unwrapped secret differs from aesKey (values not shown)")
	} else {
		r.passed++
		key = secret
	}

	// One test per input entry.
	produced := map[string]string{}
	if envs := doc.Get("envelopes"); envs != nil && envs.Kind == KArray {
		for _, e := range envs.Arr {
			if s := e.Get("envelope"); s != nil && s.Kind == KString {
				produced[idKey(e.Get("id"))] = s.Str
			}
		}
	}
	keyFor := func(string) []byte { return key }
	for _, e := range in.entries {
		tc := e.id.Str
		env, ok := produced[idKey(e.id)]
		if !ok {
			r.failf(file, tc, "no envelope for this id")
			continue
		}
		dec, err := DecodeEnvelope([]byte(env), keyFor, DefaultMaxPlaintext)
		switch {
		case err != nil:
			r.failf(file, tc, "decode failed: %s (%s)", classOf(err), errMsg(err))
		case dec.PayloadType != e.payloadType:
			r.failf(file, tc, "payload_type %d, expected %d", dec.PayloadType, e.payloadType)
		case string(dec.Plaintext) != e.plaintext:
			r.failf(file, tc, "plaintext differs (got %d bytes, expected %d; sha256 %s)", len(dec.Plaintext), len(e.plaintext), shortSHA(dec.Plaintext))
		default:
			r.passed++
		}
	}
	return r, nil
}

func shortSHA(b []byte) string {
	s := sha256Hex(b)
	return s[:16]
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
