package kafkatest

import (
	"testing"
	"time"
)

// TestBrokerVersion reports which cluster the integration tests use; the test
// command runs it with -v so that the CI log shows the broker's version.
func TestBrokerVersion(t *testing.T) {
	c := New(t)
	v := c.VersionGuess(Context(t, 30*time.Second), t)
	if v == "" {
		t.Fatal("no version guess")
	}
	t.Logf("integration tests use %s, answering as Kafka %s", c.Kind(), v)
}
