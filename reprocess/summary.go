package reprocess

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// Summary is what a Run did, or with DryRun would do. It names dead letters
// by position and class only.
type Summary struct {
	DryRun bool `json:"dry_run"`
	// DLQTopic and InputTopic echo the options.
	DLQTopic   string `json:"dlq_topic"`
	InputTopic string `json:"input_topic"`
	// Read counts the dead letters read (up to the end offsets at start).
	Read int `json:"read"`
	// Copied counts the dead letters copied (with DryRun: to be copied).
	Copied int `json:"copied"`
	// Refused counts selected dead letters past MaxAttempts; they stay.
	Refused int `json:"refused"`
	// Skipped counts dead letters that the filters did not select.
	Skipped int `json:"skipped"`
	// AlreadyCopied counts selected dead letters that an earlier run copied.
	AlreadyCopied int `json:"already_copied"`
	// ByClass breaks the counts down by error class.
	ByClass map[string]*Counts `json:"by_class"`
	// CopiedAt and RefusedAt list the first Options.Listed positions.
	CopiedAt  []Listed `json:"copied_at"`
	RefusedAt []Listed `json:"refused_at"`
	// MaxAttempts echoes the option, for the report of refusals.
	MaxAttempts int `json:"max_attempts"`
}

// Counts are one error class's share of a Summary.
type Counts struct {
	Copied        int `json:"copied"`
	Refused       int `json:"refused"`
	Skipped       int `json:"skipped"`
	AlreadyCopied int `json:"already_copied"`
}

// Listed is a dead letter in a Summary's lists.
type Listed struct {
	Position
	Class string `json:"class"`
	// Attempts is the reprocess count the copy carries (or would carry).
	Attempts int `json:"attempts"`
}

func (s *Summary) class(c string) *Counts {
	if s.ByClass == nil {
		s.ByClass = map[string]*Counts{}
	}
	if s.ByClass[c] == nil {
		s.ByClass[c] = &Counts{}
	}
	return s.ByClass[c]
}

// WriteText writes the summary for a person at a terminal.
func (s *Summary) WriteText(w io.Writer) error {
	verb := "copied"
	if s.DryRun {
		verb = "would copy"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d dead letters read from %s\n", s.Read, s.DLQTopic)
	fmt.Fprintf(&b, "%s %d to %s; refused %d (past %d attempts); skipped by filter %d; already copied %d\n",
		verb, s.Copied, s.InputTopic, s.Refused, s.MaxAttempts, s.Skipped, s.AlreadyCopied)
	if len(s.ByClass) > 0 {
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "class\t%s\trefused\tskipped\talready copied\t\n", verb)
		classes := make([]string, 0, len(s.ByClass))
		for c := range s.ByClass {
			classes = append(classes, c)
		}
		slices.Sort(classes)
		for _, c := range classes {
			n := s.ByClass[c]
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", c, n.Copied, n.Refused, n.Skipped, n.AlreadyCopied)
		}
		_ = tw.Flush()
	}
	list := func(title string, total int, ls []Listed) {
		if len(ls) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s:", title)
		for _, l := range ls {
			fmt.Fprintf(&b, " %d@%d(%s)", l.Partition, l.Offset, l.Class)
		}
		if total > len(ls) {
			fmt.Fprintf(&b, " … and %d more", total-len(ls))
		}
		b.WriteByte('\n')
	}
	list(verb+" (partition@offset)", s.Copied, s.CopiedAt)
	list("refused (partition@offset)", s.Refused, s.RefusedAt)
	_, err := io.WriteString(w, b.String())
	return err
}
