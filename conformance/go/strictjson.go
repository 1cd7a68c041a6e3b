package main

// A small, strict (RFC 8259) JSON parser written for this checker.
//
// Why not encoding/json alone: encoding/json silently replaces invalid UTF-8
// and lone UTF-16 surrogate escapes with U+FFFD, rejects numbers that overflow
// float64 (1e999 is valid JSON), and refuses nesting deeper than 10000 levels.
// All of those would make the checker disagree with the protocol, so the
// checker validates and parses JSON itself. The parser is iterative (an
// explicit stack), so nesting depth is bounded only by the input size.
//
// Strings are decoded to Go strings; a lone surrogate escape (\ud800 without
// its pair) is kept as its 3-byte generalised UTF-8 form (ED A0 80), which is
// not valid UTF-8. That lets a vector file express "this text is not valid
// UTF-8" through an escaped lone surrogate, and lets later utf8.ValidString
// checks see it.

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Kind is the JSON type of a Value.
type Kind int

const (
	KNull Kind = iota
	KBool
	KNumber
	KString
	KArray
	KObject
)

func (k Kind) String() string {
	switch k {
	case KNull:
		return "null"
	case KBool:
		return "boolean"
	case KNumber:
		return "number"
	case KString:
		return "string"
	case KArray:
		return "array"
	case KObject:
		return "object"
	}
	return "?"
}

// Value is a parsed JSON value. Numbers keep their literal text in Str.
type Value struct {
	Kind Kind
	Bool bool
	Str  string
	Arr  []*Value
	Obj  map[string]*Value // duplicate keys: the last one wins
	Keys []string          // keys in first-seen order
}

// Get returns the member of an object, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != KObject {
		return nil
	}
	return v.Obj[key]
}

// IntegerValue reports whether a JSON number denotes an integer (docs §7
// step 2: 1, 1.0 and 1e0 all denote 1), computed exactly from the literal,
// never through float64. small is the value when it lies within ±10^12;
// fits is false for integers outside that range.
func (v *Value) IntegerValue() (small int64, fits, isInt bool) {
	if v == nil || v.Kind != KNumber {
		return 0, false, false
	}
	lit := v.Str
	neg := false
	if lit[0] == '-' {
		neg, lit = true, lit[1:]
	}
	mant, exp := lit, int64(0)
	if k := strings.IndexAny(lit, "eE"); k >= 0 {
		mant = lit[:k]
		e, ok := parseExponent(lit[k+1:])
		if !ok {
			// |exponent| beyond int64 range: value is 0 (huge negative
			// exponent) or a huge integer; decide on the digits.
			if strings.Trim(strings.Replace(mant, ".", "", 1), "0") == "" {
				return 0, true, true
			}
			if lit[k+1] == '-' {
				return 0, false, false
			}
			return 0, false, true
		}
		exp = e
	}
	digits := mant
	if d := strings.IndexByte(mant, '.'); d >= 0 {
		digits = mant[:d] + mant[d+1:]
		exp -= int64(len(mant) - d - 1)
	}
	digits = strings.TrimLeft(digits, "0")
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		exp++
	}
	if digits == "" {
		return 0, true, true // zero, however written
	}
	if exp < 0 {
		return 0, false, false
	}
	if int64(len(digits))+exp > 12 {
		return 0, false, true
	}
	var n int64
	for i := 0; i < len(digits); i++ {
		n = n*10 + int64(digits[i]-'0')
	}
	for ; exp > 0; exp-- {
		n *= 10
	}
	if neg {
		n = -n
	}
	return n, true, true
}

// IsIntegerLiteral reports whether a number is written as a plain integer
// (no fraction, no exponent). Used for the fields of vector files.
func (v *Value) IsIntegerLiteral() bool {
	if v == nil || v.Kind != KNumber {
		return false
	}
	return !strings.ContainsAny(v.Str, ".eE")
}

// PlainInt returns the value of a plain integer literal within ±10^12.
func (v *Value) PlainInt() (int64, bool) {
	if !v.IsIntegerLiteral() {
		return 0, false
	}
	n, fits, _ := v.IntegerValue()
	return n, fits
}

func parseExponent(s string) (int64, bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	var e int64
	for i := 0; i < len(s); i++ {
		if e > 1e15 {
			return 0, false
		}
		e = e*10 + int64(s[i]-'0')
	}
	if neg {
		e = -e
	}
	return e, true
}

type jsonParser struct {
	data  []byte
	i     int
	build bool
}

func (p *jsonParser) fail(msg string) error {
	return fmt.Errorf("JSON syntax error at byte %d: %s", p.i, msg)
}

func (p *jsonParser) skipWS() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// ParseJSON parses one complete JSON text (RFC 8259). The input must be valid
// UTF-8 with no byte order mark; anything after the value other than JSON
// whitespace is an error.
func ParseJSON(data []byte) (*Value, error) {
	return parseJSON(data, true)
}

// ValidateJSONObject checks that data is a strict JSON text whose top level is
// an object, without building a tree.
func ValidateJSONObject(data []byte) error {
	v, err := parseJSON(data, false)
	if err != nil {
		return err
	}
	if v.Kind != KObject {
		return fmt.Errorf("top level is a JSON %s, not an object", v.Kind)
	}
	return nil
}

type jsonFrame struct {
	v     *Value
	isObj bool
	key   string
}

func parseJSON(data []byte, build bool) (*Value, error) {
	if !utf8.Valid(data) {
		return nil, errors.New("not valid UTF-8")
	}
	p := &jsonParser{data: data, build: build}
	var stack []jsonFrame
	for {
		// Parse the start of a value.
		p.skipWS()
		if p.i >= len(p.data) {
			return nil, p.fail("unexpected end of input, expected a value")
		}
		var v *Value
		complete := false
		switch c := p.data[p.i]; c {
		case '{':
			p.i++
			var obj *Value
			if build {
				obj = &Value{Kind: KObject, Obj: map[string]*Value{}}
			}
			p.skipWS()
			if p.i < len(p.data) && p.data[p.i] == '}' {
				p.i++
				v, complete = obj, true
				if !build {
					v = &Value{Kind: KObject}
				}
			} else {
				key, err := p.objectKey()
				if err != nil {
					return nil, err
				}
				stack = append(stack, jsonFrame{v: obj, isObj: true, key: key})
			}
		case '[':
			p.i++
			var arr *Value
			if build {
				arr = &Value{Kind: KArray, Arr: []*Value{}}
			}
			p.skipWS()
			if p.i < len(p.data) && p.data[p.i] == ']' {
				p.i++
				v, complete = arr, true
				if !build {
					v = &Value{Kind: KArray}
				}
			} else {
				stack = append(stack, jsonFrame{v: arr})
			}
		case '"':
			s, err := p.str()
			if err != nil {
				return nil, err
			}
			v, complete = &Value{Kind: KString, Str: s}, true
		case 't':
			if err := p.lit("true"); err != nil {
				return nil, err
			}
			v, complete = &Value{Kind: KBool, Bool: true}, true
		case 'f':
			if err := p.lit("false"); err != nil {
				return nil, err
			}
			v, complete = &Value{Kind: KBool}, true
		case 'n':
			if err := p.lit("null"); err != nil {
				return nil, err
			}
			v, complete = &Value{Kind: KNull}, true
		default:
			if c == '-' || (c >= '0' && c <= '9') {
				s, err := p.number()
				if err != nil {
					return nil, err
				}
				v, complete = &Value{Kind: KNumber, Str: s}, true
			} else {
				return nil, p.fail(fmt.Sprintf("unexpected character %q", rune(c)))
			}
		}
		if !complete {
			continue
		}
		// Attach completed values to their containers, closing containers
		// as long as their closing bracket follows.
		for {
			if len(stack) == 0 {
				p.skipWS()
				if p.i != len(p.data) {
					return nil, p.fail("trailing data after the JSON value")
				}
				return v, nil
			}
			top := &stack[len(stack)-1]
			if build {
				if top.isObj {
					if _, dup := top.v.Obj[top.key]; !dup {
						top.v.Keys = append(top.v.Keys, top.key)
					}
					top.v.Obj[top.key] = v
				} else {
					top.v.Arr = append(top.v.Arr, v)
				}
			}
			p.skipWS()
			if p.i >= len(p.data) {
				return nil, p.fail("unexpected end of input inside a container")
			}
			c := p.data[p.i]
			p.i++
			if top.isObj {
				if c == ',' {
					key, err := p.objectKey()
					if err != nil {
						return nil, err
					}
					top.key = key
					break
				}
				if c != '}' {
					p.i--
					return nil, p.fail("expected ',' or '}'")
				}
			} else {
				if c == ',' {
					break
				}
				if c != ']' {
					p.i--
					return nil, p.fail("expected ',' or ']'")
				}
			}
			// Container closed: it becomes the completed value.
			closed := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if build {
				v = closed.v
			} else if closed.isObj {
				v = &Value{Kind: KObject}
			} else {
				v = &Value{Kind: KArray}
			}
		}
	}
}

// objectKey parses `ws string ws :`.
func (p *jsonParser) objectKey() (string, error) {
	p.skipWS()
	if p.i >= len(p.data) || p.data[p.i] != '"' {
		return "", p.fail("expected a string key")
	}
	k, err := p.str()
	if err != nil {
		return "", err
	}
	p.skipWS()
	if p.i >= len(p.data) || p.data[p.i] != ':' {
		return "", p.fail("expected ':'")
	}
	p.i++
	return k, nil
}

func (p *jsonParser) lit(word string) error {
	if len(p.data)-p.i < len(word) || string(p.data[p.i:p.i+len(word)]) != word {
		return p.fail("invalid literal")
	}
	p.i += len(word)
	return nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *jsonParser) number() (string, error) {
	start := p.i
	d := p.data
	if p.i < len(d) && d[p.i] == '-' {
		p.i++
	}
	if p.i >= len(d) {
		return "", p.fail("truncated number")
	}
	if d[p.i] == '0' {
		p.i++
	} else if d[p.i] >= '1' && d[p.i] <= '9' {
		for p.i < len(d) && isDigit(d[p.i]) {
			p.i++
		}
	} else {
		return "", p.fail("invalid number")
	}
	if p.i < len(d) && d[p.i] == '.' {
		p.i++
		if p.i >= len(d) || !isDigit(d[p.i]) {
			return "", p.fail("invalid number fraction")
		}
		for p.i < len(d) && isDigit(d[p.i]) {
			p.i++
		}
	}
	if p.i < len(d) && (d[p.i] == 'e' || d[p.i] == 'E') {
		p.i++
		if p.i < len(d) && (d[p.i] == '+' || d[p.i] == '-') {
			p.i++
		}
		if p.i >= len(d) || !isDigit(d[p.i]) {
			return "", p.fail("invalid number exponent")
		}
		for p.i < len(d) && isDigit(d[p.i]) {
			p.i++
		}
	}
	return string(d[start:p.i]), nil
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func (p *jsonParser) hex4() (rune, error) {
	if len(p.data)-p.i < 4 {
		return 0, p.fail("truncated \\u escape")
	}
	var r rune
	for k := 0; k < 4; k++ {
		h := hexVal(p.data[p.i+k])
		if h < 0 {
			return 0, p.fail("invalid \\u escape")
		}
		r = r<<4 | rune(h)
	}
	p.i += 4
	return r, nil
}

// appendWTF8 appends r, encoding surrogate code points as 3-byte sequences
// (which are not valid UTF-8) instead of replacing them.
func appendWTF8(b []byte, r rune) []byte {
	if r >= 0xD800 && r <= 0xDFFF {
		return append(b, byte(0xE0|(r>>12)), byte(0x80|((r>>6)&0x3F)), byte(0x80|(r&0x3F)))
	}
	return utf8.AppendRune(b, r)
}

func (p *jsonParser) str() (string, error) {
	p.i++ // opening quote
	d := p.data
	start := p.i
	// Fast path: no escapes.
	for p.i < len(d) {
		c := d[p.i]
		if c == '"' {
			s := ""
			if p.build {
				s = string(d[start:p.i])
			}
			p.i++
			return s, nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", p.fail("control character in string")
		}
		p.i++
	}
	var buf []byte
	if p.build {
		buf = append(buf, d[start:p.i]...)
	}
	for {
		if p.i >= len(d) {
			return "", p.fail("unterminated string")
		}
		c := d[p.i]
		switch {
		case c == '"':
			p.i++
			return string(buf), nil
		case c < 0x20:
			return "", p.fail("control character in string")
		case c != '\\':
			if p.build {
				buf = append(buf, c)
			}
			p.i++
			continue
		}
		// Escape.
		p.i++
		if p.i >= len(d) {
			return "", p.fail("unterminated escape")
		}
		e := d[p.i]
		p.i++
		var out byte
		switch e {
		case '"', '\\', '/':
			out = e
		case 'b':
			out = '\b'
		case 'f':
			out = '\f'
		case 'n':
			out = '\n'
		case 'r':
			out = '\r'
		case 't':
			out = '\t'
		case 'u':
			r, err := p.hex4()
			if err != nil {
				return "", err
			}
			if r >= 0xD800 && r <= 0xDBFF && len(d)-p.i >= 6 && d[p.i] == '\\' && d[p.i+1] == 'u' {
				save := p.i
				p.i += 2
				r2, err := p.hex4()
				if err == nil && r2 >= 0xDC00 && r2 <= 0xDFFF {
					r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
				} else {
					p.i = save // lone high surrogate; the next escape is parsed on its own
				}
			}
			if p.build {
				buf = appendWTF8(buf, r)
			}
			continue
		default:
			p.i--
			return "", p.fail("invalid escape")
		}
		if p.build {
			buf = append(buf, out)
		}
	}
}
