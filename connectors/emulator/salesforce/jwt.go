package salesforce

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// grantJWTBearer is the grant_type of the JWT bearer flow.
const grantJWTBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// checkAssertion verifies a JWT bearer assertion: RS256 by Config.JWTKey,
// issued by ClientID for JWTUsername, not expired by Now. The audience is
// not checked.
func (e *Emulator) checkAssertion(a string) error {
	if e.cfg.JWTKey == nil {
		return errors.New("the JWT bearer flow is not configured")
	}
	parts := strings.Split(a, ".")
	if len(parts) != 3 {
		return errors.New("invalid assertion")
	}
	enc := base64.RawURLEncoding
	sig, err := enc.DecodeString(parts[2])
	if err != nil {
		return errors.New("invalid assertion")
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(e.cfg.JWTKey, crypto.SHA256, sum[:], sig) != nil {
		return errors.New("invalid assertion signature")
	}
	body, err := enc.DecodeString(parts[1])
	var claims struct {
		Iss string `json:"iss"`
		Sub string `json:"sub"`
		Exp int64  `json:"exp"`
	}
	if err != nil || json.Unmarshal(body, &claims) != nil {
		return errors.New("invalid assertion claims")
	}
	switch {
	case claims.Iss != e.cfg.ClientID:
		return errors.New("invalid client_id")
	case claims.Sub != e.cfg.JWTUsername:
		return errors.New("user hasn't approved this consumer")
	case claims.Exp <= e.cfg.Now().Unix():
		return errors.New("expired authorization code")
	}
	return nil
}
