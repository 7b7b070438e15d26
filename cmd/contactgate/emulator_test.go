package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/urfave/cli/v2"
)

func TestParseRateLimit(t *testing.T) {
	for _, tc := range []struct {
		in     string
		limit  int
		window time.Duration
		bad    bool
	}{
		{in: "100/10s", limit: 100, window: 10 * time.Second},
		{in: "190/10s", limit: 190, window: 10 * time.Second},
		{in: " 5 / 1s ", limit: 5, window: time.Second},
		{in: "250", limit: 250, window: emulator.DefaultRateWindow},
		{in: "0"},
		{in: ""},
		{in: "x/10s", bad: true},
		{in: "-1/10s", bad: true},
		{in: "100/", bad: true},
		{in: "100/0s", bad: true},
		{in: "100/ten", bad: true},
	} {
		limit, window, err := parseRateLimit(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("parseRateLimit(%q) = %d, %s; want an error", tc.in, limit, window)
			}
			continue
		}
		if err != nil || limit != tc.limit || window != tc.window {
			t.Errorf("parseRateLimit(%q) = %d, %s, %v; want %d, %s", tc.in, limit, window, err, tc.limit, tc.window)
		}
	}
}

func TestCRMEmulatorRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--rate-limit", "lots"},
		{"--fault-kinds", "5xx-before-write,boom"},
		{"--fault-rate", "2"},
		{"--search-lag", "-1s"},
		{"--unique-properties", "contactgate_key,Bad-Name"},
	} {
		if _, err := run(t, append([]string{"crm-emulator", "--listen", "127.0.0.1:0"}, args...)...); err == nil {
			t.Errorf("crm-emulator %v: no error", args)
		}
	}
}

func TestCRMEmulatorServesUntilCancelled(t *testing.T) {
	// Given the emulator started on a free loopback port, with a token
	t.Setenv("CONTACTGATE_EMULATOR_TOKEN", "tok")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	app := newApp()
	app.Writer, app.ErrWriter = w, io.Discard
	app.ExitErrHandler = func(*cli.Context, error) {}
	done := make(chan error, 1)
	go func() {
		done <- app.RunContext(ctx, []string{"contactgate", "crm-emulator", "--listen", "127.0.0.1:0", "--search-lag", "0"})
		w.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed (%v): %v", err, <-done)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "crm-emulator listening on ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("printed %q", line)
	}

	// When a client calls it without and with the token
	call := func(token string) int {
		req, _ := http.NewRequest("POST", url+emulator.BasePath, strings.NewReader(`{"properties":{"email":"a@example.com"}}`))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if status := call(""); status != http.StatusUnauthorized {
		t.Errorf("without the token: %d", status)
	}
	if status := call("tok"); status != http.StatusCreated {
		t.Errorf("with the token: %d", status)
	}
	// Then the stats say so
	resp, err := http.Get(url + emulator.StatsPath)
	if err != nil {
		t.Fatal(err)
	}
	var stats emulator.Stats
	err = json.NewDecoder(resp.Body).Decode(&stats)
	resp.Body.Close()
	if err != nil || stats.Total != 2 || stats.Records != 1 {
		t.Errorf("stats %+v, %v", stats, err)
	}

	// And cancelling the context shuts it down cleanly
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still serving 10 s after cancel")
	}
}
