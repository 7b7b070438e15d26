package linkage

import (
	"maps"
	"testing"

	"github.com/contactgate/contactgate/match"
)

type row = map[match.Kind]string

func TestResolve(t *testing.T) {
	t.Run("should join a record to the cluster it matches and explain why", func(t *testing.T) {
		// Given Robert Smith at Acme
		r, err := New(Options{})
		if err != nil {
			t.Fatal(err)
		}
		first := r.Resolve("1", row{match.KindFirstName: "Robert", match.KindLastName: "Smith", match.KindCompany: "Acme Corp", match.KindEmail: "rsmith@acme.com"})

		// When Bob Smith at ACME Corporation arrives with the same e-mail
		d := r.Resolve("2", row{match.KindFirstName: "Bob", match.KindLastName: "Smith", match.KindCompany: "ACME Corporation", match.KindEmail: "RSmith@acme.com"})

		// Then he joins Robert's cluster, and the evidence names the fields
		if d.Cluster != first.Cluster || d.Band != match.BandMatch || d.Candidate != "1" {
			t.Fatalf("decision %+v; want Robert's cluster %s", d, first.Cluster)
		}
		levels := map[match.Kind]string{}
		for _, e := range d.Comparison.Evidence {
			levels[e.Kind] = e.Level
		}
		if levels[match.KindEmail] != match.LevelExact || levels[match.KindFirstName] != match.LevelNickname || levels[match.KindCompany] != match.LevelExact {
			t.Errorf("evidence %s", d.Comparison.Explain())
		}
	})

	t.Run("should keep namesakes at two companies apart", func(t *testing.T) {
		r, _ := New(Options{})
		first := r.Resolve("1", row{match.KindFirstName: "John", match.KindLastName: "Smith", match.KindCompany: "Acme"})

		d := r.Resolve("2", row{match.KindFirstName: "John", match.KindLastName: "Smith", match.KindCompany: "Initech"})

		if d.Cluster == first.Cluster || d.Band == match.BandMatch || d.Candidate != "1" {
			t.Fatalf("decision %+v; want a cluster of its own, 1 as the best candidate", d)
		}
	})

	t.Run("should never compare records that share no blocking key", func(t *testing.T) {
		r, _ := New(Options{})
		r.Resolve("1", row{match.KindFirstName: "Ann", match.KindLastName: "Lee", match.KindDOB: "1980-01-02"})

		d := r.Resolve("2", row{match.KindFirstName: "Zed", match.KindLastName: "Yu", match.KindDOB: "1990-05-06"})

		if d.Compared != 0 || d.Band != match.BandDistinct || d.Candidate != "" {
			t.Fatalf("decision %+v; want nothing compared", d)
		}
	})

	t.Run("should match a person whose records each hold part of the evidence", func(t *testing.T) {
		// Given Noah Watson twice: once with his e-mail and phone, once with
		// his e-mail and birth date
		r, _ := New(Options{})
		first := r.Resolve("1", row{match.KindFirstName: "Noah", match.KindLastName: "Watson", match.KindEmail: "nw@example.org", match.KindPhone: "+44 20 7946 0011"})
		r.Resolve("2", row{match.KindFirstName: "Noah", match.KindLastName: "Watson", match.KindEmail: "nw@example.org", match.KindDOB: "2008-03-23"})

		// When a record with his first name, phone and a birth date with a
		// slip arrives, which neither record matches alone
		d := r.Resolve("3", row{match.KindFirstName: "Noah", match.KindPhone: "+44 20 7946 0011", match.KindDOB: "2008-03-28"})

		// Then it joins him
		if d.Cluster != first.Cluster || d.Band != match.BandMatch {
			t.Fatalf("decision %+v (%s); want Noah Watson's cluster", d, d.Comparison.Explain())
		}
	})

	t.Run("should not add up relatives into one person", func(t *testing.T) {
		// Given Mary Kusha, and Edward Kusha at the same address and e-mail
		r, _ := New(Options{})
		r.Resolve("1", row{match.KindFirstName: "Mary", match.KindLastName: "Kusha", match.KindEmail: "kusha@example.org", match.KindDOB: "1976-10-27"})
		r.Resolve("2", row{match.KindFirstName: "Mary", match.KindLastName: "Kusha", match.KindAddress: "1304 Poppy Hills Dr", match.KindPostcode: "43004"})

		// When Edward arrives with the e-mail, the address and his own
		// birth date
		d := r.Resolve("3", row{match.KindFirstName: "Edward", match.KindLastName: "Kusha", match.KindEmail: "kusha@example.org",
			match.KindAddress: "1304 Poppy Hills Dr", match.KindPostcode: "43004", match.KindDOB: "1970-03-01"})

		// Then he is someone else
		if d.Band == match.BandMatch {
			t.Fatalf("decision %+v (%s); want a cluster of his own", d, d.Comparison.Explain())
		}
	})

	t.Run("should not guess between two people that only a missing field tells apart", func(t *testing.T) {
		// Given two John Smiths at one address, born twenty years apart
		r, _ := New(Options{})
		home := "3212 W. 32nd St Palm Harbor, FL 60527"
		father := r.Resolve("1", row{match.KindFirstName: "John", match.KindLastName: "Smith", match.KindAddress: home, match.KindDOB: "10/10/70"})
		son := r.Resolve("2", row{match.KindFirstName: "John", match.KindLastName: "Smith", match.KindAddress: home, match.KindDOB: "3/15/90"})
		if son.Cluster == father.Cluster {
			t.Fatalf("the son joined the father: %+v", son)
		}

		// When a John Smith at that address arrives without a birth date,
		// then another
		d := r.Resolve("3", row{match.KindFirstName: "John", match.KindLastName: "Smith", match.KindAddress: home})
		again := r.Resolve("4", row{match.KindFirstName: "John", match.KindLastName: "Smith", match.KindAddress: home})

		// Then the first joins neither, says why and names both; the second
		// joins the first, torn the same way
		if d.Cluster == father.Cluster || d.Cluster == son.Cluster || d.Band != match.BandPossible ||
			d.Comparison.Guard != match.GuardAmbiguous || d.Candidate == d.Rival || d.Rival == "" {
			t.Fatalf("decision %+v; want a cluster of its own, ambiguous between 1 and 2", d)
		}
		if again.Cluster != d.Cluster || again.Band != match.BandMatch || again.Candidate != "3" {
			t.Fatalf("decision %+v; want the cluster of 3", again)
		}
	})

	t.Run("should join the best of two clusters that nothing tells apart", func(t *testing.T) {
		// Given one person twice, in two clusters: once with an e-mail,
		// once with a phone, nothing else but the name in common
		r, _ := New(Options{})
		first := r.Resolve("1", row{match.KindFirstName: "Lachlan", match.KindLastName: "Berry", match.KindEmail: "lberry@example.org", match.KindDOB: "1999-02-19"})
		second := r.Resolve("2", row{match.KindFirstName: "Lachlan", match.KindLastName: "Berry", match.KindPhone: "+61 7 4722 1234"})
		if second.Cluster == first.Cluster {
			t.Fatalf("the two matched already: %+v", second)
		}

		// When a third record matches both, without a birth date
		d := r.Resolve("3", row{match.KindFirstName: "Lachlan", match.KindLastName: "Berry", match.KindEmail: "lberry@example.org", match.KindPhone: "+61 7 4722 1234"})

		// Then it joins one of them: nothing it lacks tells them apart
		if d.Band != match.BandMatch || d.Cluster != first.Cluster && d.Cluster != second.Cluster {
			t.Fatalf("decision %+v; want cluster %s or %s", d, first.Cluster, second.Cluster)
		}
	})

	t.Run("should merge two clusters that a record links, when merging", func(t *testing.T) {
		// Given one person in two clusters: her e-mail with her birth
		// date, her phone with her city
		r, _ := New(Options{Merge: true})
		first := r.Resolve("1", row{match.KindFirstName: "Noah", match.KindLastName: "Watson", match.KindEmail: "nw@example.org", match.KindDOB: "2008-03-23"})
		second := r.Resolve("2", row{match.KindFirstName: "Noah", match.KindLastName: "Watson", match.KindPhone: "+44 20 7946 0011", match.KindCity: "Bolton"})
		if second.Cluster == first.Cluster {
			t.Fatalf("the two matched already: %+v", second)
		}

		// When a record with her e-mail, her phone and her city arrives
		d := r.Resolve("3", row{match.KindFirstName: "Noah", match.KindLastName: "Watson", match.KindEmail: "nw@example.org", match.KindPhone: "+44 20 7946 0011", match.KindCity: "Bolton"})

		// Then the three are one cluster, and the decision says which one
		// joined
		c1, _ := r.ClusterOf("1")
		c2, _ := r.ClusterOf("2")
		if c1 != c2 || c1 != d.Cluster || len(d.Merged) != 1 {
			t.Fatalf("clusters %s, %s, decision %+v; want one, one merged", c1, c2, d)
		}
	})

	t.Run("should not merge two clusters whose members are two people", func(t *testing.T) {
		// Given Jim and Jane Muir at one address and a family mailbox
		r, _ := New(Options{Merge: true})
		home := row{match.KindLastName: "Muir", match.KindAddress: "12396 Austin Rd", match.KindCity: "Sacramento", match.KindPostcode: "95823"}
		with := func(extra row) row {
			out := maps.Clone(home)
			maps.Copy(out, extra)
			return out
		}
		jim := r.Resolve("1", with(row{match.KindFirstName: "Jim", match.KindDOB: "1997-11-12", match.KindEmail: "muir@example.org"}))
		jane := r.Resolve("2", with(row{match.KindFirstName: "Jane", match.KindDOB: "1999-12-10", match.KindEmail: "muir@example.org"}))

		// When J Muir arrives with Jane's birth date and Jim's phone-less
		// everything else
		d := r.Resolve("3", with(row{match.KindFirstName: "J", match.KindDOB: "1999-12-10", match.KindEmail: "muir@example.org"}))

		// Then Jim stays apart
		c1, _ := r.ClusterOf("1")
		c2, _ := r.ClusterOf("2")
		if c1 == c2 || c1 != jim.Cluster || c2 != jane.Cluster || len(d.Merged) != 0 {
			t.Fatalf("Jim %s, Jane %s, decision %+v; want two clusters", c1, c2, d)
		}
	})

	t.Run("should merge an alias that a national id proves", func(t *testing.T) {
		// Given Edward Kusha in Blacklick, and Ed Knight in San Francisco,
		// born the same day: a differing surname keeps them apart
		r, _ := New(Options{Merge: true})
		r.Resolve("1", row{match.KindFirstName: "Edward", match.KindLastName: "Kusha", match.KindNationalID: "294-66-9999",
			match.KindDOB: "3/1/1970", match.KindAddress: "1304 Poppy Hills Dr", match.KindCity: "Blacklick"})
		r.Resolve("2", row{match.KindFirstName: "Ed", match.KindLastName: "Knight", match.KindDOB: "3/1/70",
			match.KindAddress: "1602 Brenville Pl", match.KindCity: "San Francisco"})

		// When Eddie Knight at Ed's address arrives with Edward's national id
		d := r.Resolve("3", row{match.KindFirstName: "Eddie", match.KindLastName: "Knight", match.KindNationalID: "294669999",
			match.KindDOB: "3/1/70", match.KindAddress: "1602 Brenville Pl", match.KindCity: "San Francisco"})

		// Then the three are one person
		c1, _ := r.ClusterOf("1")
		c2, _ := r.ClusterOf("2")
		if c1 != c2 || c1 != d.Cluster {
			t.Fatalf("clusters %s, %s, decision %+v; want one", c1, c2, d)
		}
	})

	t.Run("should not merge twins that a family's mailbox links", func(t *testing.T) {
		// Given the twins Mark and Marsha Kusha at the family's mailbox
		r, _ := New(Options{Merge: true})
		home := row{match.KindEmail: "Kusha123@hmail.com", match.KindAddress: "1304 Poppy Hills Dr", match.KindPostcode: "43004"}
		with := func(extra row) row {
			out := maps.Clone(home)
			maps.Copy(out, extra)
			return out
		}
		r.Resolve("1", with(row{match.KindFirstName: "Mark", match.KindLastName: "Kusha", match.KindDOB: "9/28/97"}))
		r.Resolve("2", with(row{match.KindFirstName: "Marsha", match.KindLastName: "Kusha", match.KindDOB: "9/28/97", match.KindNationalID: "201-77-7719"}))

		// When a record without names arrives with the mailbox and
		// Marsha's national id
		d := r.Resolve("3", with(row{match.KindNationalID: "201-77-7719"}))

		// Then it is Marsha's, and Mark stays apart
		c1, _ := r.ClusterOf("1")
		c2, _ := r.ClusterOf("2")
		if c1 == c2 || d.Cluster != c2 {
			t.Fatalf("Mark %s, Marsha %s, decision %+v; want the record with Marsha, Mark apart", c1, c2, d)
		}
	})

	t.Run("should read a name written the other way round", func(t *testing.T) {
		r, _ := New(Options{})
		first := r.Resolve("1", row{match.KindFirstName: "Noah", match.KindLastName: "Watson", match.KindDOB: "2008-03-23", match.KindCity: "Bolton"})

		d := r.Resolve("2", row{match.KindFirstName: "Watson", match.KindLastName: "Noah", match.KindDOB: "2008-03-23", match.KindCity: "Bolton"})

		if d.Cluster != first.Cluster {
			t.Fatalf("decision %+v (%s); want Noah Watson's cluster", d, d.Comparison.Explain())
		}
	})
}

func TestEstimate(t *testing.T) {
	// Given 300 people, each written twice with a slip in the surname
	r, _ := New(Options{})
	var rows []row
	for i := range 300 {
		first, last := firstNames[i%len(firstNames)], lastNames[(i/len(firstNames))%len(lastNames)]
		dob := "19" + string(rune('5'+i%4)) + string(rune('0'+i%10)) + "-0" + string(rune('1'+i%9)) + "-1" + string(rune('0'+i%10))
		rows = append(rows,
			row{match.KindFirstName: first, match.KindLastName: last, match.KindDOB: dob, match.KindCity: cities[i%len(cities)]},
			row{match.KindFirstName: first, match.KindLastName: last + "e", match.KindDOB: dob, match.KindCity: cities[i%len(cities)]})
	}
	for _, x := range rows {
		r.Observe(x)
	}

	// When the model is estimated without labels
	m, err := r.Estimate(1)
	if err != nil {
		t.Fatal(err)
	}

	// Then a close surname is strong evidence, as the data says, and the
	// estimated model is valid
	var close match.Level
	for _, f := range m.Fields {
		if f.Kind == match.KindLastName {
			close = f.Levels[1]
		}
	}
	if close.Name != match.LevelClose || close.M < 0.3 {
		t.Errorf("last name close level %+v; want m ≥ 0.3 (the default model says 0.07)", close)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
}

var (
	firstNames = []string{"Ann", "Ben", "Cara", "Dev", "Ezra", "Fay", "Gus", "Hana", "Ivo", "Jill", "Kofi", "Lena", "Milo", "Nia", "Otto"}
	lastNames  = []string{"Abbott", "Barker", "Castillo", "Dunn", "Elliott", "Fischer", "Garvey", "Hughes", "Ibarra", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Sato", "Tanaka"}
	cities     = []string{"Leeds", "York", "Bath", "Ely", "Hull"}
)
