package processor

import (
	"testing"
	"time"
)

func TestGroupTimeoutDefaults(t *testing.T) {
	for _, tc := range []struct {
		name                    string
		in                      Config
		wantSession, wantRebal  time.Duration
		wantDrain, wantShutdown time.Duration
		wantErr                 bool
	}{
		{"defaults", Config{}, DefaultSessionTimeout, DefaultRebalanceTimeout, 30 * time.Second, DefaultShutdownTimeout, false},
		{"a short rebalance timeout shortens the drain", Config{RebalanceTimeout: 20 * time.Second},
			DefaultSessionTimeout, 20 * time.Second, 10 * time.Second, DefaultShutdownTimeout, false},
		{"a drain as long as the rebalance timeout", Config{RebalanceTimeout: 20 * time.Second, DrainTimeout: 20 * time.Second},
			0, 0, 0, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.in
			c.Brokers = []string{"127.0.0.1:1"}
			c.setDefaults()
			err := c.Validate()
			if tc.wantErr {
				if err == nil {
					t.Fatalf("Validate accepted drain %s, rebalance %s", c.DrainTimeout, c.RebalanceTimeout)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.SessionTimeout != tc.wantSession || c.RebalanceTimeout != tc.wantRebal || c.DrainTimeout != tc.wantDrain ||
				c.ShutdownTimeout != tc.wantShutdown {
				t.Errorf("session %s, rebalance %s, drain %s, shutdown %s", c.SessionTimeout, c.RebalanceTimeout, c.DrainTimeout, c.ShutdownTimeout)
			}
		})
	}
}
