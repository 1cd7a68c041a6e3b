package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeVec(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRunnerCountsUnknownsAsFailures(t *testing.T) {
	dir := t.TempDir()
	key := "lf_" + strings.Repeat("a", 32)
	writeVec(t, dir, "a_test.json", `{"schema":"logflux_api_key_test_schema_v1.json","numberOfTests":3,"testGroups":[
	 {"type":"ApiKeyTest","tests":[
	  {"tcId":1,"comment":"","flags":[],"apiKey":"`+key+`","region":null,"result":"valid"},
	  {"tcId":2,"comment":"","flags":[],"apiKey":"eu-`+key+`","region":"us","result":"valid"},
	  {"tcId":3,"comment":"","flags":[],"apiKey":"x","result":"invalid","errorClass":"unknown_region"}]}]}`)
	writeVec(t, dir, "b_test.json", `{"schema":"logflux_api_key_test_schema_v2.json","numberOfTests":2,"testGroups":[
	 {"type":"ApiKeyTest","tests":[{"tcId":1,"result":"valid"},{"tcId":2,"result":"valid"}]}]}`)
	writeVec(t, dir, "c_test.json", `{"schema":"logflux_api_key_test_schema_v1.json","numberOfTests":1,"testGroups":[
	 {"type":"AeadTest","tests":[{"tcId":1,"result":"valid"}]}]}`)
	var out bytes.Buffer
	r := runVerify(dir, &out, false)
	if r.passed != 1 || r.failed != 5 {
		t.Fatalf("passed %d failed %d\n%s", r.passed, r.failed, out.String())
	}
	if strings.Contains(out.String(), key) {
		t.Fatal("API key printed")
	}
}

func TestRunnerEmptyDirFails(t *testing.T) {
	var out bytes.Buffer
	if r := runVerify(t.TempDir(), &out, false); r.failed == 0 {
		t.Fatal("empty directory passed")
	}
}

func TestEnvelopeRoundTrip(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	for _, pt := range []int{1, 2} {
		env, err := EncodeEnvelope(key, "k", pt, []byte(`{"msg":"é😀"}`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(env, `{"timestamp":"`) || !strings.Contains(env, `"entry_type":1,"payload_type":`) {
			t.Fatalf("field order: %s", env)
		}
		dec, err := DecodeEnvelope([]byte(env), func(string) []byte { return key }, DefaultMaxPlaintext)
		if err != nil || dec.PayloadType != pt || string(dec.Plaintext) != `{"msg":"é😀"}` {
			t.Fatalf("payload type %d: %v", pt, err)
		}
	}
}
