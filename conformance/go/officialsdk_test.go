package main

import (
	"strings"
	"testing"
)

func TestNestingDepth(t *testing.T) {
	for text, want := range map[string]int{
		`{"a":[1,{"b":[]}]}`: 4,
		`{"s":"[[[\"{{"}`:    1,
		`{"s":"\\"}`:         1,
		`]]][[`:              0,
	} {
		if got := JSONNestingDepth([]byte(text)); got != want {
			t.Errorf("depth of %s = %d, want %d", text, got, want)
		}
	}
	deep := `{"a":` + strings.Repeat("[", 200000) + strings.Repeat("]", 200000) + `}`
	if got := JSONNestingDepth([]byte(deep)); got != 200001 {
		t.Fatalf("depth %d", got)
	}
}

func TestNormaliseEntry(t *testing.T) {
	doc, err := ParseJSON([]byte(`{"type":"metric","name":"m","metric_type":"gauge","ts":"2026-12-01T20:05:22.103429474Z"}`))
	if err != nil {
		t.Fatal(err)
	}
	out, flags := NormaliseEntry(doc)
	if strings.Join(flags, ",") != "alias_metric_type,timestamp_precision" {
		t.Fatalf("flags %v", flags)
	}
	if out.Get("kind").Str != "gauge" || out.Get("metric_type") != nil || out.Get("ts").Str != "2026-12-01T20:05:22.103Z" {
		t.Fatalf("not normalised")
	}
	if doc.Get("metric_type") == nil {
		t.Fatal("input was changed")
	}
	log, _ := ParseJSON([]byte(`{"type":"log","description":"d","ts":"2026-12-01T20:05:22Z"}`))
	out, flags = NormaliseEntry(log)
	if strings.Join(flags, ",") != "timestamp_precision" || out.Get("description") == nil || out.Get("ts").Str != "2026-12-01T20:05:22.000Z" {
		t.Fatalf("log entry: %v", flags)
	}
	a, _ := ParseJSON([]byte(`{"v":1.50,"x":[true]}`))
	b, _ := ParseJSON([]byte(`{"x":[true],"v":15e-1}`))
	c, _ := ParseJSON([]byte(`{"x":[1],"v":1.5}`))
	if !JSONEqual(a, b) || JSONEqual(a, c) {
		t.Fatal("JSONEqual")
	}
}

func TestMultipartJSFraming(t *testing.T) {
	b := "0123456789abcdef0123456789abcdef"
	head := "X-LF-Payload-Type: 1\r\n\r\n"
	js := []byte("--" + b + "\r\n" + head + "one--" + b + "\r\n" + head + "two\r\n--" + b + "--\r\n")
	if _, _, err := ParseMultipart(js, b, false); classOf(err) != ClassMultipartFraming {
		t.Fatalf("strict: %v", err)
	}
	parts, n, err := ParseMultipart(js, b, true)
	if err != nil || n != 1 || len(parts) != 2 || string(parts[0].Body) != "one" || string(parts[1].Body) != "two" {
		t.Fatalf("compat: %v %d %d", err, n, len(parts))
	}
	bad := []string{
		"--" + b + "\r\n" + head + "on--" + b + "x\r\n--" + b + "--\r\n",
		"--" + b + "--\r\n",
		"--" + b + "\r\n" + head + "no close",
	}
	for _, body := range bad {
		if _, _, err := ParseMultipart([]byte(body), b, true); classOf(err) != ClassMultipartFraming {
			t.Errorf("%q: %v", body, err)
		}
	}
}
