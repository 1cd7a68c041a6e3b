package main

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// knownSchemas maps each schema version this checker implements to the group
// types a file of that schema may contain. Any other schema is a failure.
var knownSchemas = map[string][]string{
	"logflux_api_key_test_schema_v1.json":         {"ApiKeyTest"},
	"logflux_discovery_test_schema_v2.json":       {"DiscoveryResolutionTest", "DiscoveryResponseTest"},
	"logflux_aead_test_schema_v1.json":            {"AeadTest"},
	"logflux_rsa_oaep_unwrap_test_schema_v1.json": {"RsaOaepUnwrapTest"},
	"logflux_public_key_test_schema_v1.json":      {"PublicKeyTest"},
	"logflux_envelope_test_schema_v1.json":        {"EnvelopeDecodeTest"},
	"logflux_official_sdk_test_schema_v1.json": {
		"OfficialSdkKeyUnwrapTest", "OfficialSdkEnvelopeReadTest", "OfficialSdkMultipartReadTest",
	},
}

// checkFn runs one test. err is the implementation's result; mismatch
// describes a wrong output of a successful run ("" when all outputs match).
type checkFn func(t *Value) (mismatch string, err error)

// groupFn prepares a group; it returns the per-test check.
type groupFn func(g *Value) (checkFn, error)

var groupTypes = map[string]groupFn{
	"ApiKeyTest":                   groupAPIKey,
	"DiscoveryResolutionTest":      groupDiscoveryResolution,
	"DiscoveryResponseTest":        groupDiscoveryResponse,
	"AeadTest":                     groupAEAD,
	"RsaOaepUnwrapTest":            groupRSAOAEP,
	"PublicKeyTest":                groupPublicKey,
	"EnvelopeDecodeTest":           groupEnvelope,
	"OfficialSdkKeyUnwrapTest":     groupOfficialKeyUnwrap,
	"OfficialSdkEnvelopeReadTest":  groupOfficialEnvelope,
	"OfficialSdkMultipartReadTest": groupOfficialMultipart,
}

type tally struct {
	passed, failed int
	w              io.Writer
	verbose        bool
}

func (r *tally) failf(file, tc, format string, args ...any) {
	r.failed++
	fmt.Fprintf(r.w, "FAIL %s tcId=%s: %s\n", file, tc, fmt.Sprintf(format, args...))
}

// runVerify runs every *_test.json file in dir and returns the tally.
func runVerify(dir string, w io.Writer, verbose bool) *tally {
	r := &tally{w: w, verbose: verbose}
	files, err := filepath.Glob(filepath.Join(dir, "*_test.json"))
	if err != nil || len(files) == 0 {
		r.failf(dir, "-", "no *_test.json files found")
		return r
	}
	sort.Strings(files)
	for _, f := range files {
		verifyFile(f, r)
	}
	return r
}

func verifyFile(path string, r *tally) {
	name := filepath.Base(path)
	data, err := os.ReadFile(path)
	if err != nil {
		r.failf(name, "-", "cannot read file: %v", err)
		return
	}
	doc, err := ParseJSON(data)
	if err != nil || doc.Kind != KObject {
		r.failf(name, "-", "file is not a JSON object: %v", err)
		return
	}
	groups := doc.Get("testGroups")
	if groups == nil || groups.Kind != KArray {
		r.failf(name, "-", "testGroups missing or not an array")
		return
	}
	total := 0
	for _, g := range groups.Arr {
		if tests := g.Get("tests"); tests != nil && tests.Kind == KArray {
			total += len(tests.Arr)
		}
	}
	schema := doc.Get("schema")
	allowed, schemaOK := []string(nil), false
	if schema != nil && schema.Kind == KString {
		allowed, schemaOK = knownSchemas[schema.Str]
	}
	if !schemaOK {
		desc := "missing"
		if schema != nil {
			desc = fmt.Sprintf("%q", schema.Str)
		}
		// Every test of the file counts as failed (at least one failure).
		n := max(total, 1)
		r.failed += n
		fmt.Fprintf(r.w, "FAIL %s tcId=*: unknown schema %s (%d tests not run, counted as failed)\n", name, desc, n)
		return
	}
	if nt := doc.Get("numberOfTests"); nt == nil || !nt.IsIntegerLiteral() || nt.Str != itoa(total) {
		got := "missing"
		if nt != nil {
			got = nt.Str
		}
		r.failf(name, "-", "numberOfTests is %s but the file holds %d tests", got, total)
	}
	seen := map[string]bool{}
	for gi, g := range groups.Arr {
		tests := g.Get("tests")
		if tests == nil || tests.Kind != KArray {
			r.failf(name, "-", "group %d: tests missing or not an array", gi)
			continue
		}
		typ := g.Get("type")
		typName := ""
		if typ != nil && typ.Kind == KString {
			typName = typ.Str
		}
		fn, known := groupTypes[typName]
		if known && !contains(allowed, typName) {
			known = false
		}
		if !known {
			n := max(len(tests.Arr), 1)
			r.failed += n
			fmt.Fprintf(r.w, "FAIL %s tcId=*: group %d has unknown type %q for schema %s (%d tests not run, counted as failed)\n", name, gi, typName, schema.Str, n)
			continue
		}
		check, err := fn(g)
		if err != nil {
			n := max(len(tests.Arr), 1)
			r.failed += n
			fmt.Fprintf(r.w, "FAIL %s tcId=*: group %d (%s) cannot be set up: %v (%d tests counted as failed)\n", name, gi, typName, err, n)
			continue
		}
		for _, t := range tests.Arr {
			runTest(name, t, check, seen, r)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func runTest(file string, t *Value, check checkFn, seen map[string]bool, r *tally) {
	tc := "?"
	if id := t.Get("tcId"); id != nil && id.IsIntegerLiteral() {
		tc = id.Str
	} else {
		r.failf(file, tc, "tcId missing or not an integer")
		return
	}
	if seen[tc] {
		r.failf(file, tc, "duplicate tcId")
		return
	}
	seen[tc] = true
	result := strField(t, "result")
	expectClass := ""
	switch result {
	case "valid":
	case "invalid":
		expectClass = strField(t, "errorClass")
		if expectClass == "" {
			r.failf(file, tc, "invalid test without errorClass")
			return
		}
	default:
		r.failf(file, tc, "unknown result %q", result)
		return
	}
	mismatch, err := safeCheck(check, t)
	got := classOf(err)
	switch {
	case result == "valid" && err != nil:
		r.failf(file, tc, "expected valid, got error %s (%s)", got, errMsg(err))
	case result == "valid" && mismatch != "":
		r.failf(file, tc, "expected valid with matching output, got %s", mismatch)
	case result == "invalid" && err == nil:
		r.failf(file, tc, "expected error %s, got success", expectClass)
	case result == "invalid" && got != expectClass:
		r.failf(file, tc, "expected error %s, got error %s (%s)", expectClass, got, errMsg(err))
	case result == "invalid" && mismatch != "":
		r.failf(file, tc, "%s", mismatch)
	default:
		r.passed++
		if r.verbose {
			if err != nil {
				fmt.Fprintf(r.w, "ok   %s tcId=%s: %s (%s)\n", file, tc, got, errMsg(err))
			} else {
				fmt.Fprintf(r.w, "ok   %s tcId=%s: valid\n", file, tc)
			}
		}
	}
}

func errMsg(err error) string {
	if ce, ok := err.(*ClassError); ok {
		return ce.Msg
	}
	return err.Error()
}

// safeCheck turns a panic in a check into an "internal" error.
func safeCheck(check checkFn, t *Value) (mismatch string, err error) {
	defer func() {
		if p := recover(); p != nil {
			mismatch, err = "", classErr("internal", "panic: %v", p)
		}
	}()
	return check(t)
}

// ---------------------------------------------------------------- field helpers

func strField(v *Value, name string) string {
	if f := v.Get(name); f != nil && f.Kind == KString {
		return f.Str
	}
	return ""
}

// optStr returns a pointer to a string member, nil when absent or null.
func optStr(v *Value, name string) (*string, error) {
	f := v.Get(name)
	if f == nil || f.Kind == KNull {
		return nil, nil
	}
	if f.Kind != KString {
		return nil, fmt.Errorf("vector field %s is not a string", name)
	}
	s := f.Str
	return &s, nil
}

func reqStr(v *Value, name string) (string, error) {
	f := v.Get(name)
	if f == nil || f.Kind != KString {
		return "", fmt.Errorf("vector field %s missing or not a string", name)
	}
	return f.Str, nil
}

func reqHex(v *Value, name string) ([]byte, error) {
	s, err := reqStr(v, name)
	if err != nil {
		return nil, err
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("vector field %s is not hex", name)
	}
	return b, nil
}

// vectorErr marks a malformed vector (reported as class "vector").
func vectorErr(err error) error {
	return classErr("vector", "malformed vector: %v", err)
}

// ---------------------------------------------------------------- groups

func groupAPIKey(g *Value) (checkFn, error) {
	return func(t *Value) (string, error) {
		key, err := reqStr(t, "apiKey")
		if err != nil {
			return "", vectorErr(err)
		}
		region, err := ParseAPIKey(key)
		if err != nil {
			return "", err
		}
		if strField(t, "result") != "valid" {
			return "", nil
		}
		exp := t.Get("region")
		switch {
		case exp == nil:
			return "vector lacks region", nil
		case exp.Kind == KNull && region != "":
			return fmt.Sprintf("region %q, expected null", region), nil
		case exp.Kind == KString && exp.Str != region:
			if region == "" {
				return fmt.Sprintf("region null, expected %q", exp.Str), nil
			}
			return fmt.Sprintf("region %q, expected %q", region, exp.Str), nil
		case exp.Kind != KNull && exp.Kind != KString:
			return "vector region is neither string nor null", nil
		}
		return "", nil
	}, nil
}

func groupDiscoveryResolution(g *Value) (checkFn, error) {
	return func(t *Value) (string, error) {
		key, err := reqStr(t, "apiKey")
		if err != nil {
			return "", vectorErr(err)
		}
		override, err := optStr(t, "endpoint")
		if err != nil {
			return "", vectorErr(err)
		}
		ingestor, static, auth, err := ResolveDiscovery(key, override)
		if err != nil {
			return "", err
		}
		var bad []string
		cmp := func(field, got string) {
			exp, e := optStr(t, field)
			switch {
			case e != nil:
				bad = append(bad, e.Error())
			case exp == nil && got != "":
				bad = append(bad, fmt.Sprintf("%s %q not expected by the vector", field, got))
			case exp != nil && *exp != got:
				bad = append(bad, fmt.Sprintf("%s %q, expected %q", field, got, *exp))
			}
		}
		cmp("ingestorUrl", ingestor)
		cmp("discoveryUrl", static)
		cmpList := func(field string, got []string) {
			exp := t.Get(field)
			if exp == nil {
				if len(got) > 0 {
					bad = append(bad, fmt.Sprintf("%s %q not expected by the vector", field, got))
				}
				return
			}
			if exp.Kind != KArray || len(exp.Arr) != len(got) {
				bad = append(bad, fmt.Sprintf("%s %q does not match the vector", field, got))
				return
			}
			for i, e := range exp.Arr {
				if e.Kind != KString || e.Str != got[i] {
					bad = append(bad, fmt.Sprintf("%s[%d] %q does not match the vector", field, i, got[i]))
				}
			}
		}
		cmpList("authenticatedDiscoveryUrls", auth)
		return strings.Join(bad, "; "), nil
	}, nil
}

func groupDiscoveryResponse(g *Value) (checkFn, error) {
	return func(t *Value) (string, error) {
		kind, err := reqStr(t, "kind")
		if err != nil {
			return "", vectorErr(err)
		}
		if kind != "static" && kind != "authenticated" {
			return "", vectorErr(fmt.Errorf("unknown kind %q", kind))
		}
		body, err := reqStr(t, "body")
		if err != nil {
			return "", vectorErr(err)
		}
		u, err := IngestorFromDiscovery(kind, []byte(body))
		if err != nil {
			return "", err
		}
		exp, err := reqStr(t, "ingestorUrl")
		if err != nil {
			return "vector lacks ingestorUrl", nil
		}
		if exp != u {
			return fmt.Sprintf("ingestorUrl %q, expected %q", u, exp), nil
		}
		return "", nil
	}, nil
}

func groupAEAD(g *Value) (checkFn, error) {
	for name, want := range map[string]string{"keySize": "256", "ivSize": "96", "tagSize": "128"} {
		if v := g.Get(name); v != nil && v.Str != want {
			return nil, fmt.Errorf("group %s is %s; the protocol fixes it at %s", name, v.Str, want)
		}
	}
	return func(t *Value) (string, error) {
		var fields [4][]byte
		for i, n := range []string{"key", "nonce", "plaintext", "ciphertext"} {
			b, err := reqHex(t, n)
			if err != nil && !(n == "plaintext" && strField(t, "result") == "invalid") {
				return "", vectorErr(err)
			}
			fields[i] = b
		}
		key, nonce, pt, ct := fields[0], fields[1], fields[2], fields[3]
		opened, err := OpenGCM(key, nonce, ct)
		if err != nil {
			return "", err
		}
		if strField(t, "result") != "valid" {
			return "", nil
		}
		var bad []string
		if string(opened) != string(pt) {
			bad = append(bad, "opened plaintext differs")
		}
		sealed, err := SealGCM(key, nonce, pt)
		if err != nil {
			bad = append(bad, "seal failed: "+err.Error())
		} else if string(sealed) != string(ct) {
			bad = append(bad, "sealed ciphertext differs")
		}
		return strings.Join(bad, "; "), nil
	}, nil
}

func groupRSAOAEP(g *Value) (checkFn, error) {
	for _, f := range []string{"sha", "mgfSha"} {
		if s := strField(g, f); s != "SHA-256" {
			return nil, fmt.Errorf("group %s is %q, only SHA-256 is specified", f, s)
		}
	}
	pemText, err := reqStr(g, "privateKeyPem")
	if err != nil {
		return nil, err
	}
	priv, err := ParsePrivateKeyPKCS8(pemText)
	if err != nil {
		return nil, fmt.Errorf("privateKeyPem: %v", err)
	}
	if ks := g.Get("keySize"); ks != nil && ks.Str != itoa(priv.N.BitLen()) {
		return nil, fmt.Errorf("keySize %s does not match the private key (%d bits)", ks.Str, priv.N.BitLen())
	}
	if pubPem, err := reqStr(g, "publicKeyPem"); err == nil {
		der, err := decodeSinglePEM(pubPem, "PUBLIC KEY")
		if err != nil {
			return nil, fmt.Errorf("publicKeyPem: %v", err)
		}
		mine, _ := x509.MarshalPKIXPublicKey(&priv.PublicKey)
		if string(mine) != string(der) {
			return nil, fmt.Errorf("publicKeyPem does not belong to privateKeyPem")
		}
	}
	return func(t *Value) (string, error) {
		es, err := reqStr(t, "encryptedSecret")
		if err != nil {
			return "", vectorErr(err)
		}
		secret, err := UnwrapSecret(priv, es)
		if err != nil {
			return "", err
		}
		if strField(t, "result") != "valid" {
			return "", nil
		}
		exp, err := reqHex(t, "secret")
		if err != nil {
			return "vector lacks a hex secret", nil
		}
		if string(exp) != string(secret) {
			return "unwrapped secret differs (values not shown)", nil
		}
		return "", nil
	}, nil
}

func groupPublicKey(g *Value) (checkFn, error) {
	return func(t *Value) (string, error) {
		pemText, err := reqStr(t, "publicKeyPem")
		if err != nil {
			return "", vectorErr(err)
		}
		pin, err := optStr(t, "pin")
		if err != nil {
			return "", vectorErr(err)
		}
		fp, bits, err := CheckServerKey(pemText, pin)
		if err != nil {
			return "", err
		}
		var bad []string
		if exp := strField(t, "fingerprint"); exp != fp {
			bad = append(bad, fmt.Sprintf("fingerprint %s, expected %q", fp, exp))
		}
		if exp := t.Get("modulusBits"); exp == nil || exp.Str != itoa(bits) {
			e := "missing"
			if exp != nil {
				e = exp.Str
			}
			bad = append(bad, fmt.Sprintf("modulusBits %d, expected %s", bits, e))
		}
		return strings.Join(bad, "; "), nil
	}, nil
}

func groupEnvelope(g *Value) (checkFn, error) {
	key, err := reqHex(g, "key")
	if err != nil {
		return nil, err
	}
	limit := DefaultMaxPlaintext
	if m := g.Get("maxPlaintextBytes"); m != nil && m.Kind != KNull {
		v, ok := m.PlainInt()
		if !ok || v < 0 || v > 1<<34 {
			return nil, fmt.Errorf("maxPlaintextBytes is not a usable integer")
		}
		limit = int(v)
	}
	keyFor := func(string) []byte { return key }
	return func(t *Value) (string, error) {
		env, err := reqStr(t, "envelope")
		if err != nil {
			return "", vectorErr(err)
		}
		dec, err := DecodeEnvelope([]byte(env), keyFor, limit)
		if err != nil {
			return "", err
		}
		var bad []string
		sum := sha256.Sum256(dec.Plaintext)
		gotSHA := hex.EncodeToString(sum[:])
		if exp, e := reqStr(t, "plaintextSha256"); e != nil {
			bad = append(bad, "vector lacks plaintextSha256")
		} else if exp != gotSHA {
			bad = append(bad, fmt.Sprintf("plaintextSha256 %s, expected %s", gotSHA, exp))
		}
		if exp := t.Get("plaintextSize"); exp == nil || exp.Str != itoa(len(dec.Plaintext)) {
			e := "missing"
			if exp != nil {
				e = exp.Str
			}
			bad = append(bad, fmt.Sprintf("plaintextSize %d, expected %s", len(dec.Plaintext), e))
		}
		if exp, e := optStr(t, "plaintext"); e != nil {
			bad = append(bad, e.Error())
		} else if exp != nil && *exp != string(dec.Plaintext) {
			bad = append(bad, "plaintext text differs")
		}
		return strings.Join(bad, "; "), nil
	}, nil
}
