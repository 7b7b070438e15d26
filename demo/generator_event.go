package demo

import (
	"strconv"
	"strings"
	"time"

	"github.com/contactgate/contactgate/schemas"
)

// event writes person pi down the way one producer would. r draws the
// variations Generate had from the start, x those added later
// (generator_variants.go).
func (w *world) event(r, x *rng, pi int, id, source string, at time.Time) schemas.ContactEvent {
	p := &w.persons[pi]
	c := &w.companies[p.company]
	rt := &w.rates
	e := schemas.ContactEvent{EventID: id, Source: source, OccurredAt: at}
	switch source {
	case SourceBilling:
		if r.chance(rt.ExternalID) {
			e.ExternalID = p.billingID
		}
	case SourceCRM:
		if r.chance(rt.ExternalID) {
			e.ExternalID = p.crmID
		}
	}
	if !r.chance(rt.MissingEmail) {
		e.Email = w.email(r, p)
	}
	if p.phone.place != nil && !r.chance(rt.MissingPhone) {
		e.Phone = w.phone(r, x, p)
	}
	if !r.chance(rt.MissingName) {
		e.FirstName, e.LastName = w.names(r, p)
	}
	if !r.chance(rt.MissingCompany) {
		e.Company = c.spellings[0]
		if r.chance(rt.CompanyVariant) {
			e.Company = c.spellings[1+r.intn(len(c.spellings)-1)]
		}
	}
	if e.ExternalID == "" && e.Email == "" && e.Phone == "" && (e.FirstName == "" || e.LastName == "" || e.Company == "") {
		switch {
		case p.corporate != "":
			e.Email = p.corporate
		case p.personal != "":
			e.Email = p.personal
		case p.phone.place != nil:
			e.Phone = w.phone(r, x, p)
		default:
			e.FirstName, e.LastName, e.Company = p.first, p.last, c.spellings[0]
		}
	}
	e.Properties = properties(r, p, c, &e)
	w.vary(x, p, &e)
	return e
}

// email returns one of the person's addresses as a producer writes it, or
// "" when the person has none.
func (w *world) email(r *rng, p *person) string {
	rt := &w.rates
	addr, personal := p.corporate, false
	if p.personal != "" && (addr == "" || r.chance(rt.PreferPersonal)) {
		addr, personal = p.personal, true
	}
	if addr == "" {
		return ""
	}
	if personal && r.chance(rt.EmailAlias) {
		addr = emailAlias(r, addr, p.gmail)
	}
	if r.chance(rt.EmailCase) {
		addr = emailCase(r, addr)
	}
	if r.chance(rt.EmailSpace) {
		addr = [...]string{" " + addr, addr + " ", " " + addr + " ", "\t" + addr}[r.intn(4)]
	}
	return addr
}

// emailAlias returns another address of the same mailbox: a "+tag", or for
// gmail dots added or removed, or googlemail.com.
func emailAlias(r *rng, addr string, gmail bool) string {
	at := strings.LastIndexByte(addr, '@')
	local, domain := addr[:at], addr[at:]
	switch u := r.intn(10); {
	case gmail && u < 5:
		if strings.Contains(local, ".") {
			return strings.ReplaceAll(local, ".", "") + domain
		}
		i := 1 + r.intn(len(local)-1)
		return local[:i] + "." + local[i:] + domain
	case gmail && u == 9:
		return local + "@googlemail.com"
	default:
		return local + "+" + pick(r, emailTags) + domain
	}
}

// emailCase returns addr in capitals, capitalised by part
// ("John.Smith@Gmail.com"), or with the domain in capitals.
func emailCase(r *rng, addr string) string {
	switch r.intn(3) {
	case 0:
		return strings.ToUpper(addr)
	case 1:
		b := []byte(addr)
		for i := range b {
			if (i == 0 || strings.IndexByte("._@", b[i-1]) >= 0) && b[i] >= 'a' && b[i] <= 'z' {
				b[i] -= 'a' - 'A'
			}
		}
		return string(b)
	default:
		at := strings.LastIndexByte(addr, '@')
		return addr[:at] + strings.ToUpper(addr[at:])
	}
}

// phone returns the person's number in one of the ways people write it;
// r draws for US and UK numbers, x for foreign and invalid ones.
func (w *world) phone(r, x *rng, p *person) string {
	var buf [48]byte
	b := buf[:0]
	pl := p.phone.place
	if pl.cc != "" {
		b = foreignPhone(x, b, pl, p.phone.line)
	} else if pl.uk {
		national := pl.national + strconv.Itoa(1000 + p.phone.line)[1:] // 020 7946 0958
		international := national[1:]                                   // 20 7946 0958
		if r.chance(w.rates.UKNational) {
			if r.chance(0.5) {
				b = append(b, national...)
			} else {
				b = appendDigits(b, national)
			}
		} else {
			switch r.intn(4) {
			case 0:
				b = append(b, "+44 "+international...)
			case 1:
				b = append(b, "0044 "+international...)
			case 2:
				b = append(b, "+44 (0)"+international...)
			default:
				b = appendDigits(append(b, '+'), "44"+international)
			}
		}
	} else {
		area, exch := pl.national[:3], pl.national[4:7]
		line := strconv.Itoa(10000 + 100 + p.phone.line)[1:] // 0100–9999
		switch r.intn(8) {
		case 0:
			b = append(b, "+1 "+area+"-"+exch+"-"+line...)
		case 1:
			b = append(b, "("+area+") "+exch+"-"+line...)
		case 2:
			b = append(b, area+"."+exch+"."+line...)
		case 3:
			b = append(b, "001 "+area+" "+exch+" "+line...)
		case 4:
			b = append(b, area+"-"+exch+"-"+line...)
		case 5:
			b = append(b, "+1"+area+exch+line...)
		case 6:
			b = append(b, "1-"+area+"-"+exch+"-"+line...)
		default:
			b = append(b, "+1 ("+area+") "+exch+"-"+line...)
		}
	}
	if x.chance(w.rates.PhoneInvalid) {
		b = invalidPhone(x, b, pl, p.phone.line)
	}
	if p.ext != "" && r.chance(w.rates.PhoneExt) {
		b = append(b, [...]string{" ext. ", " x", " ext ", " Ext. "}[r.intn(4)]...)
		b = append(b, p.ext...)
	}
	return string(b)
}

// appendDigits appends the digits of s to b.
func appendDigits(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			b = append(b, c)
		}
	}
	return b
}

// names returns the first and last name as a producer writes them.
func (w *world) names(r *rng, p *person) (first, last string) {
	rt := &w.rates
	first, last = p.first, p.last
	if len(p.nicks) > 0 && r.chance(rt.Nickname) {
		first = pick(r, p.nicks)
	}
	if r.chance(rt.NameTypo) {
		if len(first) >= 3 && (r.chance(0.5) || len(last) < 3) {
			first = typo(r, first)
		} else {
			last = typo(r, last)
		}
	}
	if r.chance(rt.NameCase) {
		if r.chance(0.5) {
			first, last = strings.ToUpper(first), strings.ToUpper(last)
		} else {
			first, last = strings.ToLower(first), strings.ToLower(last)
		}
	}
	return first, last
}

// typo returns s with one edit that people make, never on its first letter:
// two neighbours swapped, one letter dropped, or one replaced by a key next
// to it. Strings shorter than 3 bytes come back as they are.
func typo(r *rng, s string) string {
	if len(s) < 3 {
		return s
	}
	b := []byte(s)
	i := 1 + r.intn(len(b)-2) // b[i] and b[i+1] exist
	kind := r.intn(3)
	if kind == 0 && b[i] == b[i+1] {
		kind = 2 // swapping equal letters changes nothing
	}
	if kind == 2 && keyboardNeighbours[lower(b[i])] == "" {
		kind = 1 // not a letter
	}
	switch kind {
	case 0:
		b[i], b[i+1] = b[i+1], b[i]
	case 1:
		b = append(b[:i], b[i+1:]...)
	default:
		n := keyboardNeighbours[lower(b[i])]
		c := n[r.intn(len(n))]
		if b[i] >= 'A' && b[i] <= 'Z' {
			c -= 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// keyboardNeighbours holds the letters next to each letter on a QWERTY
// keyboard.
var keyboardNeighbours = [256]string{
	'q': "wa", 'w': "qes", 'e': "wrd", 'r': "etf", 't': "ryg", 'y': "tuh",
	'u': "yij", 'i': "uok", 'o': "ipl", 'p': "ol", 'a': "qsz", 's': "awdz",
	'd': "sefx", 'f': "drgc", 'g': "fthv", 'h': "gyjb", 'j': "hukn", 'k': "jilm",
	'l': "kop", 'z': "asx", 'x': "zsdc", 'c': "xdfv", 'v': "cfgb", 'b': "vghn",
	'n': "bhjm", 'm': "njk",
}

// properties returns what the source knows beyond identifiers. Only billing
// sends billing_address and only webinar last_activity_date; a UK number
// or a foreign one comes with the country, which tells a national number's
// region (unless Rates.PhoneNoCountry drops it).
func properties(r *rng, p *person, c *company, e *schemas.ContactEvent) map[string]string {
	m := make(map[string]string, 4)
	country := "United States"
	switch {
	case p.place.uk:
		country = "United Kingdom"
	case p.place.country != "":
		country = p.place.country
	}
	switch e.Source {
	case SourceWebForm:
		m["lifecyclestage"] = "lead"
		if r.chance(0.6) {
			m["jobtitle"] = p.jobtitle
		}
		if r.chance(0.4) {
			m["city"] = p.place.city
		}
	case SourceCRM:
		m["lifecyclestage"] = p.lifecycle
		m["jobtitle"] = p.jobtitle
		m["city"] = p.place.city
		m["country"] = country
	case SourceBilling:
		m["lifecyclestage"] = "customer"
		m["billing_address"] = c.address
		m["country"] = country
	case SourceWebinar:
		m["last_activity_date"] = e.OccurredAt.UTC().Format("2006-01-02T15:04:05.000Z07:00")
		if r.chance(0.7) {
			m["jobtitle"] = p.jobtitle
		}
	case SourceListImport:
		m["lifecyclestage"] = "subscriber"
		if r.chance(0.5) {
			m["jobtitle"] = p.jobtitle
		}
		if r.chance(0.5) {
			m["city"] = p.place.city
		}
	}
	if (p.place.uk || p.place.country != "") && e.Phone != "" {
		m["country"] = country
	}
	return m
}
