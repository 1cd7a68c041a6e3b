package main

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"strings"
)

const MinModulusBits = 4096

// decodeSinglePEM requires text to be exactly one PEM block of the given type
// (surrounding whitespace allowed, no PEM headers). pem.Decode alone would
// skip arbitrary text before the block and ignore text after it.
func decodeSinglePEM(text, blockType string) ([]byte, error) {
	trimmed := strings.TrimLeft(text, " \t\r\n")
	if !strings.HasPrefix(trimmed, "-----BEGIN ") {
		return nil, errors.New("not a PEM block")
	}
	block, rest := pem.Decode([]byte(trimmed))
	if block == nil {
		return nil, errors.New("not a PEM block")
	}
	if strings.TrimSpace(string(rest)) != "" {
		return nil, errors.New("data after the PEM block")
	}
	if block.Type != blockType {
		return nil, errors.New("PEM block is " + block.Type + ", want " + blockType)
	}
	if len(block.Headers) != 0 {
		return nil, errors.New("PEM block has headers")
	}
	return block.Bytes, nil
}

// Fingerprint returns "SHA256:" + lowercase hex SHA-256 of DER SPKI bytes.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	return "SHA256:" + hex.EncodeToString(sum[:])
}

// ParseServerPublicKey parses the handshake public key: PEM SPKI, RSA,
// modulus >= 4096 bits. It returns the key, its fingerprint and modulus size.
func ParseServerPublicKey(pemText string) (*rsa.PublicKey, string, int, error) {
	der, err := decodeSinglePEM(pemText, "PUBLIC KEY")
	if err != nil {
		return nil, "", 0, classErr(ClassKeyFormat, "%v", err)
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, "", 0, classErr(ClassKeyFormat, "not a SubjectPublicKeyInfo: %v", err)
	}
	rk, ok := pub.(*rsa.PublicKey)
	if !ok {
		return nil, "", 0, classErr(ClassKeyFormat, "public key is not RSA")
	}
	bits := rk.N.BitLen()
	if bits < MinModulusBits {
		return nil, "", bits, classErr(ClassKeyTooSmall, "RSA modulus is %d bits, minimum %d", bits, MinModulusBits)
	}
	return rk, Fingerprint(der), bits, nil
}

// ParsePin turns a configured pin (fingerprint string or SPKI PEM) into the
// lowercase fingerprint it pins.
func ParsePin(pin string) (string, error) {
	if strings.HasPrefix(pin, "SHA256:") {
		h := pin[len("SHA256:"):]
		if len(h) != 64 {
			return "", classErr(ClassPinFormat, "pin fingerprint must be 64 hex digits")
		}
		for i := 0; i < len(h); i++ {
			if hexVal(h[i]) < 0 {
				return "", classErr(ClassPinFormat, "pin fingerprint must be 64 hex digits")
			}
		}
		return "SHA256:" + strings.ToLower(h), nil
	}
	if strings.Contains(pin, "-----BEGIN") {
		der, err := decodeSinglePEM(pin, "PUBLIC KEY")
		if err != nil {
			return "", classErr(ClassPinFormat, "pin PEM: %v", err)
		}
		// A PEM pin must parse like the handshake key (docs §4.2 step 1):
		// an RSA SubjectPublicKeyInfo. Its size is not checked here.
		pub, err := x509.ParsePKIXPublicKey(der)
		if err != nil {
			return "", classErr(ClassPinFormat, "pin PEM is not a SubjectPublicKeyInfo")
		}
		if _, ok := pub.(*rsa.PublicKey); !ok {
			return "", classErr(ClassPinFormat, "pin PEM is not an RSA public key")
		}
		return Fingerprint(der), nil
	}
	return "", classErr(ClassPinFormat, "pin is neither a SHA256: fingerprint nor a PEM public key")
}

// CheckServerKey runs the client-side handshake key checks. pin may be nil.
// The pin is configuration, so its format is checked first.
func CheckServerKey(pemText string, pin *string) (fingerprint string, bits int, err error) {
	var want string
	if pin != nil {
		if want, err = ParsePin(*pin); err != nil {
			return "", 0, err
		}
	}
	_, fp, bits, err := ParseServerPublicKey(pemText)
	if err != nil {
		return "", bits, err
	}
	if pin != nil && fp != want {
		return "", bits, classErr(ClassPinMismatch, "server public key does not match the pin")
	}
	return fp, bits, nil
}

// ParsePrivateKeyPKCS8 parses a PKCS#8 RSA private key PEM.
func ParsePrivateKeyPKCS8(pemText string) (*rsa.PrivateKey, error) {
	der, err := decodeSinglePEM(pemText, "PRIVATE KEY")
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, err
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("private key is not RSA")
	}
	return rk, nil
}

// UnwrapSecret decrypts encrypted_secret (strict base64 of an RSA-OAEP
// SHA-256/MGF1-SHA-256, empty label ciphertext) to the 32-byte session key.
func UnwrapSecret(priv *rsa.PrivateKey, encryptedSecret string) ([]byte, error) {
	ct, err := DecodeStrictBase64(encryptedSecret)
	if err != nil {
		return nil, err
	}
	// Go accepts ciphertexts shorter than the modulus (they are read as a
	// big-endian integer); the protocol requires exactly k bytes.
	// Every OAEP failure is reported identically (docs §4.3: no padding
	// oracle), including the length check.
	oaepFailed := classErr(ClassOAEP, "OAEP decryption failed")
	if len(ct) != priv.Size() {
		return nil, oaepFailed
	}
	// rsa.DecryptOAEP uses the same hash for OAEP and MGF1; nil label = empty.
	secret, err := rsa.DecryptOAEP(sha256.New(), nil, priv, ct, nil)
	if err != nil {
		return nil, oaepFailed
	}
	if len(secret) != 32 {
		return nil, classErr(ClassSecretLength, "secret is %d bytes, want 32", len(secret))
	}
	return secret, nil
}

// UnwrapSecretCompat is §7.8 rule 1: the protocol's OAEP first, then SHA-256
// with MGF1-SHA-1 (the Java SDK 3.0.1). It returns the secret and
// "mgf1_sha256" or "mgf1_sha1".
func UnwrapSecretCompat(priv *rsa.PrivateKey, encryptedSecret string) ([]byte, string, error) {
	ct, err := DecodeStrictBase64(encryptedSecret)
	if err != nil {
		return nil, "", err
	}
	if len(ct) != priv.Size() {
		return nil, "", classErr(ClassOAEP, "OAEP decryption failed")
	}
	for _, try := range []struct {
		name string
		mgf  crypto.Hash
	}{{"mgf1_sha256", crypto.SHA256}, {"mgf1_sha1", crypto.SHA1}} {
		secret, err := priv.Decrypt(nil, ct, &rsa.OAEPOptions{Hash: crypto.SHA256, MGFHash: try.mgf})
		if err != nil {
			continue
		}
		if len(secret) != 32 {
			return nil, "", classErr(ClassSecretLength, "secret is %d bytes, want 32", len(secret))
		}
		return secret, try.name, nil
	}
	return nil, "", classErr(ClassOAEP, "OAEP decryption failed")
}

// WrapSecret encrypts secret for the given public key (RSA-OAEP SHA-256,
// MGF1 SHA-256, empty label) and returns standard base64 with padding.
func WrapSecret(pub *rsa.PublicKey, secret []byte) (string, error) {
	ct, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, pub, secret, nil)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(ct), nil
}
