package stages

import (
	"math"
	"testing"
	"time"

	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/schemas"
)

// fill gives r a stream: n records whose events fall every spacing
// seconds from start, and n matched events whose gaps to their records'
// last events are sameGaps in turn.
func fill(r *recencyStats, start, spacing int64, n int, sameGaps ...int64) {
	for i := range n {
		r.add(start + int64(i)*spacing)
		r.sample(sameGaps[i%len(sameGaps)])
	}
}

func TestRecencyStats(t *testing.T) {
	const day = 86400
	t.Run("should weigh one minute apart in a stream of years", func(t *testing.T) {
		// 2,000 records' events one every twelve hours over three years;
		// one person's matched events a minute after their last.
		r := newRecencyStats(func() int { return 2000 })
		fill(r, 1.6e9, day/2, 2000, 30, 200, 3*day)
		level, w := r.Weight(30, 1.6e9+500*day)
		if level != "minute" || w < 8 {
			t.Fatalf("%s %.2f, want the minute level and at least 8 bits", level, w)
		}
		if level, w := r.Weight(200, 1.6e9+500*day); level != "ten_minutes" || w < 7 {
			t.Fatalf("gap 200 s: %s %.2f, want ten minutes and at least 7 bits", level, w)
		}
		if _, w := r.Weight(400*day, 1.6e9+500*day); w != 0 {
			t.Fatalf("a gap of 400 days weighs %.2f, want nothing", w)
		}
	})
	t.Run("should weigh nothing in a backlog of one afternoon", func(t *testing.T) {
		// 10,000 events of 2,000 records in four hours: every record was
		// active within the hour, and one person's events spread alike.
		r := newRecencyStats(func() int { return 2000 })
		for i := range 10000 {
			r.add(1.6e9 + int64(i)*4*3600/10000)
			r.sample(int64(i%240) * 60) // gaps of 0 to 4 hours, evenly
		}
		for _, gap := range []int64{30, 300, 1800} {
			if level, w := r.Weight(gap, 1.6e9+2*3600); w > 0 {
				t.Errorf("gap %ds: %s %.2f, want nothing", gap, level, w)
			}
		}
	})
	t.Run("should weigh nothing before it has seen enough matched events", func(t *testing.T) {
		r := newRecencyStats(func() int { return 2000 })
		fill(r, 1.6e9, day/2, minRecencySamples-1, 30, 200, 3*day)
		if _, w := r.Weight(30, 1.6e9+100*day); w != 0 {
			t.Fatalf("weight %.2f after %d samples, want nothing", w, minRecencySamples-1)
		}
	})
}

// In a stream of years, Simon Armstrong's form from his personal address a
// minute after his CRM record was written is his; a namesake's a year
// later is not, and is made a record of its own.
func TestAnEventCloseInTimeJoinsItsNamesRecord(t *testing.T) {
	start := time.Date(2023, 1, 8, 8, 43, 0, 0, time.UTC)
	e := newEnv(t)
	// The stream so far: 2,000 records' events over three years, one
	// person's matched events within a minute, ten or days after their
	// last (an index of that size is what the counts are shares of).
	e.g.recency.records = func() int { return 2000 }
	fill(e.g.recency, start.Add(-3*365*24*time.Hour).Unix(), 43200, 2000, 40, 200, 3*86400)
	crm := e.event("crm")
	crm.OccurredAt, crm.ExternalID = start, "003Qi1FpntS4edgC7F"
	crm.FirstName, crm.LastName, crm.Email = "Simon", "Armstrong", "simon.armstrong@dccapital.com"
	rec := e.mustProcess(crm)
	form := func(at time.Time, email string) schemas.ContactEvent {
		ev := e.event("web_form")
		ev.OccurredAt, ev.FirstName, ev.LastName, ev.Email = at, "Simon", "Armstrong", email
		return ev
	}

	soon := e.mustProcess(form(start.Add(time.Minute), "Sarmstrong@sky.com"))
	if soon.RecordID != rec.RecordID {
		t.Fatalf("the event a minute later made %s (%s), want %s", soon.RecordID, soon.Action, rec.RecordID)
	}
	later := e.mustProcess(form(start.AddDate(1, 0, 0), "simon.armstrong1975@yahoo.com"))
	if later.RecordID == rec.RecordID {
		t.Fatalf("an event a year later joined %s by the name alone", rec.RecordID)
	}
}

// One of three instances counts a third of the stream's events, while its
// index holds every instance's records: u is scaled by its share, and the
// weight is what one instance alone would give.
func TestRecencyWeighsTheStreamNotTheInstancesShare(t *testing.T) {
	// 3,000 records, an event every ten seconds; one person's matched
	// events a minute, a few minutes or days after their last.
	const day = 86400
	gaps := []int64{30, 200, 3 * day}
	alone := newRecencyStats(func() int { return 3000 })
	fill(alone, 1.6e9, 10, 30000, gaps...)
	one := newRecencyStats(func() int { return 3000 })
	for i := range 30000 {
		if i%3 == 0 {
			one.add(1.6e9 + int64(i)*10)
		}
		one.sample(gaps[i%3])
		one.follow()
	}
	for _, gap := range []int64{30, 200} {
		_, wAlone := alone.Weight(gap, 1.6e9+150000)
		_, wOne := one.Weight(gap, 1.6e9+150000)
		if wAlone <= 0 || math.Abs(wOne-wAlone) > 0.1 {
			t.Errorf("gap %d s: one of three instances weighs %.2f, one alone %.2f", gap, wOne, wAlone)
		}
	}
}

// After a restart the index's records' times are every instance's events:
// they are not divided by this instance's share, as its own are.
func TestRecencyCountsRestoredTimesAsTheStreams(t *testing.T) {
	gaps := []int64{30, 200, 3 * 86400}
	fresh := newRecencyStats(func() int { return 3000 })
	fill(fresh, 1.6e9, 10, 30000, gaps...)
	restarted := newRecencyStats(func() int { return 3000 })
	for i := range 30000 {
		restarted.addRestored(1.6e9 + int64(i)*10)
		restarted.sample(gaps[i%3])
	}
	// Since the restart, a third of the stream's events, elsewhere in time.
	for i := range 90000 {
		if i%3 == 0 {
			restarted.add(1.6e9 + 1e6 + int64(i)*10)
		}
		restarted.follow()
	}
	_, wFresh := fresh.Weight(30, 1.6e9+150000)
	_, wRestarted := restarted.Weight(30, 1.6e9+150000)
	if wFresh <= 0 || math.Abs(wFresh-wRestarted) > 0.1 {
		t.Fatalf("restarted %.2f, fresh %.2f", wRestarted, wFresh)
	}
}

// recency_off in a model file turns the weighing of times off.
func TestRecencyOffInTheModelFile(t *testing.T) {
	m, err := match.ParseModel([]byte("recency_off: true\n"), "model.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if e := newEnv(t, withModel(m)); e.g.recency != nil {
		t.Fatal("recency_off: true, and the gatekeeper weighs times")
	}
	if e := newEnv(t); e.g.recency == nil {
		t.Fatal("the default model weighs no times")
	}
}

// The follower's catch-up of the outcome topic, outcomes processed before
// this gatekeeper started, is no part of the stream it has a share of
// (a second reader's probe: a new instance counted the whole compacted
// topic, and weighed every gap too little).
func TestRecencyShareLeavesTheCatchUpOut(t *testing.T) {
	e := newEnv(t)
	before := &schemas.Outcome{RecordID: "1", Action: schemas.ActionUpdated, ProcessedAt: e.g.started.Add(-time.Hour)}
	since := &schemas.Outcome{RecordID: "1", Action: schemas.ActionUpdated, ProcessedAt: e.g.started.Add(time.Second)}
	e.g.Followed(before)
	e.g.Followed(since)
	if got := e.g.recency.followed; got != 1 {
		t.Fatalf("followed %d outcomes, want 1: the one processed since the start", got)
	}
}
