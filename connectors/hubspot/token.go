package hubspot

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// TokenEnv is the environment variable the CLI reads the token from.
const TokenEnv = "CONTACTGATE_CRM_TOKEN"

// TokenFromEnvOrFile returns the token from the environment variable envName
// when it is set and not blank, else from file (surrounding whitespace
// trimmed), e.g. a mounted secret. Errors name where the token was looked
// for, never its contents.
func TokenFromEnvOrFile(envName, file string) (string, error) {
	if envName != "" {
		if t := strings.TrimSpace(os.Getenv(envName)); t != "" {
			return t, nil
		}
	}
	if file == "" {
		return "", fmt.Errorf("hubspot: no token: %s is unset and no token file was given", envName)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is already in our message
		}
		return "", fmt.Errorf("hubspot: reading the token file %s: %w", file, err)
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", fmt.Errorf("hubspot: the token file %s is empty", file)
	}
	if strings.ContainsAny(t, " \t\r\n") {
		return "", fmt.Errorf("hubspot: the token file %s holds more than one line or word", file)
	}
	return t, nil
}
