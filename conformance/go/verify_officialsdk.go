package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Group types of official_sdk_3_0_1_test.json: what the official SDKs 3.0.1
// write, read with the §7.8 and §8.4.1 rules (compat) and strictly.

// strictMismatch compares a strict outcome with strictResult,
// strictErrorClass and (for multipart) strictParts.
func strictMismatch(t *Value, err error, parts int) string {
	switch want := strField(t, "strictResult"); want {
	case "valid":
		if err != nil {
			return fmt.Sprintf("strict: expected valid, got error %s", classOf(err))
		}
		if sp := t.Get("strictParts"); sp != nil && sp.Str != itoa(parts) {
			return fmt.Sprintf("strict: expected %s parts, got %d", sp.Str, parts)
		}
	case "invalid":
		if exp := strField(t, "strictErrorClass"); classOf(err) != exp {
			got := "success"
			if err != nil {
				got = "error " + classOf(err)
			}
			return fmt.Sprintf("strict: expected error %s, got %s", exp, got)
		}
	default:
		return fmt.Sprintf("unknown strictResult %q", want)
	}
	return ""
}

func join(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "; ")
}

// readMismatch compares a compat-mode read with entry, compat and plaintextSha256.
func readMismatch(dec *DecodedEnvelope, want *Value, where string) string {
	var bad []string
	if !JSONEqual(dec.Document, want.Get("entry")) {
		bad = append(bad, where+"entry differs from the expected entry")
	}
	var flags []string
	if c := want.Get("compat"); c != nil {
		for _, f := range c.Arr {
			flags = append(flags, f.Str)
		}
	}
	if strings.Join(flags, ",") != strings.Join(dec.Compat, ",") {
		bad = append(bad, fmt.Sprintf("%scompat %v, expected %v", where, dec.Compat, flags))
	}
	sum := sha256.Sum256(dec.Plaintext)
	if strField(want, "plaintextSha256") != hex.EncodeToString(sum[:]) {
		bad = append(bad, where+"plaintextSha256 differs")
	}
	return strings.Join(bad, "; ")
}

func groupOfficialKeyUnwrap(g *Value) (checkFn, error) {
	pemText, err := reqStr(g, "privateKeyPem")
	if err != nil {
		return nil, err
	}
	priv, err := ParsePrivateKeyPKCS8(pemText)
	if err != nil {
		return nil, fmt.Errorf("privateKeyPem: %v", err)
	}
	return func(t *Value) (string, error) {
		es, err := reqStr(t, "encryptedSecret")
		if err != nil {
			return "", vectorErr(err)
		}
		_, strictErr := UnwrapSecret(priv, es)
		strict := strictMismatch(t, strictErr, 0)
		secret, wrap, err := UnwrapSecretCompat(priv, es)
		if err != nil {
			return strict, err
		}
		var bad string
		if exp, e := reqHex(t, "secret"); e != nil || string(exp) != string(secret) {
			bad = "unwrapped secret differs (values not shown)"
		}
		if exp := strField(t, "keyWrap"); exp != wrap {
			bad = join(bad, fmt.Sprintf("keyWrap %s, expected %s", wrap, exp))
		}
		return join(bad, strict), nil
	}, nil
}

func envelopeGroupSetup(g *Value) (func(string) []byte, int, error) {
	key, err := reqHex(g, "key")
	if err != nil {
		return nil, 0, err
	}
	limit := DefaultMaxPlaintext
	if m := g.Get("maxPlaintextBytes"); m != nil && m.Kind != KNull {
		v, ok := m.PlainInt()
		if !ok || v < 0 || v > 1<<34 {
			return nil, 0, fmt.Errorf("maxPlaintextBytes is not a usable integer")
		}
		limit = int(v)
	}
	return func(string) []byte { return key }, limit, nil
}

func groupOfficialEnvelope(g *Value) (checkFn, error) {
	keyFor, limit, err := envelopeGroupSetup(g)
	if err != nil {
		return nil, err
	}
	return func(t *Value) (string, error) {
		env, err := reqStr(t, "envelope")
		if err != nil {
			return "", vectorErr(err)
		}
		_, strictErr := DecodeEnvelopeMode([]byte(env), keyFor, limit, false)
		strict := strictMismatch(t, strictErr, 0)
		dec, err := DecodeEnvelopeMode([]byte(env), keyFor, limit, true)
		if err != nil {
			return strict, err
		}
		return join(readMismatch(dec, t, ""), strict), nil
	}, nil
}

func groupOfficialMultipart(g *Value) (checkFn, error) {
	keyFor, limit, err := envelopeGroupSetup(g)
	if err != nil {
		return nil, err
	}
	return func(t *Value) (string, error) {
		body, err := reqHex(t, "body")
		if err != nil {
			return "", vectorErr(err)
		}
		ct, err := reqStr(t, "contentType")
		if err != nil {
			return "", vectorErr(err)
		}
		boundary, err := BoundaryOf(ct)
		if err != nil {
			return strictMismatch(t, err, 0), err
		}
		strictParts, _, strictErr := ParseMultipart(body, boundary, false)
		strict := strictMismatch(t, strictErr, len(strictParts))
		parts, recovered, err := ParseMultipart(body, boundary, true)
		if err != nil {
			return strict, err
		}
		var bad []string
		if exp := t.Get("jsFramingDelimiters"); exp == nil || exp.Str != itoa(recovered) {
			bad = append(bad, fmt.Sprintf("jsFramingDelimiters %d differs", recovered))
		}
		want := t.Get("parts")
		if want == nil || len(want.Arr) != len(parts) {
			return join(append(bad, fmt.Sprintf("%d parts, expected another number", len(parts)))...), nil
		}
		for i, p := range parts {
			text, env, err := PartEnvelope(p)
			if err != nil {
				return strict, err
			}
			w := want.Arr[i]
			for _, f := range []string{"timestamp", "nonce", "key_id"} {
				if fmt.Sprint(env[f]) != strField(w, f) {
					bad = append(bad, fmt.Sprintf("part %d: %s differs", i, f))
				}
			}
			for _, f := range []string{"entry_type", "payload_type"} {
				if exp := w.Get(f); exp == nil || fmt.Sprint(env[f]) != exp.Str {
					bad = append(bad, fmt.Sprintf("part %d: %s differs", i, f))
				}
			}
			dec, err := DecodeEnvelopeMode(text, keyFor, limit, true)
			if err != nil {
				return strict, err
			}
			if m := readMismatch(dec, w, fmt.Sprintf("part %d: ", i)); m != "" {
				bad = append(bad, m)
			}
		}
		return join(append(bad, strict)...), nil
	}, nil
}
