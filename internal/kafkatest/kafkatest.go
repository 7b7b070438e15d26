// Package kafkatest gives tests a Kafka cluster to talk to: the real Apache
// Kafka broker named by KAFKA_BROKERS (the README's test command starts one),
// or, when the variable is unset, a fresh in-process kfake cluster, so that
// `go test ./...` works on a laptop with nothing installed.
//
// Under CI=true a missing KAFKA_BROKERS fails the test instead of falling
// back: CI must prove the code against a real broker.
package kafkatest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// EnvBrokers names the environment variable with the real broker's address.
const EnvBrokers = "KAFKA_BROKERS"

// Cluster is the Kafka cluster of one test.
type Cluster struct {
	// Brokers are the seed addresses.
	Brokers []string
	// Real is true for a real broker, false for kfake.
	Real bool
	// Fake is the in-process cluster when Real is false, for fault injection.
	Fake *kfake.Cluster
}

// New returns the cluster for t. A real broker is shared by every test, so
// tests name their topics and groups with Name.
func New(t testing.TB) *Cluster {
	t.Helper()
	if env := strings.TrimSpace(os.Getenv(EnvBrokers)); env != "" {
		return &Cluster{Brokers: strings.Split(env, ","), Real: true}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true but %s is not set: the integration tests must run against the real broker "+
			"that the test command starts (scripts/test.sh); refusing to fall back to kfake", EnvBrokers)
	}
	fake, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatalf("start kfake cluster: %v", err)
	}
	t.Cleanup(fake.Close)
	return &Cluster{Brokers: fake.ListenAddrs(), Fake: fake}
}

// Kind says which cluster this is, for logs.
func (c *Cluster) Kind() string {
	if c.Real {
		return "real broker at " + strings.Join(c.Brokers, ",")
	}
	return "kfake (in-process)"
}

// Client returns a client seeded with the cluster's brokers, closed when the
// test ends.
func (c *Cluster) Client(t testing.TB, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(c.Brokers...)}, opts...)...)
	if err != nil {
		t.Fatalf("new kafka client: %v", err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// Admin returns an admin client, closed when the test ends.
func (c *Cluster) Admin(t testing.TB) *kadm.Client {
	t.Helper()
	return kadm.NewClient(c.Client(t))
}

// VersionGuess asks the brokers which Kafka version they are, e.g. "v4.1".
func (c *Cluster) VersionGuess(ctx context.Context, t testing.TB) string {
	t.Helper()
	vs, err := c.Admin(t).ApiVersions(ctx)
	if err != nil {
		t.Fatalf("api versions: %v", err)
	}
	var guesses []string
	for _, v := range vs.Sorted() {
		if v.Err != nil {
			t.Fatalf("api versions of node %d: %v", v.NodeID, v.Err)
		}
		guesses = append(guesses, v.VersionGuess())
	}
	return strings.Join(guesses, ",")
}

var unsafeChars = regexp.MustCompile(`[^a-zA-Z0-9._-]+`)

// Name returns a topic or group name unique to this run of the test.
func Name(t testing.TB, what string) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := unsafeChars.ReplaceAllString(t.Name(), "_")
	if len(name) > 80 {
		name = name[:80]
	}
	return "test." + name + "." + what + "." + hex.EncodeToString(b[:])
}

// Context returns a context that ends with the test or after d.
func Context(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

// Each runs fn as a subtest against every cluster available: kfake always,
// and the real broker too when KAFKA_BROKERS is set. Behaviour that passes on
// kfake alone proves little about timing (see notes on kfake), so CI runs
// both.
func Each(t *testing.T, fn func(t *testing.T, c *Cluster)) {
	t.Run("kfake", func(t *testing.T) {
		fake, err := kfake.NewCluster(kfake.NumBrokers(1))
		if err != nil {
			t.Fatalf("start kfake cluster: %v", err)
		}
		t.Cleanup(fake.Close)
		fn(t, &Cluster{Brokers: fake.ListenAddrs(), Fake: fake})
	})
	if os.Getenv(EnvBrokers) == "" && os.Getenv("CI") != "true" {
		return
	}
	t.Run("kafka", func(t *testing.T) { fn(t, New(t)) })
}
