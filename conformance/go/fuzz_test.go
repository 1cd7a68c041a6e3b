package main

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func FuzzZstd(f *testing.F) {
	f.Add([]byte{0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x02, 0x11, 0x00, 0x00, '{', '}'})
	f.Add([]byte{0x28, 0xB5, 0x2F, 0xFD, 0x00, 0xF8, 0x11, 0x00, 0x00, '{', '}'})
	if b, err := ZstdCompress([]byte(`{"a":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}`)); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := UnzstdStrict(b, 1<<16)
		if err == nil && len(out) > 1<<16 {
			t.Fatal("over limit")
		}
		if err != nil && classOf(err) != ClassDecompress && classOf(err) != ClassSizeLimit {
			t.Fatal(err)
		}
	})
}

func FuzzGzip(f *testing.F) {
	if b, err := GzipCompress([]byte(`{"a":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}`)); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := GunzipStrict(b, 1<<16)
		if err == nil && len(out) > 1<<16 {
			t.Fatal("over limit")
		}
		if err != nil && classOf(err) != ClassDecompress && classOf(err) != ClassSizeLimit {
			t.Fatal(err)
		}
	})
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`{"a":[1,2,{"b":"\ud800"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := ParseJSON(b)
		err2 := ValidateJSONObject(b)
		if (err == nil && v.Kind == KObject) != (err2 == nil) {
			t.Fatalf("parse/validate disagree: %v %v", err, err2)
		}
		// On valid UTF-8 of modest nesting, acceptance must match encoding/json.
		if utf8.Valid(b) && len(b) < 5000 && json.Valid(b) != (err == nil) {
			t.Fatalf("disagrees with encoding/json on %q: %v", b, err)
		}
	})
}
