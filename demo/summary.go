package demo

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/processor"
	"github.com/contactgate/contactgate/schemas"
)

// LineResult is one line of --outcomes: what became of one input line.
type LineResult struct {
	Line      int     `json:"line"`
	EventID   string  `json:"event_id"`
	RecordID  string  `json:"record_id"`
	Action    string  `json:"action"`
	MatchedBy string  `json:"matched_by"`
	Score     float64 `json:"score"`
	Reason    string  `json:"reason"`
	// MergedIDs are the records this event merged into RecordID (action
	// "merged"): earlier lines on one of them now belong to RecordID.
	MergedIDs []string `json:"merged_ids,omitempty"`
	// With Options.Explain, the outcome's explanation: the evidence of the
	// match, and the record the event may duplicate.
	Evidence            []schemas.Evidence         `json:"evidence,omitempty"`
	PossibleDuplicateOf *schemas.PossibleDuplicate `json:"possible_duplicate_of,omitempty"`

	// possibleDuplicate: the outcome named a possible duplicate, explained
	// or not (Summary.PossibleDuplicates).
	possibleDuplicate bool
}

// ActionDeadLettered is the action of a line that went to the DLQ.
const ActionDeadLettered = "dead_lettered"

func lineResult(line int, out *schemas.Outcome, dl *processor.DeadLetterError) LineResult {
	if dl != nil {
		return LineResult{Line: line, Action: ActionDeadLettered, Reason: dl.Error()}
	}
	return LineResult{Line: line, EventID: out.EventID, RecordID: out.RecordID, Action: string(out.Action),
		MatchedBy: string(out.MatchedBy), Score: out.Score, Reason: reason(out), MergedIDs: out.MergedIDs,
		possibleDuplicate: out.PossibleDuplicateOf != nil}
}

// explainedLineResult is lineResult with the outcome's explanation.
func explainedLineResult(line int, out *schemas.Outcome, dl *processor.DeadLetterError) LineResult {
	r := lineResult(line, out, dl)
	if dl == nil {
		r.Evidence, r.PossibleDuplicateOf = out.Evidence, out.PossibleDuplicateOf
	}
	return r
}

// reason says in a few words why the event ended as it did.
func reason(o *schemas.Outcome) string {
	switch {
	case o.Action == schemas.ActionCreated:
		return "no identifier matched"
	case o.Action == schemas.ActionUnchanged:
		return fmt.Sprintf("matched by %s; nothing to change", o.MatchedBy)
	case o.Action == schemas.ActionMerged:
		return fmt.Sprintf("matched by %s; merged %d other records of this person into it", o.MatchedBy, len(o.MergedIDs))
	default:
		return fmt.Sprintf("matched by %s; %d fields changed, %d refused", o.MatchedBy, len(o.Changed), len(o.Refused))
	}
}

// Summary is the demo's result (`--json` prints it as one object).
type Summary struct {
	Events       int         `json:"events"`
	Created      int         `json:"created"`
	Updated      int         `json:"updated"`
	Unchanged    int         `json:"unchanged"`
	DeadLettered int         `json:"dead_lettered"`
	CRMRecords   int         `json:"crm_records"`
	CRMRequests  CRMRequests `json:"crm_requests"`
	ElapsedMs    int64       `json:"elapsed_ms"`
	EventsPerSec float64     `json:"events_per_sec"`
	// CRM says how the pipeline reached the CRM (Options.CRMHTTP); empty
	// in-process.
	CRM string `json:"crm,omitempty"`
	// RequestsPer1000 is CRM requests per 1,000 events, 429s included.
	RequestsPer1000 float64 `json:"crm_requests_per_1000_events"`
	// Latency is the produce-to-outcome latency of a steady stream
	// (Options.Rate); nil for a backlog.
	Latency *Latency `json:"latency,omitempty"`
	// RateLimitDeadLetters counts dead letters a rate limit caused:
	// back-pressure must leave it 0.
	RateLimitDeadLetters int `json:"rate_limit_dead_letters"`
	// Merged counts the events that merged other records into theirs
	// (bridge merges); they are counted in Updated too.
	Merged int `json:"merged"`
	// PossibleDuplicates counts the events whose outcome names a record
	// they may duplicate (created apart, or applied elsewhere, for review).
	PossibleDuplicates int `json:"possible_duplicates"`
	// With generated events, the truth is known:
	DuplicateRecords *int     `json:"duplicate_records,omitempty"`
	FalseMerges      *int     `json:"false_merges,omitempty"`
	Quality          *Quality `json:"quality,omitempty"`
}

// CRMRequests counts the emulated CRM's requests by kind.
type CRMRequests struct {
	Total  int `json:"total"`
	Search int `json:"search"`
	Read   int `json:"read"`
	Create int `json:"create"`
	Update int `json:"update"`
	Batch  int `json:"batch"`
	// RateLimited counts the requests answered 429.
	RateLimited int `json:"rate_limited"`
	// ByOperation counts each endpoint on its own (emulator.Operation).
	ByOperation map[string]int `json:"by_operation,omitempty"`
}

func summarize(results []LineResult, st emulator.Stats, truth []int, elapsed time.Duration) *Summary {
	s := &Summary{Events: len(results), CRMRecords: st.Records, ElapsedMs: elapsed.Milliseconds(),
		CRMRequests: CRMRequests{Total: st.Total, Search: st.Search, Read: st.Read, Create: st.Create, Update: st.Update, Batch: st.Batch,
			RateLimited: st.RateLimited, ByOperation: map[string]int{}}}
	for op, n := range st.ByOperation {
		s.CRMRequests.ByOperation[string(op)] = n
	}
	if len(results) > 0 {
		s.RequestsPer1000 = float64(st.Total) * 1000 / float64(len(results))
	}
	if elapsed > 0 {
		s.EventsPerSec = float64(len(results)) / elapsed.Seconds()
	}
	for _, r := range results {
		switch r.Action {
		case string(schemas.ActionCreated):
			s.Created++
		case string(schemas.ActionMerged):
			s.Updated++
			s.Merged++
		case string(schemas.ActionUpdated):
			s.Updated++
		case string(schemas.ActionUnchanged):
			s.Unchanged++
		default:
			s.DeadLettered++
		}
		if r.possibleDuplicate {
			s.PossibleDuplicates++
		}
	}
	if truth != nil {
		q := Score(truth, FinalRecords(results))
		s.Quality, s.DuplicateRecords, s.FalseMerges = &q, &q.DuplicateRecords, &q.FalseMerges
	}
	return s
}

// WriteTable prints the summary for a person.
func (s *Summary) WriteTable(w io.Writer, strategy string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k string, v any) { fmt.Fprintf(tw, "%s\t%v\n", k, v) }
	row("strategy", strategy)
	row("events", s.Events)
	row("created / updated / unchanged", fmt.Sprintf("%d / %d / %d", s.Created, s.Updated, s.Unchanged))
	row("dead-lettered", s.DeadLettered)
	row("CRM records", s.CRMRecords)
	row("possible duplicates (flagged for review)", s.PossibleDuplicates)
	if s.Quality != nil {
		row("true persons", s.Quality.Persons)
		row("duplicate records", *s.DuplicateRecords)
		row("false merges", *s.FalseMerges)
		row("pair precision / recall / F1", fmt.Sprintf("%.3f / %.3f / %.3f", s.Quality.PairPrecision, s.Quality.PairRecall, s.Quality.PairF1))
	}
	r := s.CRMRequests
	if s.CRM != "" {
		row("CRM", s.CRM)
	}
	row("CRM requests", fmt.Sprintf("%d (search %d, read %d, create %d, update %d, batch %d)", r.Total, r.Search, r.Read, r.Create, r.Update, r.Batch))
	row("CRM requests per 1,000 events", fmt.Sprintf("%.1f", s.RequestsPer1000))
	row("answered 429 / rate-limit dead letters", fmt.Sprintf("%d / %d", r.RateLimited, s.RateLimitDeadLetters))
	row("elapsed", fmt.Sprintf("%d ms (%.0f events/s)", s.ElapsedMs, s.EventsPerSec))
	if l := s.Latency; l != nil {
		row("produce-to-outcome latency p50 / p99 / max", fmt.Sprintf("%.0f / %.0f / %.0f ms", l.P50, l.P99, l.Max))
	}
	return tw.Flush()
}
