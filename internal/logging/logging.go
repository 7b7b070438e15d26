// Package logging builds the structured logger of the contactgate commands:
// JSON lines (log/slog) on stderr, with e-mail addresses and phone numbers
// redacted from every message and string attribute at info level and above,
// as a safety net behind the code's own care never to log them. At debug
// level nothing is redacted: debugging a match needs the values, and debug
// logs are not shipped by default.
package logging

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"strings"
)

// Redacted replaces what the patterns find.
const Redacted = "[redacted]"

var (
	emailPattern = regexp.MustCompile(`[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[A-Za-z]{2,}`)
	// phonePattern: digits with the separators of written numbers (+,
	// spaces, dots, dashes, parentheses); Redact keeps what holds fewer
	// than 9 digits (dates, durations) or is a bare number not starting
	// with 0 (record ids, offsets).
	phonePattern = regexp.MustCompile(`\+?\(?\d[\d\s().-]{5,}\d`)
)

// Redact removes e-mail addresses and phone numbers from s.
func Redact(s string) string {
	s = emailPattern.ReplaceAllString(s, Redacted)
	return phonePattern.ReplaceAllStringFunc(s, func(m string) string {
		digits := 0
		for _, c := range m {
			if c >= '0' && c <= '9' {
				digits++
			}
		}
		bare := strings.Trim(m, "0123456789") == ""
		if digits < 9 || bare && m[0] != '0' {
			return m
		}
		return Redacted
	})
}

// New returns a JSON logger on w at level, redacting at info and above.
func New(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(&redactor{next: slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})})
}

type redactor struct{ next slog.Handler }

func (h *redactor) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *redactor) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < slog.LevelInfo {
		return h.next.Handle(ctx, r)
	}
	out := slog.NewRecord(r.Time, r.Level, Redact(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *redactor) WithAttrs(attrs []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		red[i] = redactAttr(a)
	}
	return &redactor{next: h.next.WithAttrs(red)}
}

func (h *redactor) WithGroup(name string) slog.Handler {
	return &redactor{next: h.next.WithGroup(name)}
}

func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, Redact(v.String()))
	case slog.KindGroup:
		group := v.Group()
		red := make([]any, len(group))
		for i, g := range group {
			red[i] = redactAttr(g)
		}
		return slog.Group(a.Key, red...)
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, Redact(err.Error()))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
