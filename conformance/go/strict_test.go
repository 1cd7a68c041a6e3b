package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

func mustGzip(t *testing.T, p []byte) []byte {
	t.Helper()
	b, err := GzipCompress(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBase64Strict(t *testing.T) {
	ok := map[string]string{"": "", "Zg==": "f", "Zm8=": "fo", "Zm9v": "foo", "+/+/": "\xfb\xff\xbf"}
	for in, want := range ok {
		got, err := DecodeStrictBase64(in)
		if err != nil || string(got) != want {
			t.Errorf("%q: got %q %v", in, got, err)
		}
	}
	for _, in := range []string{"Zg=", "Zg", "Zh==", "Zm9=", "Zm9v\n", "Zm9\nv", "Zm\r\n9v", "Z===", "=Zg=", "Zg==Zg==", "Zm-v", "Zm_v", " Zm9v", "Zm9v ", "Zm9v====", "Zg=a", "Zm9vZg=\x00"} {
		if _, err := DecodeStrictBase64(in); classOf(err) != ClassBase64 {
			t.Errorf("%q accepted (%v)", in, err)
		}
	}
}

func TestGzipStrict(t *testing.T) {
	p := []byte(`{"a":1}`)
	g := mustGzip(t, p)
	if g[3] != 0 || binary.LittleEndian.Uint32(g[4:]) != 0 {
		t.Fatalf("encoder header: flags %x mtime %x", g[3], g[4:8])
	}
	if out, err := GunzipStrict(g, 100); err != nil || !bytes.Equal(out, p) {
		t.Fatal(out, err)
	}
	two := append(append([]byte{}, g...), g...)
	if out, err := GunzipStrict(two, 100); err != nil || string(out) != string(p)+string(p) {
		t.Fatal("two members", out, err)
	}
	cases := map[string][]byte{
		"empty":        {},
		"zero pad":     append(append([]byte{}, g...), 0),
		"zeros pad":    append(append([]byte{}, g...), make([]byte, 20)...),
		"garbage":      append(append([]byte{}, g...), 'x'),
		"half member":  append(append([]byte{}, g...), g[:10]...),
		"truncated":    g[:len(g)-1],
		"no trailer":   g[:len(g)-8],
		"header only":  g[:10],
		"bad crc":      func() []byte { b := append([]byte{}, g...); b[len(b)-8] ^= 1; return b }(),
		"bad isize":    func() []byte { b := append([]byte{}, g...); b[len(b)-1] ^= 1; return b }(),
		"reserved flg": func() []byte { b := append([]byte{}, g...); b[3] |= 0x20; return b }(),
		"bad cm":       func() []byte { b := append([]byte{}, g...); b[2] = 7; return b }(),
	}
	for name, in := range cases {
		if _, err := GunzipStrict(in, 100); classOf(err) != ClassDecompress {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := GunzipStrict(g, len(p)-1); classOf(err) != ClassSizeLimit {
		t.Errorf("limit: %v", err)
	}
	if _, err := GunzipStrict(g, len(p)); err != nil {
		t.Errorf("exact limit: %v", err)
	}
	if _, err := GunzipStrict(two, 2*len(p)-1); classOf(err) != ClassSizeLimit {
		t.Errorf("limit over two members: %v", err)
	}
	// Header with FEXTRA, FNAME, FCOMMENT and a correct FHCRC.
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Name, w.Comment, w.Extra = "x.json", "c", []byte{1, 2, 0, 0}
	w.Write(p)
	w.Close()
	full := buf.Bytes()
	hlen := 10 + 2 + 4 + len("x.json") + 1 + len("c") + 1
	hdr := append([]byte{}, full[:hlen]...)
	hdr[3] |= 0x02
	crc := crc32.ChecksumIEEE(hdr)
	withHCRC := append(append(hdr, byte(crc), byte(crc>>8)), full[hlen:]...)
	if out, err := GunzipStrict(withHCRC, 100); err != nil || !bytes.Equal(out, p) {
		t.Errorf("FHCRC ok: %v", err)
	}
	withHCRC[hlen] ^= 1
	if _, err := GunzipStrict(withHCRC, 100); classOf(err) != ClassDecompress {
		t.Errorf("FHCRC bad: %v", err)
	}
	// Bomb stays bounded.
	bomb := mustGzip(t, make([]byte, 50<<20))
	if _, err := GunzipStrict(bomb, 16<<20); classOf(err) != ClassSizeLimit {
		t.Errorf("bomb: %v", err)
	}
}

func zstdFrame(t *testing.T, p []byte, opts ...zstd.EOption) []byte {
	t.Helper()
	enc, err := zstd.NewWriter(nil, append([]zstd.EOption{zstd.WithEncoderConcurrency(1)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return enc.EncodeAll(p, nil)
}

// zstdStreamFrame encodes p into one frame and rewrites its header so that
// it carries no Frame_Content_Size (as streaming encoders do).
func zstdStreamFrame(t *testing.T, p []byte, opts ...zstd.EOption) []byte {
	t.Helper()
	f := zstdFrame(t, p, opts...)
	fhd := f[4]
	single := fhd&0x20 != 0
	i := 5
	wd := byte(0)
	if !single {
		wd = f[i]
		i++
	}
	did := [4]int{0, 1, 2, 4}[fhd&3]
	i += did
	fcsSize := map[byte]int{0: 0, 1: 2, 2: 4, 3: 8}[fhd>>6]
	if fhd>>6 == 0 && single {
		fcsSize = 1
	}
	if single {
		wd = smallestWindowDescriptor(uint64(max(len(p), 1024)))
	}
	out := append([]byte{}, f[:4]...)
	out = append(out, fhd&^0xE0, wd)
	out = append(out, f[5+boolInt(!single):5+boolInt(!single)+did]...)
	return append(out, f[i+fcsSize:]...)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestZstdStrict(t *testing.T) {
	p := []byte(`{"a":"` + strings.Repeat("xy", 1000) + `"}`)
	f, err := ZstdCompress(p)
	if err != nil {
		t.Fatal(err)
	}
	if f[4]>>6 == 0 && f[4]&0x20 == 0 {
		t.Fatalf("encoder wrote no content size: fhd %x", f[4])
	}
	if out, err := UnzstdStrict(f, 1<<20); err != nil || !bytes.Equal(out, p) {
		t.Fatal(err)
	}
	skip := []byte{0x5A, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3}
	multi := append(append(append([]byte{}, skip...), f...), f...)
	if out, err := UnzstdStrict(multi, 1<<20); err != nil || len(out) != 2*len(p) {
		t.Fatal("multi", err)
	}
	if _, err := UnzstdStrict(skip, 1<<20); classOf(err) != ClassDecompress {
		t.Fatal("only skippable", err)
	}
	s := zstdStreamFrame(t, p)
	if s[4]>>6 != 0 || s[4]&0x20 != 0 {
		t.Fatalf("stream frame has content size: %x", s[4])
	}
	if out, err := UnzstdStrict(s, 1<<20); err != nil || !bytes.Equal(out, p) {
		t.Fatal("stream", err)
	}
	if _, err := UnzstdStrict(s, len(p)-1); classOf(err) != ClassSizeLimit {
		t.Fatal("stream limit", err)
	}
	if _, err := UnzstdStrict(s, len(p)); err != nil {
		t.Fatal("stream exact limit", err)
	}
	if _, err := UnzstdStrict(f, len(p)-1); classOf(err) != ClassSizeLimit {
		t.Fatal("fcs limit", err)
	}
	cases := map[string][]byte{
		"empty":      {},
		"garbage":    append(append([]byte{}, f...), 'x'),
		"zero pad":   append(append([]byte{}, f...), 0, 0, 0, 0),
		"truncated":  f[:len(f)-1],
		"magic only": f[:4],
		"reserved":   func() []byte { b := append([]byte{}, f...); b[4] |= 0x08; return b }(),
		"bad sum":    func() []byte { b := append([]byte{}, f...); b[len(b)-1] ^= 1; return b }(),
		"legacy":     {0x27, 0xB5, 0x2F, 0xFD, 0, 0, 0, 0},
		"short skip": skip[:10],
	}
	for name, in := range cases {
		if _, err := UnzstdStrict(in, 1<<20); classOf(err) != ClassDecompress {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Dictionary id != 0.
	d := []byte{0x28, 0xB5, 0x2F, 0xFD, 0x21, 0x07, 0x01, 0x00, 0x00}
	if _, err := UnzstdStrict(d, 100); classOf(err) != ClassDecompress {
		t.Errorf("dict: %v", err)
	}
	// Single segment, FCS 1 byte = 2, raw block "{}".
	raw := []byte{0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x02, 0x11, 0x00, 0x00, '{', '}'}
	if out, err := UnzstdStrict(raw, 100); err != nil || string(out) != "{}" {
		t.Errorf("raw: %q %v", out, err)
	}
	if _, err := UnzstdStrict(raw, 1); classOf(err) != ClassSizeLimit {
		t.Errorf("raw fcs over limit: %v", err)
	}
	// Declared FCS 3 but raw block has 2 bytes.
	mis := append([]byte{}, raw...)
	mis[5] = 3
	if _, err := UnzstdStrict(mis, 100); classOf(err) != ClassDecompress {
		t.Errorf("fcs mismatch: %v", err)
	}
	// Huge declared window, no FCS, tiny content: must still decode, cheaply.
	huge := []byte{0x28, 0xB5, 0x2F, 0xFD, 0x00, 0xF8, 0x11, 0x00, 0x00, '{', '}'}
	if out, err := UnzstdStrict(huge, 100); err != nil || string(out) != "{}" {
		t.Errorf("huge window: %q %v", out, err)
	}
	// RLE bomb without FCS: many 128 KiB RLE blocks.
	bomb := []byte{0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x58}
	for i := 0; i < 400; i++ {
		last := uint32(0)
		if i == 399 {
			last = 1
		}
		h := last | 1<<1 | (128<<10)<<3
		bomb = append(bomb, byte(h), byte(h>>8), byte(h>>16), 'a')
	}
	if _, err := UnzstdStrict(bomb, 16<<20); classOf(err) != ClassSizeLimit {
		t.Errorf("rle bomb: %v", err)
	}
	if out, err := UnzstdStrict(bomb, 400<<17); err != nil || len(out) != 400<<17 {
		t.Errorf("rle exact: %v", err)
	}
	// Truncated stream frame whose complete blocks already exceed the limit.
	big := zstdStreamFrame(t, bytes.Repeat([]byte("abcdefgh"), 1<<18))
	if _, err := UnzstdStrict(big[:len(big)-2], 1000); classOf(err) != ClassSizeLimit {
		t.Errorf("truncated over limit: %v", err)
	}
}

func TestJSON(t *testing.T) {
	good := []string{`{}`, ` {"a":[1,-0,1.5e+3,true,false,null,"\u00e9\ud83d\ude00"]} `, `{"a":1e999}`, `[]`, `"x"`, `0`}
	for _, s := range good {
		if _, err := ParseJSON([]byte(s)); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	bad := []string{``, ` `, `{`, `{"a":1,}`, `[1,]`, `{"a":NaN}`, `Infinity`, `{'a':1}`, `{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":+1}`, "\xef\xbb\xbf{}", `{}/**/`, `{} {}`, "{\"a\":\"\x01\"}", `{"a":"\x"}`, `{"a":tru}`, "{\"a\":\"\xff\"}", `{"a" 1}`, `{1:1}`}
	for _, s := range bad {
		if _, err := ParseJSON([]byte(s)); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
	deep := strings.Repeat("[", 200000) + strings.Repeat("]", 200000)
	if _, err := ParseJSON([]byte(deep)); err != nil {
		t.Errorf("deep: %v", err)
	}
	v, _ := ParseJSON([]byte(`"\ud800x"`))
	if v.Str != "\xed\xa0\x80x" {
		t.Errorf("lone surrogate: %q", v.Str)
	}
	if err := ValidateJSONObject([]byte(`[]`)); err == nil {
		t.Error("array accepted as object")
	}
}

func TestAPIKey(t *testing.T) {
	k := "lf_" + strings.Repeat("aB3", 10) + "xy"
	for in, want := range map[string]string{k: "", "eu-" + k: "eu", "ap-" + k: "ap"} {
		if r, err := ParseAPIKey(in); err != nil || r != want {
			t.Errorf("%d: %q %v", len(in), r, err)
		}
	}
	for in, want := range map[string]string{"xx-" + k: ClassUnknownRegion, "EU-" + k: ClassAPIKeyFormat, "LF_" + k[3:]: ClassAPIKeyFormat, k + "a": ClassAPIKeyFormat, k[:34]: ClassAPIKeyFormat, " " + k: ClassAPIKeyFormat, "": ClassAPIKeyFormat, "eu-" + k + "\n": ClassAPIKeyFormat, "e1-" + k: ClassAPIKeyFormat, "eu_" + k: ClassAPIKeyFormat} {
		if _, err := ParseAPIKey(in); classOf(err) != want {
			t.Errorf("len %d: %v, want %s", len(in), err, want)
		}
	}
}

func TestURL(t *testing.T) {
	ok := map[string]string{
		"HTTPS://Ingest.Example.COM:443/base/": "https://ingest.example.com/base",
		"https://example.com":                  "https://example.com",
		"https://example.com/":                 "https://example.com",
		"https://example.com:8443//":           "https://example.com:8443",
		"http://localhost:8080/x":              "http://localhost:8080/x",
		"http://127.3.4.5":                     "http://127.3.4.5",
		"http://[::1]:80/":                     "http://[::1]",
		"Http://LOCALHOST":                     "http://localhost",
		"https://[2001:DB8::1]:444/A/b/":       "https://[2001:db8::1]:444/A/b",
		"https://example.com:/x":               "https://example.com/x",
		"https://example.com:0443":             "https://example.com",
	}
	for in, want := range ok {
		if got, err := NormaliseEndpoint(in); err != nil || got != want {
			t.Errorf("%s: %q %v", in, got, err)
		}
	}
	bad := map[string]string{
		"ftp://example.com": ClassInvalidURL, "example.com": ClassInvalidURL, "https://": ClassInvalidURL,
		"https://u:p@example.com": ClassInvalidURL, "https://example.com/?a=1": ClassInvalidURL,
		"https://example.com/#f": ClassInvalidURL, "https://example.com:0": ClassInvalidURL,
		"https://example.com:65536": ClassInvalidURL, "https://example.com:abc": ClassInvalidURL,
		"https:example.com": ClassInvalidURL, "": ClassInvalidURL, "https://exa mple.com": ClassInvalidURL,
		"http://example.com": ClassInsecureEndpoint, "http://128.0.0.1": ClassInsecureEndpoint,
		"http://[::2]": ClassInsecureEndpoint, "http://localhost.example.com": ClassInsecureEndpoint,
		"https://example.com?": ClassInvalidURL, "https://@example.com": ClassInvalidURL,
		"https://a\\b.com": ClassInvalidURL, "https://example.com/\t": ClassInvalidURL,
	}
	for in, want := range bad {
		if _, err := NormaliseEndpoint(in); classOf(err) != want {
			t.Errorf("%s: %v, want %s", in, err, want)
		}
	}
}

func TestIntegerValue(t *testing.T) {
	cases := map[string][3]int64{ // literal -> {value, fits, isInt}
		"1": {1, 1, 1}, "1.0": {1, 1, 1}, "1e0": {1, 1, 1}, "10E-1": {1, 1, 1}, "0.1e1": {1, 1, 1},
		"-0": {0, 1, 1}, "0.0e5": {0, 1, 1}, "2.50e1": {25, 1, 1}, "1.5": {0, 0, 0}, "1e-1": {0, 0, 0},
		"1e400": {0, 0, 1}, "1e-400": {0, 0, 0}, "0e-99999999999999999999": {0, 1, 1},
		"99999999999999999999": {0, 0, 1}, "-7": {-7, 1, 1}, "1.0000000000000001": {0, 0, 0},
	}
	b := func(x bool) int64 {
		if x {
			return 1
		}
		return 0
	}
	for lit, want := range cases {
		v, fits, isInt := (&Value{Kind: KNumber, Str: lit}).IntegerValue()
		got := [3]int64{v, b(fits), b(isInt)}
		if !fits {
			got[0] = 0
		}
		if got != want {
			t.Errorf("%s: got %v want %v", lit, got, want)
		}
	}
}

func TestKeysAndPins(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(defaultVectorDir(), "keys", name))
		if err != nil {
			t.Fatal("test keys not available:", err)
		}
		return string(b)
	}
	pub4096, pub2048, ec := read("test-rsa-4096-public.pem"), read("test-rsa-2048-public.pem"), read("test-ec-p256-public.pem")
	fp, bits, err := CheckServerKey(pub4096, nil)
	if err != nil || bits != 4096 || !strings.HasPrefix(fp, "SHA256:") || len(fp) != 71 {
		t.Fatal(fp, bits, err)
	}
	upper := "SHA256:" + strings.ToUpper(fp[7:])
	for pin, want := range map[string]string{
		fp: "", upper: "", pub4096: "", "  \n" + pub4096 + "\n\n": "",
		pub2048: ClassPinMismatch, ec: ClassPinFormat, "sha256:" + fp[7:]: ClassPinFormat,
		fp[:70]: ClassPinFormat, fp + "0": ClassPinFormat, "SHA256:" + strings.Repeat("g", 64): ClassPinFormat,
		"junk\n" + pub4096: ClassPinFormat, pub4096 + "junk": ClassPinFormat,
	} {
		p := pin
		if _, _, err := CheckServerKey(pub4096, &p); classOf(err) != want {
			t.Errorf("pin %.20q: %v, want %q", pin, err, want)
		}
	}
	bad := "ssh-rsa AAAA"
	if _, _, err := CheckServerKey(pub2048, nil); classOf(err) != ClassKeyTooSmall {
		t.Error(err)
	}
	for _, k := range []string{ec, bad, strings.Replace(pub4096, "PUBLIC KEY", "RSA PUBLIC KEY", 2)} {
		if _, _, err := CheckServerKey(k, nil); classOf(err) != ClassKeyFormat {
			t.Error(err)
		}
	}
	// A pin of the wrong format is reported before anything about the key.
	p := "nope"
	if _, _, err := CheckServerKey(ec, &p); classOf(err) != ClassPinFormat {
		t.Error(err)
	}
}
