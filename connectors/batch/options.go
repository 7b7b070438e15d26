package batch

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Defaults of the options.
const (
	// DefaultLinger is the longest a call waits for others to join its
	// batch when some entered caller is neither blocked nor idle.
	DefaultLinger = 20 * time.Millisecond
	// DefaultPatience and DefaultMaxPatience: how long a paced queue short
	// of a batch waits for more calls (WithPatience).
	// Measured on bench/sync.sh's import (256 lanes): 2 ms and 500 ms
	// took 215-236 requests in 10.8-12.3 s against 242-264 in 10.8-11.6 s
	// without; 4 ms and 1 s took 207 but 13.8 s, the lanes then all
	// waiting (with 512 lanes: 198 in 10.4 s).
	DefaultPatience    = 2 * time.Millisecond
	DefaultMaxPatience = 500 * time.Millisecond
	// DefaultSearchPatience and DefaultMaxSearchPatience are the searches'
	// (WithSearchPatience): twice as long, since they wait on a limiter of
	// their own and few events search, so holding them delays no other
	// call's permit and holds few lanes. Measured on bench/sync.sh's
	// import, seeds 1 and 3: 12-15 search requests against 19-24 with the
	// others' patience, in no more time; at most 2 s took 14.
	DefaultSearchPatience    = 4 * time.Millisecond
	DefaultMaxSearchPatience = time.Second
	// DefaultSearchCap is how many contacts a search call may find before
	// it finds none (WithSearchCap).
	DefaultSearchCap = 25
)

// ErrInvalidOption is the error of New for an option out of range.
var ErrInvalidOption = errors.New("invalid batcher option")

// Option configures a Batcher (New).
type Option func(*options)

type options struct {
	size                              int
	linger                            time.Duration
	keyProperty                       string
	searchCap                         int
	logger                            *slog.Logger
	patience, maxPatience             time.Duration
	searchPatience, maxSearchPatience time.Duration
	patienceSet, searchPatienceSet    bool
}

// WithSize sets the most inputs one CRM call carries: 1 sends one call per
// caller's call. Default, and at most, the CRM's Capabilities.MaxBatch.
func WithSize(n int) Option { return func(o *options) { o.size = n } }

// WithLinger sets the longest a call waits for others to join its batch.
// Default DefaultLinger; 0 is the default.
func WithLinger(d time.Duration) Option { return func(o *options) { o.linger = d } }

// WithKeyProperty names the unique property CreateByKey upserts by
// (connectors.PropContactgateKey, or the CRM's external id field). No
// default: without it CreateByKey fails.
func WithKeyProperty(p string) Option { return func(o *options) { o.keyProperty = p } }

// WithSearchCap sets how many contacts one SearchPhone or SearchName call
// may find: a call that would find more finds none (a switchboard number,
// a common name). Default DefaultSearchCap.
func WithSearchCap(n int) Option { return func(o *options) { o.searchCap = n } }

// WithPatience sets how long a queue short of a batch waits for more calls
// before it asks for a permit, with a CRM that paces its requests
// (connectors.Pacer): perCaller for each caller entered and not idle, at
// most max (pace.go). Zero sends at the next permit. Default
// DefaultPatience and DefaultMaxPatience.
func WithPatience(perCaller, max time.Duration) Option {
	return func(o *options) { o.patience, o.maxPatience, o.patienceSet = perCaller, max, true }
}

// WithSearchPatience is WithPatience for searches by phone and by name.
// Default DefaultSearchPatience and DefaultMaxSearchPatience.
func WithSearchPatience(perCaller, max time.Duration) Option {
	return func(o *options) {
		o.searchPatience, o.maxSearchPatience, o.searchPatienceSet = perCaller, max, true
	}
}

// WithLogger sets where the stacks of recovered panics go. Default
// slog.Default().
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

func (o *options) setDefaults(maxBatch int) {
	if o.size == 0 {
		o.size = maxBatch
	}
	if o.linger == 0 {
		o.linger = DefaultLinger
	}
	if o.searchCap == 0 {
		o.searchCap = DefaultSearchCap
	}
	if !o.patienceSet {
		o.patience, o.maxPatience = DefaultPatience, DefaultMaxPatience
	}
	if !o.searchPatienceSet {
		o.searchPatience, o.maxSearchPatience = DefaultSearchPatience, DefaultMaxSearchPatience
	}
	if o.logger == nil {
		o.logger = slog.Default()
	}
}

// validate reports every option out of range for a CRM taking maxBatch
// inputs per batch call.
func (o *options) validate(maxBatch int) error {
	var errs []error
	if o.size < 1 || o.size > maxBatch {
		errs = append(errs, fmt.Errorf("%w: size %d, want 1 to the CRM's %d", ErrInvalidOption, o.size, maxBatch))
	}
	if o.linger < 0 {
		errs = append(errs, fmt.Errorf("%w: linger %s is negative", ErrInvalidOption, o.linger))
	}
	if o.patience < 0 || o.maxPatience < 0 {
		errs = append(errs, fmt.Errorf("%w: patience %s, at most %s: negative", ErrInvalidOption, o.patience, o.maxPatience))
	}
	if o.searchPatience < 0 || o.maxSearchPatience < 0 {
		errs = append(errs, fmt.Errorf("%w: search patience %s, at most %s: negative", ErrInvalidOption, o.searchPatience, o.maxSearchPatience))
	}
	if o.searchCap < 0 {
		errs = append(errs, fmt.Errorf("%w: search cap %d is negative", ErrInvalidOption, o.searchCap))
	}
	return errors.Join(errs...)
}
