package main

import (
	"net/netip"
	"net/url"
	"strings"
)

var knownRegions = map[string]bool{"eu": true, "us": true, "ca": true, "au": true, "ap": true}

func isASCIIAlnum(c byte) bool {
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
}

func isLf32(s string) bool {
	if len(s) != 35 || s[:3] != "lf_" {
		return false
	}
	for i := 3; i < len(s); i++ {
		if !isASCIIAlnum(s[i]) {
			return false
		}
	}
	return true
}

// ParseAPIKey validates an API key exactly as given (no trimming, case
// sensitive). It returns the region ("" for an unprefixed key). Errors never
// contain the key.
func ParseAPIKey(key string) (region string, err error) {
	if isLf32(key) {
		return "", nil
	}
	if len(key) == 38 && key[2] == '-' && isLf32(key[3:]) {
		r := key[:2]
		if r[0] >= 'a' && r[0] <= 'z' && r[1] >= 'a' && r[1] <= 'z' {
			if knownRegions[r] {
				return r, nil
			}
			return "", classErr(ClassUnknownRegion, "the API key names an unknown region")
		}
	}
	return "", classErr(ClassAPIKeyFormat, "the API key is malformed")
}

// ---------------------------------------------------------------- URLs

// RFC 3986 character classes.
func isUnreserved(c byte) bool {
	return isASCIIAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~'
}

func isSubDelim(c byte) bool {
	return strings.IndexByte("!$&'()*+,;=", c) >= 0
}

// validPctChars checks that s consists of allowed bytes and well-formed
// percent escapes.
func validPctChars(s string, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%':
			if i+2 >= len(s) || hexVal(s[i+1]) < 0 || hexVal(s[i+2]) < 0 {
				return false
			}
			i += 2
		case isUnreserved(c) || isSubDelim(c) || strings.IndexByte(extra, c) >= 0:
		default:
			return false
		}
	}
	return true
}

// NormaliseEndpoint validates and normalises an ingestor URL (override or
// discovered) per docs/protocol.md.
func NormaliseEndpoint(raw string) (string, error) {
	bad := func(why string) (string, error) {
		return "", classErr(ClassInvalidURL, "endpoint URL %s", why)
	}
	if strings.ContainsAny(raw, "?") {
		return bad("has a query")
	}
	if strings.ContainsAny(raw, "#") {
		return bad("has a fragment")
	}
	// Scheme.
	colon := strings.IndexByte(raw, ':')
	if colon <= 0 {
		return bad("is not absolute")
	}
	scheme := raw[:colon]
	for i := 0; i < len(scheme); i++ {
		c := scheme[i]
		if !(isASCIIAlnum(c) || (i > 0 && (c == '+' || c == '-' || c == '.'))) || (i == 0 && !((c|0x20) >= 'a' && (c|0x20) <= 'z')) {
			return bad("has an invalid scheme")
		}
	}
	scheme = strings.ToLower(scheme)
	if scheme != "https" && scheme != "http" {
		return bad("scheme is not https or http")
	}
	rest := raw[colon+1:]
	if !strings.HasPrefix(rest, "//") {
		return bad("has no authority")
	}
	rest = rest[2:]
	slash := strings.IndexByte(rest, '/')
	authority, path := rest, ""
	if slash >= 0 {
		authority, path = rest[:slash], rest[slash:]
	}
	if strings.IndexByte(authority, '@') >= 0 {
		return bad("has userinfo")
	}
	if !validPctChars(path, ":@/") {
		return bad("has an invalid path")
	}
	// Host and port.
	var host, port string
	hasPort := false
	isIPv6 := false
	if strings.HasPrefix(authority, "[") {
		end := strings.IndexByte(authority, ']')
		if end < 0 {
			return bad("has an unterminated IPv6 literal")
		}
		inner := authority[1:end]
		addr, err := netip.ParseAddr(inner)
		if err != nil || !addr.Is6() || addr.Zone() != "" {
			return bad("has an invalid IPv6 literal")
		}
		host = authority[:end+1]
		isIPv6 = true
		after := authority[end+1:]
		if after != "" {
			if after[0] != ':' {
				return bad("has garbage after the IPv6 literal")
			}
			port, hasPort = after[1:], true
		}
	} else {
		if c := strings.IndexByte(authority, ':'); c >= 0 {
			host, port, hasPort = authority[:c], authority[c+1:], true
		} else {
			host = authority
		}
		if !validPctChars(host, "") {
			return bad("has an invalid host")
		}
	}
	if host == "" {
		return bad("has an empty host")
	}
	portNum := 0
	if hasPort {
		// An empty port ("host:") counts as no port (docs §3.4 rule 7).
		if port == "" {
			hasPort = false
		}
		for i := 0; i < len(port); i++ {
			if !isDigit(port[i]) {
				return bad("has a non-numeric port")
			}
			portNum = portNum*10 + int(port[i]-'0')
			if portNum > 65535 {
				return bad("has a port out of range")
			}
		}
		if hasPort && portNum < 1 {
			return bad("has a port out of range")
		}
	}
	// Second opinion from net/url: anything it cannot parse is invalid too.
	if u, err := url.Parse(raw); err != nil || u.Host == "" || u.User != nil || u.Opaque != "" {
		return bad("does not parse")
	}

	host = strings.ToLower(host)
	if scheme == "http" && !isLoopbackHost(host, isIPv6) {
		return "", classErr(ClassInsecureEndpoint, "http is allowed only for loopback hosts")
	}
	norm := scheme + "://" + host
	if hasPort && !((scheme == "https" && portNum == 443) || (scheme == "http" && portNum == 80)) {
		norm += ":" + itoa(portNum)
	}
	norm += strings.TrimRight(path, "/")
	return norm, nil
}

func isLoopbackHost(host string, isIPv6 bool) bool {
	if isIPv6 {
		addr, err := netip.ParseAddr(host[1 : len(host)-1])
		return err == nil && addr == netip.IPv6Loopback()
	}
	if host == "localhost" {
		return true
	}
	addr, err := netip.ParseAddr(host)
	return err == nil && addr.Is4() && addr.As4()[0] == 127
}

// ---------------------------------------------------------------- discovery

// ResolveDiscovery returns either the normalised override (ingestor != "")
// or the static discovery URL and the authenticated discovery URLs for the
// key's region, in the order a client tries them (§3.3): the official SDKs'
// path on the global host, then on the region's host, then this protocol's own.
func ResolveDiscovery(apiKey string, override *string) (ingestor, static string, authenticated []string, err error) {
	region, err := ParseAPIKey(apiKey)
	if err != nil {
		return "", "", nil, err
	}
	if override != nil {
		ingestor, err = NormaliseEndpoint(*override)
		return ingestor, "", nil, err
	}
	if region == "" {
		return "", "", nil, classErr(ClassNoRegion, "the API key has no region prefix and no endpoint is configured")
	}
	return "", "https://discover." + region + ".logflux.io", []string{
		"https://api.logflux.io/api/discovery",
		"https://" + region + ".api.logflux.io/api/discovery",
		"https://api." + region + ".logflux.io/v1/discovery",
	}, nil
}

// IngestorFromDiscovery extracts and normalises the ingestor URL from a
// static or authenticated discovery response body.
func IngestorFromDiscovery(kind string, body []byte) (string, error) {
	v, err := ParseJSON(body)
	if err != nil {
		return "", classErr(ClassDiscoveryResponse, "body is not JSON: %v", err)
	}
	if v.Kind != KObject {
		return "", classErr(ClassDiscoveryResponse, "body is not a JSON object")
	}
	// present: the member exists. A null member is present with the wrong
	// type (as docs §7 says of envelope fields), so it does not fall through.
	present := func(x *Value) bool { return x != nil }
	var u *Value
	switch kind {
	case "static":
		u = v.Get("endpoints").Get("ingestor_url")
	case "authenticated":
		data := v.Get("data")
		switch {
		case present(v.Get("ingestor_url")):
			u = v.Get("ingestor_url")
		case present(data.Get("ingestor_url")):
			u = data.Get("ingestor_url")
		default:
			u = data.Get("base_url")
		}
	default:
		return "", classErr("internal", "unknown discovery kind %q", kind)
	}
	if u == nil || u.Kind != KString {
		return "", classErr(ClassDiscoveryResponse, "ingestor URL missing or not a string")
	}
	return NormaliseEndpoint(u.Str)
}
