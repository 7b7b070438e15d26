package emulator

import (
	"maps"
	"time"
)

// Operation names a HubSpot endpoint in the request log and the counters.
type Operation string

// The operations of the emulator, one per endpoint.
const (
	OpGet         Operation = "get"
	OpGetByEmail  Operation = "get-by-email"
	OpSearch      Operation = "search"
	OpCreate      Operation = "create"
	OpUpdate      Operation = "update"
	OpList        Operation = "list"
	OpBatchRead   Operation = "batch-read"
	OpBatchCreate Operation = "batch-create"
	OpBatchUpdate Operation = "batch-update"
	OpBatchUpsert Operation = "batch-upsert"
	OpMerge       Operation = "merge"
	// OpArchive archives a contact (DELETE /{id}).
	OpArchive Operation = "archive"
	// OpGetProperty and OpCreateProperty read and create a contact
	// property definition (/crm/v3/properties/contacts).
	OpGetProperty    Operation = "get-property"
	OpCreateProperty Operation = "create-property"
	// OpListProperties lists every contact property definition.
	OpListProperties Operation = "list-properties"
)

// Request is one entry of the request log. In-process calls are logged with
// the method and path of the HTTP request they stand for.
type Request struct {
	Operation Operation `json:"operation"`
	Method    string    `json:"method"`
	Path      string    `json:"path"`
	// Status is the HTTP status answered; 0 when the caller gave up before
	// an answer (a hang or a cancelled latency).
	Status int `json:"status"`
	// Time is when the request arrived, by Config.Now.
	Time time.Time `json:"time"`
	// Fault is the injected fault, if any.
	Fault FaultKind `json:"fault,omitempty"`
	// Policy is the rate-limit policy of a 429.
	Policy string `json:"policy,omitempty"`
}

// Stats counts every request the emulator received, rate-limited, failed
// and unauthorized ones included. The by-kind counters overlap: a batch read
// counts in Read and in Batch.
type Stats struct {
	Total int `json:"total"`
	// Search counts search requests.
	Search int `json:"search"`
	// Read counts get, get-by-email, batch read and list.
	Read int `json:"read"`
	// Create counts single creates; batch creates count in Batch.
	Create int `json:"create"`
	// Update counts single updates; batch updates count in Batch.
	Update int `json:"update"`
	// Batch counts every batch endpoint: read, create, update, upsert.
	Batch int `json:"batch"`
	Merge int `json:"merge"`
	List  int `json:"list"`
	// ByOperation counts each operation on its own.
	ByOperation map[Operation]int `json:"by_operation"`
	// Statuses counts answers by HTTP status; 0 counts callers that gave up.
	Statuses map[int]int `json:"statuses"`
	// RateLimited counts 429s, RateLimitedBy the same by policy.
	RateLimited   int            `json:"rate_limited"`
	RateLimitedBy map[string]int `json:"rate_limited_by"`
	// Faults counts injected faults, FaultsBy the same by kind.
	Faults   int               `json:"faults"`
	FaultsBy map[FaultKind]int `json:"faults_by"`
	// Records is the number of live contacts (merged-away ones excluded).
	Records int `json:"records"`
	// UpsertsFound counts the batch-upsert inputs that found the contact
	// holding their id (their result not New): for contactgate's creates by
	// key, replays that found the contact an earlier attempt created.
	UpsertsFound int `json:"upserts_found"`
}

func (s *Stats) count(r Request) {
	s.Total++
	s.ByOperation[r.Operation]++
	switch r.Operation {
	case OpSearch:
		s.Search++
	case OpGet, OpGetByEmail:
		s.Read++
	case OpList:
		s.Read++
		s.List++
	case OpCreate:
		s.Create++
	case OpUpdate:
		s.Update++
	case OpMerge:
		s.Merge++
	case OpBatchRead:
		s.Read++
		s.Batch++
	case OpBatchCreate, OpBatchUpdate, OpBatchUpsert:
		s.Batch++
	}
	s.Statuses[r.Status]++
	if r.Policy != "" {
		s.RateLimited++
		s.RateLimitedBy[r.Policy]++
	}
	if r.Fault != "" {
		s.Faults++
		s.FaultsBy[r.Fault]++
	}
}

func (s Stats) clone() Stats {
	s.ByOperation = maps.Clone(s.ByOperation)
	s.Statuses = maps.Clone(s.Statuses)
	s.RateLimitedBy = maps.Clone(s.RateLimitedBy)
	s.FaultsBy = maps.Clone(s.FaultsBy)
	return s
}

// requestLog keeps the latest size requests in a ring, and counts them all.
type requestLog struct {
	size    int
	entries []Request
	next    int // where the next entry goes once the ring is full
	stats   Stats
}

func newRequestLog(size int) *requestLog {
	return &requestLog{size: size, stats: Stats{
		ByOperation:   map[Operation]int{},
		Statuses:      map[int]int{},
		RateLimitedBy: map[string]int{},
		FaultsBy:      map[FaultKind]int{},
	}}
}

func (l *requestLog) add(r Request) {
	l.stats.count(r)
	if len(l.entries) < l.size {
		l.entries = append(l.entries, r)
		return
	}
	l.entries[l.next] = r
	l.next = (l.next + 1) % l.size
}

// requests returns the kept entries, oldest first.
func (l *requestLog) requests() []Request {
	out := make([]Request, 0, len(l.entries))
	out = append(out, l.entries[l.next:]...)
	return append(out, l.entries[:l.next]...)
}
