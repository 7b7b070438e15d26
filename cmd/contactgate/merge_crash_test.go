package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors/emulator"
	"github.com/contactgate/contactgate/purge"
)

// The crash test runs `contactgate merge --apply` in a child process: this
// test binary re-executed with TestMergeHelperProcess selected and the
// command line in mergeHelperArgs.
const (
	mergeHelperEnv  = "CONTACTGATE_TEST_MERGE_HELPER"
	mergeHelperArgs = "CONTACTGATE_TEST_MERGE_ARGS"
)

// TestMergeHelperProcess is the child of TestMergeResumesAfterKill, not a
// test of its own.
func TestMergeHelperProcess(t *testing.T) {
	if os.Getenv(mergeHelperEnv) != "1" {
		t.Skip("the child process of TestMergeResumesAfterKill")
	}
	var args []string
	if err := json.Unmarshal([]byte(os.Getenv(mergeHelperArgs)), &args); err != nil {
		t.Fatal(err)
	}
	if err := newApp().RunContext(context.Background(), append([]string{"contactgate"}, args...)); err != nil {
		os.Stderr.WriteString("contactgate: " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(0)
}

// child is one `contactgate merge` process.
type child struct {
	cmd    *exec.Cmd
	out    bytes.Buffer
	exited chan struct{}
	err    error // of Wait, once exited is closed
}

func startChild(t *testing.T, args []string) *child {
	t.Helper()
	b, _ := json.Marshal(args)
	c := &child{exited: make(chan struct{})}
	c.cmd = exec.Command(os.Args[0], "-test.run=^TestMergeHelperProcess$")
	c.cmd.Env = append(os.Environ(), mergeHelperEnv+"=1", mergeHelperArgs+"="+string(b))
	c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.out
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { c.err = c.cmd.Wait(); close(c.exited) }()
	t.Cleanup(func() { c.kill() })
	return c
}

// kill sends SIGKILL and waits until the process is gone.
func (c *child) kill() {
	_ = c.cmd.Process.Kill()
	<-c.exited
}

func (c *child) wait(t *testing.T, within time.Duration) error {
	t.Helper()
	select {
	case <-c.exited:
		return c.err
	case <-time.After(within):
		c.kill()
		t.Fatalf("contactgate merge still running after %s:\n%s", within, c.out.String())
		return nil
	}
}

// crashSwitch stands between the child and the emulator: it slows reads and
// writes down so that a kill lands mid-plan, and can kill the child right
// after the emulator applied a given merge, before its answer leaves: the
// window between a merge and its journal line.
type crashSwitch struct {
	latency time.Duration
	mu      sync.Mutex
	merges  int
	killAt  int // 0: off
	victim  *child
}

func (s *crashSwitch) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodPatch {
			time.Sleep(s.latency)
		}
		if r.URL.Path != emulator.BasePath+"/merge" {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		s.mu.Lock()
		s.merges++
		var victim *child
		if s.merges == s.killAt {
			victim = s.victim
		}
		s.mu.Unlock()
		if victim != nil {
			victim.kill() // the answer dies with its caller
			return
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

func (s *crashSwitch) arm(killAt int, victim *child) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.killAt, s.victim = killAt, victim
}

// journalled counts the lines of step in the journal at path.
func journalled(path string, step purge.Step) int {
	b, _ := os.ReadFile(path)
	return strings.Count(string(b), `"step":"`+string(step)+`"`)
}

func TestMergeResumesAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("runs contactgate merge in child processes")
	}
	// Given 10 auto clusters of 3 records (20 merges) on an emulator served
	// over HTTP, with latency
	sw := &crashSwitch{latency: 5 * time.Millisecond}
	f := newPurgeFixture(t, 10, sw.wrap)
	args := f.args("--apply")

	// When a first run is killed right after the emulator applied its 4th
	// merge, before the answer reaches it
	first := startChild(t, args)
	sw.arm(4, first)
	_ = first.wait(t, time.Minute)
	sw.arm(0, nil)

	// Then the journal holds 3 merges and the 4th member's before line only
	entries, err := purge.ReadJournal(f.journal)
	if err != nil {
		t.Fatal(err)
	}
	if got := journalled(f.journal, purge.StepMerged); got != 3 || f.crm.Stats().Merge != 4 {
		t.Fatalf("after the first kill: %d merged lines, %d merges in the CRM; want 3 and 4\n%s", got, f.crm.Stats().Merge, first.out.String())
	}
	inFlight := entries[len(entries)-1]
	if inFlight.Step != purge.StepBefore {
		t.Fatalf("last journal line %+v, want the killed merge's before line", inFlight)
	}

	// When a second run is killed once it journalled 6 more merges
	second := startChild(t, args)
	deadline := time.Now().Add(time.Minute)
	for journalled(f.journal, purge.StepMerged) < 9 && time.Now().Before(deadline) {
		select {
		case <-second.exited:
			t.Fatalf("the second run ended before it was killed:\n%s", second.out.String())
		case <-time.After(time.Millisecond):
		}
	}
	second.kill()
	killedAt := journalled(f.journal, purge.StepMerged)
	if killedAt >= f.autoMembers() {
		t.Fatalf("the second run finished the plan (%d merged lines) before the kill", killedAt)
	}

	// And a third run goes to the end
	third := startChild(t, args)
	if err := third.wait(t, time.Minute); err != nil {
		t.Fatalf("third run: %v\n%s", err, third.out.String())
	}
	t.Logf("merged lines: 3 after the first kill, %d after the second; third run:\n%s", killedAt, third.out.String())

	// Then every member was merged exactly once, and nothing else was
	f.checkMerged(t)
	// And every merged member is in the journal with its snapshots
	entries = f.checkJournal(t)
	// And the merge the first kill interrupted was found done, not redone
	for _, e := range entries {
		if e.Step == purge.StepMerged && e.Member == inFlight.Member && !e.Verified {
			t.Errorf("the interrupted merge of %s was journalled as merged by a later run: %+v", inFlight.Member, e)
		}
	}
	if !strings.Contains(third.out.String(), "applied: 10 clusters") {
		t.Errorf("third run's output:\n%s", third.out.String())
	}
}
