package main

import "encoding/base64"

// Strict standard base64 (RFC 4648 §4) as the protocol defines it. Go's
// base64.StdEncoding silently skips '\r' and '\n' even in Strict() mode, so
// every rule is checked here before the library decodes.

func b64val(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	}
	return -1
}

// DecodeStrictBase64 decodes s or fails with class base64.
func DecodeStrictBase64(s string) ([]byte, error) {
	n := len(s)
	if n%4 != 0 {
		return nil, classErr(ClassBase64, "length %d is not a multiple of 4", n)
	}
	if n == 0 {
		return []byte{}, nil
	}
	pad := 0
	for i := 0; i < n; i++ {
		c := s[i]
		if c == '=' {
			// '=' only as the final one or two characters.
			if i < n-2 || (i == n-2 && s[n-1] != '=') {
				return nil, classErr(ClassBase64, "misplaced padding at offset %d", i)
			}
			pad++
			continue
		}
		if b64val(c) < 0 {
			return nil, classErr(ClassBase64, "invalid character at offset %d", i)
		}
	}
	// Canonical encoding: the unused low bits of the last data character
	// must be zero.
	switch pad {
	case 2:
		if b64val(s[n-3])&0x0F != 0 {
			return nil, classErr(ClassBase64, "non-canonical final character")
		}
	case 1:
		if b64val(s[n-2])&0x03 != 0 {
			return nil, classErr(ClassBase64, "non-canonical final character")
		}
	}
	out, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, classErr(ClassBase64, "%v", err)
	}
	return out, nil
}
