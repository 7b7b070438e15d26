package precedence

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidConfig is wrapped by every *ConfigError: the file's content is
// wrong, as opposed to a file that cannot be read.
var ErrInvalidConfig = errors.New("invalid precedence file")

// ConfigError is one problem in a precedence file. Parse and Load return one
// ConfigError, or several joined with errors.Join; errors.As finds the first.
type ConfigError struct {
	File string // the path given to Load; empty for Parse
	Line int    // 1-based; 0 when the problem has no single place
	Path string // where in the document, e.g. "fields.email.policy"; may be empty
	Msg  string
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	switch {
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	case e.File != "":
		b.WriteString(e.File + ": ")
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns ErrInvalidConfig.
func (e *ConfigError) Unwrap() error { return ErrInvalidConfig }
