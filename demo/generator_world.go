package demo

import (
	"slices"
	"strconv"
	"strings"
)

// world is the truth behind the generated events: who exists, where they
// work, and how to reach them. Events are renderings of it (generator_event.go).
type world struct {
	rates     Rates
	companies []company
	persons   []person

	takenEmails  map[string]struct{} // mailbox keys (lower case, gmail without dots)
	takenDomains map[string]struct{}
	lineCount    map[*place]int // numbers handed out per place
	lineOffset   map[*place]int // where the numbering of a place starts
}

type company struct {
	// spellings are the ways producers write the name; [0] is its own.
	spellings []string
	domain    string
	pattern   emailPattern
	place     *place
	// switchboard is the number everyone there gives; zero for direct lines.
	switchboard phoneNumber
	nextExt     int
	address     string // for billing_address
	members     []int
}

type person struct {
	first, last string
	nicks       []string
	company     int
	place       *place // where they work: city and country
	corporate   string
	personal    string
	gmail       bool // personal is at gmail.com
	phone       phoneNumber
	ext         string // extension at the switchboard
	jobtitle    string
	lifecycle   string
	billingID   string
	crmID       string
}

// phoneNumber is line number line at place; the zero value is no number.
type phoneNumber struct {
	place *place
	line  int
}

type emailPattern int

const (
	patternFirstDotLast emailPattern = iota // jane.doe@
	patternInitialLast                      // jdoe@
	patternFirst                            // jane@
)

// newWorld makes the companies and the persons.
func newWorld(seed int64, persons int, rates Rates) *world {
	r := newRNG(seed, streamWorld)
	w := &world{
		rates:        rates,
		takenEmails:  make(map[string]struct{}, persons),
		takenDomains: make(map[string]struct{}),
		lineCount:    make(map[*place]int),
		lineOffset:   make(map[*place]int),
	}
	names := make([]string, len(companyNames))
	copy(names, companyNames)
	for i := len(names) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		names[i], names[j] = names[j], names[i]
	}
	w.companies = make([]company, min(max(persons/4, 1), len(names)))
	for i := range w.companies {
		w.companies[i] = w.newCompany(r, names[i])
	}
	w.persons = make([]person, persons)
	for i := range w.persons {
		w.persons[i] = w.newPerson(r, i)
	}
	w.shareMailboxes(newRNG(seed, streamMailboxes))
	w.moveAbroad(newRNG(seed, streamForeign))
	return w
}

// shareMailboxes gives a share of persons with a personal address
// (Rates.FamilyMailbox) the one of an earlier person at another company
// instead, at the same kind of provider: a couple's or a family's mailbox,
// which each writes from in their own name. The events draw as they did
// without it, so a demo's figures move only by what the sharing does.
func (w *world) shareMailboxes(r *rng) {
	for i := 1; i < len(w.persons); i++ {
		p := &w.persons[i]
		if p.personal == "" || !r.chance(w.rates.FamilyMailbox) {
			continue
		}
		for range 8 {
			if q := &w.persons[r.intn(i)]; q.personal != "" && q.gmail == p.gmail && q.company != p.company && q.personal != p.personal {
				p.personal, p.gmail = q.personal, q.gmail
				break
			}
		}
	}
}

func (w *world) newCompany(r *rng, name string) company {
	uk := r.chance(w.rates.UK)
	places, forms := usPlaces, usLegalForms
	if uk {
		places, forms = ukPlaces, ukLegalForms
	}
	fi := r.intn(len(forms))
	own, other := forms[fi], forms[(fi+1+r.intn(len(forms)-1))%len(forms)]
	c := company{
		spellings: companySpellings(name, own, other),
		domain:    w.newDomain(r, name, uk),
		pattern:   emailPattern(weighted(r, 0.55, 0.30)),
		place:     &places[r.intn(len(places))],
		nextExt:   10 + r.intn(40),
	}
	if r.chance(w.rates.Switchboard) {
		c.switchboard = w.newLine(r, c.place)
	}
	n := strconv.Itoa(1 + r.intn(1999))
	if uk {
		c.address = n + " " + pick(r, streets) + ", " + c.place.city + " " + c.place.postcode + " " +
			strconv.Itoa(1+r.intn(9)) + string(rune('A'+r.intn(26))) + string(rune('A'+r.intn(26)))
	} else {
		c.address = n + " " + pick(r, streets) + ", " + c.place.city + ", " + c.place.region + " " +
			c.place.postcode + strconv.Itoa(10+r.intn(90))
	}
	return c
}

// companySpellings returns the company's own name with its legal form (the
// first spelling of own), then the other ways producers write it: the other
// spellings of that form, no form, capitals, another form (other's last),
// "and" for "&".
func companySpellings(name string, own, other []string) []string {
	out := []string{name + own[0]}
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, f := range own[1:] {
		add(name + f)
	}
	add(name)
	add(strings.ToUpper(name) + own[len(own)-1]) // "ACME Corporation"
	add(name + other[len(other)-1])              // "Acme, Inc." for Acme Corp
	if strings.Contains(name, " & ") {
		add(strings.Replace(name, " & ", " and ", 1) + own[0])
	}
	return out
}

// newDomain derives a company's e-mail domain from its name, unique.
func (w *world) newDomain(r *rng, name string, uk bool) string {
	var words []string
	for _, f := range strings.Fields(name) {
		if f = asciiLower(f); f != "" && f != "and" {
			words = append(words, f)
		}
	}
	label := strings.Join(words, "")
	if len(label) > 16 && len(words) > 1 {
		var b strings.Builder
		for _, f := range words[:len(words)-1] {
			b.WriteByte(f[0])
		}
		label = b.String() + words[len(words)-1]
	}
	tld := ".co.uk"
	if !uk {
		tld = [...]string{".com", ".io", ".co"}[weighted(r, 0.8, 0.1)]
	}
	d := label + tld
	for n := 2; ; n++ {
		if _, taken := w.takenDomains[d]; !taken {
			w.takenDomains[d] = struct{}{}
			return d
		}
		d = label + strconv.Itoa(n) + tld
	}
}

func (w *world) newPerson(r *rng, i int) person {
	ci := r.skewed(len(w.companies))
	c := &w.companies[ci]
	p := person{
		first: pick(r, givenNames), last: pick(r, surnames), company: ci, place: c.place,
		jobtitle: pick(r, jobTitles), lifecycle: pick(r, lifecycleStages),
		billingID: "cus_" + base62(r, 14), crmID: "003" + base62(r, 15),
	}
	switch {
	case len(c.members) > 0 && r.chance(w.rates.Relative):
		kin := &w.persons[pick(r, c.members)]
		p.last, p.first = kin.last, otherFirstName(r, kin.first)
	case i > 0 && r.chance(w.rates.Namesake):
		for range 8 {
			if q := &w.persons[r.intn(i)]; q.company != ci {
				p.first, p.last = q.first, q.last
				break
			}
		}
	}
	p.nicks = nicknames[p.first]
	if r.chance(0.15) { // works from another city of the same country
		if c.place.uk {
			p.place = &ukPlaces[r.intn(len(ukPlaces))]
		} else {
			p.place = &usPlaces[r.intn(len(usPlaces))]
		}
	}
	first, last := asciiLower(p.first), asciiLower(p.last)
	if r.chance(w.rates.CorporateEmail) {
		p.corporate = w.corporateEmail(first, last, c)
	}
	if r.chance(w.rates.PersonalEmail) {
		p.personal, p.gmail = w.personalEmail(r, first, last)
	}
	if r.chance(w.rates.Phone) {
		if c.switchboard.place != nil {
			p.phone, p.ext = c.switchboard, strconv.Itoa(c.nextExt)
			c.nextExt += 1 + r.intn(3)
		} else {
			p.phone = w.newLine(r, p.place)
		}
	}
	c.members = append(c.members, i)
	return p
}

// otherFirstName returns a first name for a relative of someone called kin:
// never kin, nor a name that shares a nickname with it (Steven and Stephen
// are both Steve). Half the time it starts with the same letter.
func otherFirstName(r *rng, kin string) string {
	sameInitial := r.chance(0.5)
	for try := 0; ; try++ {
		f := pick(r, givenNames)
		if f == kin || shareNickname(f, kin) || sameInitial && try < 50 && f[0] != kin[0] {
			continue
		}
		return f
	}
}

func shareNickname(a, b string) bool {
	na, nb := nicknames[a], nicknames[b]
	if slices.Contains(na, b) || slices.Contains(nb, a) {
		return true
	}
	for _, n := range na {
		if slices.Contains(nb, n) {
			return true
		}
	}
	return false
}

// corporateEmail returns the person's unique address in the company's
// pattern, with a number when a colleague has it already (jdoe2@).
func (w *world) corporateEmail(first, last string, c *company) string {
	var local string
	switch c.pattern {
	case patternFirstDotLast:
		local = first + "." + last
	case patternInitialLast:
		local = first[:1] + last
	default:
		local = first
	}
	addr := local + "@" + c.domain
	for n := 2; !w.claimEmail(addr, false); n++ {
		addr = local + strconv.Itoa(n) + "@" + c.domain
	}
	return addr
}

// personalEmail returns a unique personal address and whether it is gmail.
func (w *world) personalEmail(r *rng, first, last string) (string, bool) {
	d := personalDomains[len(personalDomains)-1]
	u := r.float()
	for _, x := range personalDomains {
		if u < x.weight {
			d = x
			break
		}
		u -= x.weight
	}
	year := strconv.Itoa(100 + (60+r.intn(46))%100)[1:] // "60".."99", "00".."05"
	var local string
	switch r.intn(6) {
	case 0:
		local = first + "." + last
	case 1:
		local = first + last
	case 2:
		local = first + "." + last + year
	case 3:
		local = first[:1] + last + year
	case 4:
		local = first + "_" + last
	default:
		local = first + last[:1] + year
	}
	gmail := d.domain == "gmail.com"
	addr := local + "@" + d.domain
	for !w.claimEmail(addr, gmail) {
		local += strconv.Itoa(r.intn(10))
		addr = local + "@" + d.domain
	}
	return addr, gmail
}

// claimEmail records the mailbox of addr and reports whether it was free.
// Gmail ignores dots, so j.doe@ and jdoe@ are one mailbox there.
func (w *world) claimEmail(addr string, gmail bool) bool {
	key := addr
	if gmail {
		key = strings.ReplaceAll(addr, ".", "") // the domain loses its dot too, consistently
	}
	if _, taken := w.takenEmails[key]; taken {
		return false
	}
	w.takenEmails[key] = struct{}{}
	return true
}

// newLine hands out the next number of a place, in a scrambled order so that
// neighbours do not get neighbouring numbers. A place that runs out (9,900
// numbers in the US, 1,000 in the UK) starts over, and people share numbers.
func (w *world) newLine(r *rng, pl *place) phoneNumber {
	off, ok := w.lineOffset[pl]
	if !ok {
		off = r.intn(pl.lines())
		w.lineOffset[pl] = off
	}
	n := w.lineCount[pl]
	w.lineCount[pl] = n + 1
	return phoneNumber{place: pl, line: (n*7919 + off) % pl.lines()} // 7919 is prime to both sizes
}

// weighted returns i with probability p[i], or len(p) for the remainder.
func weighted(r *rng, p ...float64) int {
	u := r.float()
	for i, x := range p {
		if u < x {
			return i
		}
		u -= x
	}
	return len(p)
}

// asciiLower returns the letters and digits of s in lower case:
// "O'Brien" → "obrien".
func asciiLower(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b = append(b, c)
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		}
	}
	return string(b)
}

func base62(r *rng, n int) string {
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[r.intn(len(digits))]
	}
	return string(b)
}
