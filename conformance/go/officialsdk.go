package main

// Reading what the official LogFlux SDKs 3.0.1 write (docs/protocol.md
// §7.8). Strict decoding never applies these rules; in compatibility mode a
// decoder applies them in this order and names each one that changed what it
// read:
//
//  1. a session key that fails RSA-OAEP SHA-256/MGF1-SHA-256 but unwraps with
//     SHA-256/MGF1-SHA-1 is used (the Java SDK) — UnwrapSecretCompat;
//  2. mislabelled_uncompressed: payload type 1 whose authenticated bytes do not
//     begin with 1f 8b is the plaintext itself (the Go SDK, compression off);
//  3. alias_metric_type / alias_description: in a metric, metric_type reads as
//     kind; in a trace, description as name, when the chosen name is absent;
//  4. timestamp_precision: ts (and a trace's start_time and end_time) in RFC
//     3339 UTC with 0 to 9 fractional digits other than 3 is shown with 3
//     (truncated).

import (
	"math/big"
	"regexp"
	"strings"
)

var utcTime = regexp.MustCompile(`^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.([0-9]{1,9}))?Z$`)

// MillisecondTimestamp returns s with exactly three fractional digits, or ok
// false when the rule does not change it.
func MillisecondTimestamp(v *Value) (string, bool) {
	if v == nil || v.Kind != KString {
		return "", false
	}
	m := utcTime.FindStringSubmatch(v.Str)
	if m == nil || len(m[2]) == 3 {
		return "", false
	}
	frac := m[2]
	if len(frac) > 3 {
		frac = frac[:3]
	}
	return m[1] + "." + frac + strings.Repeat("0", 3-len(frac)) + "Z", true
}

func copyObject(v *Value) *Value {
	out := &Value{Kind: KObject, Obj: map[string]*Value{}, Keys: append([]string(nil), v.Keys...)}
	for k, x := range v.Obj {
		out.Obj[k] = x
	}
	return out
}

func renameMember(v *Value, from, to string) *Value {
	out := copyObject(v)
	out.Obj[to] = out.Obj[from]
	delete(out.Obj, from)
	for i, k := range out.Keys {
		if k == from {
			out.Keys[i] = to
		}
	}
	return out
}

func strMember(v *Value, name string) string {
	if m := v.Get(name); m != nil && m.Kind == KString {
		return m.Str
	}
	return ""
}

// NormaliseEntry applies rules 3 and 4 to a parsed plaintext object.
func NormaliseEntry(doc *Value) (*Value, []string) {
	flags := []string{}
	out := doc
	typ := strMember(doc, "type")
	_, hasKind := doc.Obj["kind"]
	if _, ok := doc.Obj["metric_type"]; ok && typ == "metric" && !hasKind {
		out = renameMember(out, "metric_type", "kind")
		flags = append(flags, "alias_metric_type")
	}
	_, hasName := doc.Obj["name"]
	if _, ok := doc.Obj["description"]; ok && typ == "trace" && !hasName {
		out = renameMember(out, "description", "name")
		flags = append(flags, "alias_description")
	}
	fields := []string{"ts"}
	if typ == "trace" {
		fields = []string{"ts", "start_time", "end_time"}
	}
	retimed := false
	for _, f := range fields {
		fixed, ok := MillisecondTimestamp(out.Obj[f])
		if !ok {
			continue
		}
		if out == doc {
			out = copyObject(doc)
		}
		out.Obj[f] = &Value{Kind: KString, Str: fixed}
		retimed = true
	}
	if retimed {
		flags = append(flags, "timestamp_precision")
	}
	return out, flags
}

// JSONEqual compares two JSON values structurally; numbers by exact value.
func JSONEqual(a, b *Value) bool {
	if a == nil || b == nil || a.Kind != b.Kind {
		return a == nil && b == nil
	}
	switch a.Kind {
	case KNull:
		return true
	case KBool:
		return a.Bool == b.Bool
	case KString:
		return a.Str == b.Str
	case KNumber:
		x, ok1 := new(big.Rat).SetString(a.Str)
		y, ok2 := new(big.Rat).SetString(b.Str)
		return ok1 && ok2 && x.Cmp(y) == 0
	case KArray:
		if len(a.Arr) != len(b.Arr) {
			return false
		}
		for i := range a.Arr {
			if !JSONEqual(a.Arr[i], b.Arr[i]) {
				return false
			}
		}
		return true
	case KObject:
		if len(a.Obj) != len(b.Obj) {
			return false
		}
		for k, x := range a.Obj {
			if !JSONEqual(x, b.Obj[k]) {
				return false
			}
		}
		return true
	}
	return false
}
