package state

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
)

func TestConcurrentWrites(t *testing.T) {
	t.Run("should apply writes from 8 goroutines, sharing keys and records", func(t *testing.T) {
		// Given 8 lanes that each write 50 records, every record sharing
		// one switchboard number, and every lane also rewriting one common
		// record with its own e-mail
		ix := openMem(t)
		const lanes, perLane = 8, 50
		var wg sync.WaitGroup
		errs := make(chan error, lanes)
		for lane := range lanes {
			wg.Go(func() {
				for i := range perLane {
					id := fmt.Sprintf("%d-%d", lane, i)
					r := person(id, []string{id + "@example.com"}, []string{"+14155550000"}, "")
					w := Write{Record: r, EventID: "ev-" + id, Offset: &Offset{Topic: "in", Partition: int32(lane % 2), Offset: int64(i + 1)}}
					if err := ix.Apply(w); err != nil {
						errs <- err
						return
					}
					shared := person("shared", []string{fmt.Sprintf("lane%d@example.com", lane)}, nil, "")
					if err := ix.Apply(Write{Record: shared}); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		// Then every record is there, the phone resolves to all of them, and
		// the common record holds exactly one lane's e-mail
		if n := len(lookup(t, ix, phone("+14155550000"))); n != lanes*perLane {
			t.Fatalf("the shared phone resolves to %d records, want %d", n, lanes*perLane)
		}
		st, err := ix.Stats()
		if err != nil {
			t.Fatal(err)
		}
		if st.Records != lanes*perLane+1 || st.ProcessedEvents != lanes*perLane {
			t.Fatalf("Stats = %+v", st)
		}
		held := 0
		for lane := range lanes {
			held += len(lookup(t, ix, email(fmt.Sprintf("lane%d@example.com", lane))))
		}
		if held != 1 {
			t.Fatalf("%d lane e-mails resolve to the common record, want 1", held)
		}
		for p := range int32(2) {
			if off, _, _ := ix.Offset("in", p); off != perLane {
				t.Fatalf("Offset(in, %d) = %d, want %d", p, off, perLane)
			}
		}
	})

	t.Run("should give a contested key to exactly one claimant", func(t *testing.T) {
		ix := openMem(t)
		const claimants = 8
		won := make(chan string, claimants)
		var wg sync.WaitGroup
		for i := range claimants {
			wg.Go(func() {
				owner := fmt.Sprintf("ev-%d", i)
				held, err := ix.Claim(owner, []Key{email("new@example.com"), phone(fmt.Sprint("+1415555", i))}, t0)
				if err != nil {
					t.Error(err)
				}
				if held == "" {
					won <- owner
				}
			})
		}
		wg.Wait()
		close(won)
		if n := len(won); n != 1 {
			t.Fatalf("%d claimants won the key, want 1", n)
		}
		if claims, _ := ix.PendingClaims(); len(claims) != 1 {
			t.Fatalf("PendingClaims = %+v, want the winner's only", claims)
		}
	})
}

// crashEnv names the directory in which the test binary, run again as a
// child, writes and then exits without closing the index.
const crashEnv = "CONTACTGATE_STATE_CRASH_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashEnv); dir != "" {
		os.Exit(crashWhileWriting(dir))
	}
	os.Exit(m.Run())
}

// crashWhileWriting applies a record with its offset and claims a key, then
// exits as a crash would: without Close.
func crashWhileWriting(dir string) int {
	ix, err := Open(dir, Options{MemTableSize: 4 << 20, BlockCacheSize: 8 << 20})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	w := Write{
		Record:  person("101", []string{"jane@example.com"}, nil, ""),
		EventID: "ev-1",
		Offset:  &Offset{Topic: "contacts.events", Partition: 0, Offset: 8},
	}
	if err := ix.Apply(w); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if _, err := ix.Claim("ev-2", []Key{email("new@example.com")}, t0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}

func TestCrash(t *testing.T) {
	t.Run("should find committed writes and claims after the process dies", func(t *testing.T) {
		// Given a process that wrote the index and died without closing it
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashEnv+"="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		// When the index is opened again
		ix := openDir(t, dir)
		defer ix.Close()
		// Then the record, its offset and the claim are all there
		wantIDs(t, ix, email("jane@example.com"), "101")
		if off, ok, _ := ix.Offset("contacts.events", 0); !ok || off != 8 {
			t.Fatalf("Offset = %d, %v; want 8", off, ok)
		}
		if claims, _ := ix.PendingClaims(); len(claims) != 1 || claims[0].Owner != "ev-2" {
			t.Fatalf("PendingClaims = %+v", claims)
		}
	})
}
