package processor

import "testing"

func TestLaneAssigner(t *testing.T) {
	t.Run("should keep a key's jobs on one lane while any is not done", func(t *testing.T) {
		a := newLaneAssigner(4)
		first := a.assign("ann")
		for range 3 {
			a.assign("bob") // other keys load other lanes
		}
		second := a.assign("ann")
		if second.lane != first.lane || len(second.after) != 0 {
			t.Fatalf("ann's second job on lane %d after %d jobs, her first on %d", second.lane, len(second.after), first.lane)
		}
		a.done(first)
		if got := a.assign("ann"); got.lane != first.lane {
			t.Fatalf("ann's third job on lane %d while her second is not done (lane %d)", got.lane, first.lane)
		}
	})

	t.Run("should give a new key the least loaded lane, not the lane of its hash", func(t *testing.T) {
		a := newLaneAssigner(3)
		for range 5 {
			a.assign("busy") // one lane holds a key's backlog
		}
		seen := map[int]bool{}
		for _, k := range []string{"a", "b", "c", "d"} {
			pl := a.assign(k)
			if pl.lane == a.byKey["busy"].lane {
				t.Fatalf("key %q queued behind the busy key's backlog on lane %d", k, pl.lane)
			}
			seen[pl.lane] = true
		}
		if len(seen) != 2 {
			t.Errorf("four new keys used lanes %v; want both idle lanes", seen)
		}
	})

	t.Run("should free a key's lane once its jobs are done", func(t *testing.T) {
		a := newLaneAssigner(2)
		x1 := a.assign("x")
		x2 := a.assign("x")
		a.done(x1)
		a.done(x2)
		if len(a.byKey) != 0 || a.load[x1.lane] != 0 {
			t.Fatalf("after both jobs done: keys %v, load %v", a.byKey, a.load)
		}
		a.done(x2) // a stray done changes nothing
		if a.load[x1.lane] != 0 {
			t.Fatalf("a stray done made the load %v", a.load)
		}
	})

	t.Run("should order a job after the earlier jobs of its record key on another lane", func(t *testing.T) {
		// Given a person's first event (identity: her e-mail) and another
		// identity's job that take two lanes, both under her record key
		a := newLaneAssigner(4)
		first := a.assign("email:ann", "record-key:ann")
		a.assign("phone:bob")
		// When her phone-only event comes, with its own identity but her
		// record key, after a job of that phone's identity on another lane
		a.assign("phone:ann-mobile")
		next := a.assign("phone:ann-mobile", "record-key:ann")
		// Then it runs on its identity's lane, after her first event
		if len(next.after) != 1 || next.after[0] != first.done {
			t.Fatalf("the phone-only event waits for %d jobs; want her first event's", len(next.after))
		}
		select {
		case <-next.after[0]:
			t.Fatal("the first event is not done yet")
		default:
		}
		a.done(first)
		select {
		case <-next.after[0]:
		default:
			t.Fatal("the first event is done, and the phone-only event still waits")
		}
		// and the record key's later jobs follow it on its lane
		if later := a.assign("email:ann", "record-key:ann"); later.lane != next.lane || len(later.after) != 0 {
			t.Fatalf("a later job of hers on lane %d after %d jobs; want lane %d, in its order", later.lane, len(later.after), next.lane)
		}
	})
}
