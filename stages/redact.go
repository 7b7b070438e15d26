package stages

import (
	"errors"
	"net/url"
	"slices"
	"strings"

	"github.com/contactgate/contactgate/processor"
)

// redact keeps the event's e-mail and phone number out of the text of an
// Apply error, which reaches logs and the dead letters' headers. The stages
// never write them into errors, but what they wrap may: a CRM client's
// transport error quotes the URL of a read by e-mail, a CRM message quotes
// the value it refused. Each form the value may take (as sent, lower-cased,
// as a key, URL-escaped) is replaced by a placeholder; errors.Is and
// errors.As see the original error.
func redact(ev *event, err error) error {
	if err == nil {
		return nil
	}
	secrets := piiOf(ev)
	if len(secrets) == 0 {
		return err
	}
	var dl *processor.DeadLetterError
	if errors.As(err, &dl) {
		// The processor reads the dead letter itself, not what wraps it.
		c := *dl
		c.Err = &redactedError{err: dl.Err, secrets: secrets}
		return &c
	}
	return &redactedError{err: err, secrets: secrets}
}

// piiOf lists the forms of the event's e-mail and phone, ASCII lower-cased.
func piiOf(ev *event) []string {
	var out []string
	add := func(s string) {
		s = asciiLower(strings.TrimSpace(s))
		if len(s) < 5 {
			return
		}
		for _, v := range []string{s, url.PathEscape(s), url.QueryEscape(s)} {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	add(ev.ce.Email)
	add(string(ev.keys.email))
	add(ev.ce.Phone)
	add(ev.keys.phone)
	return out
}

type redactedError struct {
	err     error
	secrets []string
}

const redactedValue = "<redacted>"

func (e *redactedError) Error() string {
	msg := e.err.Error()
	for _, s := range e.secrets {
		msg = replaceFold(msg, s, redactedValue)
	}
	return msg
}

func (e *redactedError) Unwrap() error { return e.err }

// replaceFold replaces every occurrence of old (asciiLower'd) in s, whatever
// the case of its ASCII letters.
func replaceFold(s, old, repl string) string {
	lower := asciiLower(s)
	var b strings.Builder
	for {
		i := strings.Index(lower, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
}

// asciiLower lower-cases ASCII letters only, so that byte offsets stay
// aligned with the original.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}
