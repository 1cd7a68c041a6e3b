package main

// multipart/mixed ingest bodies (docs/protocol.md §8.4, §8.4.1, §8.6).
//
// RFC 2046 §5.1: a delimiter is CRLF "--" boundary at the start of a line;
// the CRLF belongs to it. Preamble and epilogue are ignored, transport padding
// (spaces, tabs) after a delimiter is allowed, and the boundary anywhere inside
// a part is multipart_framing. In compatibility mode §8.4.1 also recovers the
// delimiters the JS SDK 3.0.1 writes without their CRLF: inside a part,
// "--" boundary CRLF followed by a complete header section ends the part there
// and starts the next one.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

// Part is one part: lower-cased header names and the raw body.
type Part struct {
	Headers map[string]string
	Body    []byte
}

var (
	bchars      = regexp.MustCompile(`^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$`)
	mixedPrefix = regexp.MustCompile(`(?i)^multipart/mixed\s*(;|$)`)
	boundaryArg = regexp.MustCompile(`(?i);\s*boundary=(?:"([^"]+)"|([^;\s]+))`)
	tokenRe     = regexp.MustCompile(`^[!#$%&'*+\-.^_` + "`" + `|~0-9A-Za-z]+$`)
	decimalRe   = regexp.MustCompile(`^(0|[1-9][0-9]{0,3})$`)
)

func framing(format string, args ...any) *ClassError {
	return classErr(ClassMultipartFraming, "malformed multipart body: "+format, args...)
}

// BoundaryOf returns the boundary of a multipart/mixed Content-Type.
func BoundaryOf(contentType string) (string, error) {
	if !mixedPrefix.MatchString(contentType) {
		return "", framing("not multipart/mixed")
	}
	m := boundaryArg.FindStringSubmatch(contentType)
	if m == nil {
		return "", framing("no boundary parameter")
	}
	b := m[1]
	if b == "" {
		b = m[2]
	}
	if !bchars.MatchString(b) {
		return "", framing("invalid boundary")
	}
	return b, nil
}

func latin1(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// headerSection parses a complete header section at `at`; ok false if there
// is none.
func headerSection(content []byte, at int) (map[string]string, int, bool) {
	headers := map[string]string{}
	for {
		rel := bytes.IndexByte(content[at:], '\n')
		if rel <= 0 || content[at+rel-1] != '\r' {
			return nil, 0, false
		}
		lf := at + rel
		eol := lf - 1
		if eol == at {
			return headers, lf + 1, true
		}
		line := latin1(content[at:eol])
		colon := strings.IndexByte(line, ':')
		if colon <= 0 || !tokenRe.MatchString(line[:colon]) || strings.Contains(line, "\r") {
			return nil, 0, false
		}
		headers[strings.ToLower(line[:colon])] = strings.Trim(line[colon+1:], " \t")
		at = lf + 1
	}
}

func splitPart(content, dash []byte, compat bool, parts []Part) ([]Part, int, error) {
	headers, bodyStart, ok := headerSection(content, 0)
	if !ok {
		return nil, 0, framing("the headers of part %d are malformed or do not end", len(parts))
	}
	if bytes.Contains(content[:bodyStart], dash) {
		return nil, 0, framing("the headers of part %d contain the boundary", len(parts))
	}
	recovered := 0
	for {
		rel := bytes.Index(content[bodyStart:], dash)
		if rel < 0 {
			break
		}
		hit := bodyStart + rel
		after := hit + len(dash)
		var next map[string]string
		end, found := 0, false
		if compat && bytes.HasPrefix(content[after:], []byte("\r\n")) {
			next, end, found = headerSection(content, after+2)
		}
		if !found || bytes.Contains(content[after:end], dash) {
			return nil, 0, framing("part %d contains the boundary without a CRLF before it", len(parts))
		}
		parts = append(parts, Part{Headers: headers, Body: content[bodyStart:hit]})
		headers, bodyStart = next, end
		recovered++
	}
	return append(parts, Part{Headers: headers, Body: content[bodyStart:]}), recovered, nil
}

// ParseMultipart splits a body; it returns the parts and how many delimiters
// the JS SDK rule recovered.
func ParseMultipart(body []byte, boundary string, compat bool) ([]Part, int, error) {
	dash := []byte("--" + boundary)
	delim := []byte("\r\n--" + boundary)
	var at int
	if bytes.HasPrefix(body, dash) {
		at = len(dash)
	} else if i := bytes.Index(body, delim); i >= 0 {
		at = i + len(delim)
	} else {
		return nil, 0, framing("no opening delimiter")
	}
	var parts []Part
	recovered := 0
	for {
		if bytes.HasPrefix(body[at:], []byte("--")) {
			if len(parts) == 0 {
				return nil, 0, framing("no part before the close delimiter")
			}
			return parts, recovered, nil
		}
		for at < len(body) && (body[at] == ' ' || body[at] == '\t') {
			at++
		}
		if !bytes.HasPrefix(body[at:], []byte("\r\n")) {
			return nil, 0, framing("a delimiter line does not end with CRLF")
		}
		at += 2
		rel := bytes.Index(body[at:], delim)
		if rel < 0 {
			return nil, 0, framing("no closing delimiter")
		}
		var n int
		var err error
		parts, n, err = splitPart(body[at:at+rel], dash, compat, parts)
		if err != nil {
			return nil, 0, err
		}
		recovered += n
		at += rel + len(delim)
	}
}

// PartEnvelope returns the envelope JSON a part stands for, checked in the
// order of §7 steps 2 to 5.
func PartEnvelope(p Part) ([]byte, map[string]any, error) {
	h := p.Headers
	pt, hasPT := h["x-lf-payload-type"]
	et, hasET := h["x-lf-entry-type"]
	keyID := h["x-lf-key-id"]
	nonce, hasNonce := h["x-lf-nonce"]
	if !hasPT || !decimalRe.MatchString(pt) {
		return nil, nil, classErr(ClassFieldType, "X-LF-Payload-Type is not a decimal integer")
	}
	if !hasNonce {
		return nil, nil, classErr(ClassFieldType, "X-LF-Nonce is missing")
	}
	if keyID == "" {
		return nil, nil, classErr(ClassFieldType, "X-LF-Key-ID is missing or empty")
	}
	etv, _ := strconv.Atoi(et)
	if hasET && (!decimalRe.MatchString(et) || etv < 1 || etv > 7) {
		return nil, nil, classErr(ClassFieldType, "X-LF-Entry-Type is not an integer from 1 to 7")
	}
	ptv, _ := strconv.Atoi(pt)
	if ptv != 1 && ptv != 2 {
		return nil, nil, classErr(ClassUnknownPayload, "payload_type %d is not 1 or 2", ptv)
	}
	n, err := DecodeStrictBase64(nonce)
	if err != nil {
		return nil, nil, err
	}
	if len(n) != NonceSize {
		return nil, nil, classErr(ClassNonceLength, "the nonce is %d bytes", len(n))
	}
	if len(p.Body) > MaxPayloadBytes {
		return nil, nil, classErr(ClassSizeLimit, "the payload exceeds 1 MiB")
	}
	if len(p.Body) < TagSize {
		return nil, nil, classErr(ClassAuth, "the payload is shorter than the tag")
	}
	env := map[string]any{"payload_type": ptv, "payload": base64.StdEncoding.EncodeToString(p.Body), "nonce": nonce, "key_id": keyID}
	if ts, ok := h["x-lf-timestamp"]; ok {
		env["timestamp"] = ts
	}
	if hasET {
		env["entry_type"] = etv
	}
	text, err := json.Marshal(env)
	return text, env, err
}
