// Package metrics is what `contactgate run` tells operators: Prometheus
// metrics on --metrics-addr (/metrics), liveness and readiness (/healthz,
// /readyz), and a CRM decorator that counts and times every call. Labels
// never carry personal data: operations, statuses, error classes and
// partitions only.
package metrics

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/contactgate/contactgate/connectors"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the collectors of one process, in a registry of its own.
type Metrics struct {
	Registry *prometheus.Registry

	// Events counts events by what became of them: the outcome's action
	// (created, updated, unchanged, merged) or "dead_lettered".
	Events *prometheus.CounterVec
	// DeadLetters counts dead letters by error class.
	DeadLetters *prometheus.CounterVec
	// ReviewVerdicts counts the review verdicts run carried out, by
	// status (accepted, rejected) and result (done, failed).
	ReviewVerdicts *prometheus.CounterVec
	// CRMRequests counts CRM calls by operation and status (ok, not_found,
	// conflict, rate_limited, validation, transient, unauthorized,
	// circuit_open, canceled, error); CRMLatency times them.
	CRMRequests *prometheus.CounterVec
	CRMLatency  *prometheus.HistogramVec
	// CRMRateLimitWait times each HTTP request's wait for a permit of the
	// CRM client's own rate limiter, by operation (ObserveRateLimitWait).
	// CRMLatency includes these waits; this tells a throttled client from
	// a slow CRM.
	CRMRateLimitWait *prometheus.HistogramVec
	// CRMResponses counts the CRM's HTTP responses, retried attempts
	// included, by status: the code for 429 and 5xx, else its class (2xx,
	// 4xx), so that throttling shows although retries hide it from
	// CRMRequests (ObserveCRMResponse).
	CRMResponses *prometheus.CounterVec
	// InputSkipped counts input records with nothing to apply, by reason
	// (tombstone, debezium_delete, ...).
	InputSkipped *prometheus.CounterVec
	// BreakerOpen is 1 while the CRM client's circuit breaker is open.
	BreakerOpen prometheus.Gauge
	// Paused is 1 while consumption is paused for the CRM.
	Paused prometheus.Gauge
	// Lag is the consumer group's lag per input partition.
	Lag *prometheus.GaugeVec
	// IndexRecords is the number of records in the identity index.
	IndexRecords prometheus.Gauge

	ready atomic.Bool
}

// New returns the collectors, registered with the Go and process
// collectors.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		Events: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "contactgate_events_total",
			Help: "Events processed, by outcome action or dead_lettered."}, []string{"outcome"}),
		DeadLetters: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "contactgate_dead_letters_total",
			Help: "Dead letters, by error class."}, []string{"class"}),
		ReviewVerdicts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "contactgate_review_verdicts_total",
			Help: "Review verdicts carried out, by status and result."}, []string{"status", "result"}),
		CRMRequests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "contactgate_crm_requests_total",
			Help: "CRM calls, by operation and status."}, []string{"operation", "status"}),
		CRMLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "contactgate_crm_request_seconds",
			Help:    "CRM call latency, retries and rate-limiter waits included, by operation.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 14)}, []string{"operation"}),
		CRMRateLimitWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "contactgate_crm_ratelimit_wait_seconds",
			Help:    "Time each CRM request waited for a permit of the client's rate limiter, by operation.",
			Buckets: []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}}, []string{"operation"}),
		CRMResponses: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "contactgate_crm_responses_total",
			Help: "CRM HTTP responses, retried attempts included, by status (429, 5xx codes; else 2xx, 4xx)."}, []string{"status"}),
		InputSkipped: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "contactgate_input_skipped_total",
			Help: "Input records with nothing to apply (tombstones, CDC deletes), by reason."}, []string{"reason"}),
		BreakerOpen: prometheus.NewGauge(prometheus.GaugeOpts{Name: "contactgate_crm_breaker_open",
			Help: "1 while the CRM client's circuit breaker is open."}),
		Paused: prometheus.NewGauge(prometheus.GaugeOpts{Name: "contactgate_consumption_paused",
			Help: "1 while consumption is paused because the CRM is unavailable."}),
		Lag: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "contactgate_consumer_lag",
			Help: "Records of the input topic not yet committed by the group, per partition."}, []string{"partition"}),
		IndexRecords: prometheus.NewGauge(prometheus.GaugeOpts{Name: "contactgate_index_records",
			Help: "Records in the identity index."}),
	}
	m.Registry.MustRegister(m.Events, m.DeadLetters, m.ReviewVerdicts, m.CRMRequests, m.CRMLatency, m.CRMRateLimitWait, m.CRMResponses,
		m.InputSkipped, m.BreakerOpen, m.Paused,
		m.Lag, m.IndexRecords, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// SetReady says whether the process is ready: the index recovered and the
// processor consuming.
func (m *Metrics) SetReady(ready bool) { m.ready.Store(ready) }

// ObserveRateLimitWait records one request's wait for a rate-limit permit;
// it fits hubspot.Config.OnRateLimitWait.
func (m *Metrics) ObserveRateLimitWait(operation string, wait time.Duration) {
	m.CRMRateLimitWait.WithLabelValues(operation).Observe(wait.Seconds())
}

// ObserveCRMResponse counts one HTTP response of the CRM; it fits
// hubspot.Config.OnResponse.
func (m *Metrics) ObserveCRMResponse(_ string, status int) {
	label := strconv.Itoa(status)
	if status != 429 && status < 500 {
		label = strconv.Itoa(status/100) + "xx"
	}
	m.CRMResponses.WithLabelValues(label).Inc()
}

// SetLag records the lag of each partition.
func (m *Metrics) SetLag(lag map[int32]int64) {
	for p, n := range lag {
		m.Lag.WithLabelValues(strconv.Itoa(int(p))).Set(float64(n))
	}
}

// Handler serves /metrics, /healthz (200 while the process runs) and
// /readyz (200 once SetReady(true), else 503).
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !m.ready.Load() {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	return mux
}

// Serve serves Handler on addr until ctx ends. The listener is open when
// Serve returns without error; it closes with ctx.
func (m *Metrics) Serve(ctx context.Context, addr string) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	return ln.Addr(), nil
}

// Status names the class of a CRM call's error, for the status label.
func Status(err error) string {
	var (
		conflict   *connectors.ConflictError
		rate       *connectors.RateLimitError
		validation *connectors.ValidationError
		transient  *connectors.TransientError
	)
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, connectors.ErrNotFound):
		return "not_found"
	case errors.As(err, &conflict):
		return "conflict"
	case errors.As(err, &rate):
		return "rate_limited"
	case errors.As(err, &validation):
		return "validation"
	case errors.Is(err, connectors.ErrUnauthorized):
		return "unauthorized"
	case errors.Is(err, connectors.ErrCircuitOpen):
		return "circuit_open"
	case errors.As(err, &transient):
		return "transient"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "canceled"
	}
	return "error"
}
