package demo

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/contactgate/contactgate/schemas"
)

// The variations in this file came after the generator's figures were
// published; each draws from a stream of its own (streamForeign,
// streamVariants, streamArrival), so that at rate 0 the events are what they
// were, and changing one of them moves nothing else.

// foreignPlaces are cities in Germany, France and Australia with numbers
// libphonenumber accepts: in France and Australia the ranges kept for
// fiction (01 99 00, 02 5550, 03 7010); Germany keeps none, so the made-up
// 5555 block of real area codes. national is trunk prefix, area code and
// the subscriber number's fixed part; the line adds four digits.
var foreignPlaces = []place{
	{city: "Berlin", postcode: "10115", national: "030 5555", country: "Germany", cc: "49"},
	{city: "Munich", postcode: "80331", national: "089 5555", country: "Germany", cc: "49"},
	{city: "Hamburg", postcode: "20095", national: "040 5555", country: "Germany", cc: "49"},
	{city: "Frankfurt", postcode: "60311", national: "069 5555", country: "Germany", cc: "49"},
	{city: "Paris", postcode: "75002", national: "01 99 00", country: "France", cc: "33"},
	{city: "Lyon", postcode: "69002", national: "04 99 00", country: "France", cc: "33"},
	{city: "Bordeaux", postcode: "33000", national: "05 99 00", country: "France", cc: "33"},
	{city: "Sydney", region: "NSW", postcode: "2000", national: "02 5550", country: "Australia", cc: "61"},
	{city: "Melbourne", region: "VIC", postcode: "3000", national: "03 7010", country: "Australia", cc: "61"},
	{city: "Brisbane", region: "QLD", postcode: "4000", national: "07 5550", country: "Australia", cc: "61"},
	{city: "Perth", region: "WA", postcode: "6000", national: "08 7010", country: "Australia", cc: "61"},
}

// moveAbroad moves a share of companies (Rates.Foreign) with their people to
// a foreign place: their city, address, switchboard and direct lines. Who
// works where, their names and e-mails stay as they were.
func (w *world) moveAbroad(r *rng) {
	for ci := range w.companies {
		if !r.chance(w.rates.Foreign) {
			continue
		}
		c := &w.companies[ci]
		pl := &foreignPlaces[r.intn(len(foreignPlaces))]
		c.place = pl
		c.address = strconv.Itoa(1+r.intn(199)) + " " + pick(r, streets) + ", " + pl.postcode + " " + pl.city
		if c.switchboard.place != nil {
			c.switchboard = w.newLine(r, pl)
		}
		for _, m := range c.members {
			p := &w.persons[m]
			p.place = pl
			switch {
			case p.phone.place == nil:
			case p.ext != "":
				p.phone = c.switchboard
			default:
				p.phone = w.newLine(r, pl)
			}
		}
	}
}

// foreignPhone appends a number at a foreign place the way people write it,
// at home or dialling from abroad; the national ones read right only in the
// country's region.
func foreignPhone(r *rng, b []byte, pl *place, line int) []byte {
	area, sub, _ := strings.Cut(pl.national[1:], " ") // "30", "5555"
	l := strconv.Itoa(10000 + line)[1:]
	if pl.cc == "33" {
		l = l[:2] + " " + l[2:] // French numbers go in pairs
	}
	rest := sub + " " + l
	switch r.intn(9) {
	case 0:
		return append(b, "+"+pl.cc+" "+area+" "+rest...)
	case 1:
		return append(b, "00"+pl.cc+" "+area+" "+rest...)
	case 2:
		return append(b, "011 "+pl.cc+" "+area+" "+rest...) // dialled from the US
	case 3:
		return append(b, "+"+pl.cc+" (0)"+area+" "+rest...)
	case 4:
		return appendDigits(append(b, '+'), pl.cc+area+rest)
	case 5:
		return append(b, "0"+area+" "+rest...)
	case 6:
		return append(b, strings.ReplaceAll("0"+area+" "+rest, " ", "-")...)
	case 7:
		return append(b, strings.ReplaceAll("0"+area+" "+rest, " ", ".")...)
	default:
		if pl.cc == "49" {
			return append(b, "0"+area+"/"+rest...)
		}
		return append(b, "(0"+area+") "+rest...)
	}
}

// invalidPhone returns the number b with one digit dropped or one added at
// its end, or, for one outside the US, written as its country code and
// national number without "+" or "00" (world.vary drops the event's country
// then), so that it reads as a US number that does not exist.
func invalidPhone(r *rng, b []byte, pl *place, line int) []byte {
	kinds := 2
	if pl.uk || pl.cc != "" {
		kinds = 3
	}
	switch r.intn(kinds) {
	case 0:
		return b[:len(b)-1]
	case 1:
		return append(b, byte('0'+r.intn(10)))
	}
	if pl.uk {
		return append(b[:0], "44 "+pl.national[1:]+strconv.Itoa(1000 + line)[1:]...)
	}
	area, sub, _ := strings.Cut(pl.national[1:], " ")
	return append(b[:0], pl.cc+" "+area+" "+sub+" "+strconv.Itoa(10000 + line)[1:]...)
}

// vary applies the variations of this file to an event written by
// world.event: the first name's spelling or initial, a typo in the company,
// and the country left out beside a foreign number.
func (w *world) vary(x *rng, p *person, e *schemas.ContactEvent) {
	rt := &w.rates
	if e.FirstName != "" && x.chance(rt.NameSpelling) {
		if alts := nameSpellings[p.first]; len(alts) > 0 && strings.EqualFold(e.FirstName, p.first) {
			alt := pick(x, alts)
			switch e.FirstName {
			case strings.ToUpper(e.FirstName):
				alt = strings.ToUpper(alt)
			case strings.ToLower(e.FirstName):
				alt = strings.ToLower(alt)
			}
			e.FirstName = alt
		}
	}
	if e.FirstName != "" && x.chance(rt.Initial) {
		e.FirstName = e.FirstName[:1]
		if x.chance(0.5) {
			e.FirstName += "."
		}
	}
	if len(e.Company) >= 3 && x.chance(rt.CompanyTypo) {
		e.Company = typo(x, e.Company)
	}
	if pl := p.phone.place; e.Phone != "" && (pl.uk || pl.cc != "") {
		// A number written bare ("44 20 …") comes from a producer that
		// drops the country too: it is the wrong region that breaks it.
		bare := strings.HasPrefix(e.Phone, pl.cc+" ") || pl.uk && strings.HasPrefix(e.Phone, "44 ")
		if x.chance(rt.PhoneNoCountry) || bare {
			delete(e.Properties, "country")
		}
	}
}

// displace takes a share of events out of the stream and puts each back at
// a random position, keeping its occurred_at, then numbers the event ids by
// arrival again. share 1 shuffles the stream.
func displace(r *rng, g *Generated, share float64) {
	if !(share > 0) {
		return
	}
	n := len(g.Events)
	type slot struct {
		key float64
		i   int
	}
	slots := make([]slot, n)
	for i := range slots {
		slots[i] = slot{float64(i), i}
		if r.chance(share) {
			slots[i].key = r.float() * float64(n)
		}
	}
	slices.SortStableFunc(slots, func(a, b slot) int { return cmp.Compare(a.key, b.key) })
	events, person := make([]schemas.ContactEvent, n), make([]int, n)
	for k, s := range slots {
		events[k], person[k] = g.Events[s.i], g.Person[s.i]
		events[k].EventID = eventID(k)
	}
	g.Events, g.Person = events, person
}

// nameSpellings are other ways to spell a given name: the same person,
// written by someone who heard it or misremembered it.
var nameSpellings = map[string][]string{
	"Katherine": {"Catherine", "Kathryn"}, "Steven": {"Stephen"}, "Stephen": {"Steven"},
	"Jeffrey": {"Geoffrey", "Jeffery"}, "Sean": {"Shaun", "Shawn"}, "Philip": {"Phillip"},
	"Brian": {"Bryan"}, "Bryan": {"Brian"}, "Jonathan": {"Jonathon", "Johnathan"},
	"Nicholas": {"Nicolas"}, "Zachary": {"Zackary", "Zachery"}, "Alan": {"Allan", "Allen"},
	"Frederick": {"Frederic"}, "Rhys": {"Reece", "Reese"}, "Callum": {"Calum"},
	"Alistair": {"Alastair", "Alasdair"}, "Sarah": {"Sara"}, "Rebecca": {"Rebekah"},
	"Deborah": {"Debra", "Debora"}, "Ashley": {"Ashleigh"}, "Kimberly": {"Kimberley"},
	"Theresa": {"Teresa"}, "Ann": {"Anne"}, "Megan": {"Meghan"}, "Lori": {"Laurie"},
	"Jose": {"José"}, "Zoe": {"Zoë"}, "Tracey": {"Tracy"}, "Stacey": {"Stacy"},
	"Hayley": {"Haley", "Hailey"}, "Caitlin": {"Kaitlyn", "Katelyn"}, "Isla": {"Ayla"},
	"Eleanor": {"Elinor"}, "Madeline": {"Madeleine"}, "Jacqueline": {"Jaqueline"},
	"Gillian": {"Jillian"}, "Alison": {"Allison"}, "Leanne": {"Lianne"}, "Erica": {"Erika"},
	"Veronica": {"Veronika"}, "Marilyn": {"Marylin"},
	"Beverly": {"Beverley"}, "Brittany": {"Britney"}, "Jasmine": {"Jasmin"},
	"Natalie": {"Nathalie"}, "Sophia": {"Sofia"}, "Sophie": {"Sofie"},
	"Mark": {"Marc"}, "Eric": {"Erik"}, "Carl": {"Karl"}, "Louis": {"Lewis"}, "Lewis": {"Louis"},
	"Dennis": {"Denis"}, "Glenn": {"Glen"},
	"Graham": {"Graeme", "Grahame"}, "Neil": {"Neal"}, "Stuart": {"Stewart"}, "Ian": {"Iain"},
	"Derek": {"Derrick"},
}
