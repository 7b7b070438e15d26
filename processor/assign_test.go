package processor

import "testing"

func TestLaneAssigner(t *testing.T) {
	t.Run("should keep a key's jobs on one lane while any is not done", func(t *testing.T) {
		a := newLaneAssigner(4)
		first := a.assign("ann")
		for range 3 {
			a.assign("bob") // other keys load other lanes
		}
		if got := a.assign("ann"); got != first {
			t.Fatalf("ann's second job on lane %d, her first on %d", got, first)
		}
		a.done("ann")
		if got := a.assign("ann"); got != first {
			t.Fatalf("ann's third job on lane %d while her second is not done (lane %d)", got, first)
		}
	})

	t.Run("should give a new key the least loaded lane, not the lane of its hash", func(t *testing.T) {
		a := newLaneAssigner(3)
		for range 5 {
			a.assign("busy") // one lane holds a key's backlog
		}
		seen := map[int]bool{}
		for _, k := range []string{"a", "b", "c", "d"} {
			l := a.assign(k)
			if l == a.byKey["busy"].lane {
				t.Fatalf("key %q queued behind the busy key's backlog on lane %d", k, l)
			}
			seen[l] = true
		}
		if len(seen) != 2 {
			t.Errorf("four new keys used lanes %v; want both idle lanes", seen)
		}
	})

	t.Run("should free a key's lane once its jobs are done", func(t *testing.T) {
		a := newLaneAssigner(2)
		l := a.assign("x")
		a.assign("x")
		a.done("x")
		a.done("x")
		if len(a.byKey) != 0 || a.load[l] != 0 {
			t.Fatalf("after both jobs done: keys %v, load %v", a.byKey, a.load)
		}
		a.done("x") // a stray done changes nothing
		if a.load[l] != 0 {
			t.Fatalf("a stray done made the load %v", a.load)
		}
	})
}
