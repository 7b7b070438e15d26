package salesforce

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"time"
)

// GrantJWTBearer is the grant_type of the JWT bearer flow.
const GrantJWTBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// DefaultAudience is the JWT bearer flow's audience for production orgs
// (https://test.salesforce.com for sandboxes).
const DefaultAudience = "https://login.salesforce.com"

// JWTBearer configures the OAuth 2.0 JWT bearer flow: the client signs an
// assertion for Username with the connected app's certificate key, and
// trades it for a token; no secret travels. Config.ClientID is the
// assertion's issuer.
type JWTBearer struct {
	// Username is the Salesforce user the token acts as (the subject).
	Username string
	// Key is the private key whose certificate the connected app holds.
	Key *rsa.PrivateKey
	// Audience is the assertion's audience. Default DefaultAudience.
	Audience string
	// Lifetime is how long an assertion is valid. Default 3 minutes.
	Lifetime time.Duration
}

// KeyFromFile reads an RSA private key (PKCS #1 or PKCS #8, PEM). Errors
// name the file, never its contents.
func KeyFromFile(file string) (*rsa.PrivateKey, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("salesforce: reading the key file %s: %w", file, err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, fmt.Errorf("salesforce: the key file %s holds no PEM block", file)
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if rk, ok := k.(*rsa.PrivateKey); err == nil && ok {
		return rk, nil
	}
	return nil, fmt.Errorf("salesforce: the key file %s holds no RSA private key", file)
}

// assertion is the signed JWT (RS256) of the bearer flow.
func (j *JWTBearer) assertion(clientID string, now time.Time) (string, error) {
	aud := j.Audience
	if aud == "" {
		aud = DefaultAudience
	}
	life := j.Lifetime
	if life == 0 {
		life = 3 * time.Minute
	}
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"RS256"}`))
	claims, err := json.Marshal(map[string]any{"iss": clientID, "sub": j.Username, "aud": aud, "exp": now.Add(life).Unix()})
	if err != nil {
		return "", fmt.Errorf("encoding the assertion: %w", err)
	}
	signing := header + "." + enc.EncodeToString(claims)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, j.Key, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("signing the assertion: %w", err)
	}
	return signing + "." + enc.EncodeToString(sig), nil
}
