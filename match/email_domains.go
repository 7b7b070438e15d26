package match

import "strings"

// providerRule is what a mail provider documents about its addresses.
type providerRule struct {
	canonical string // the domain the key uses, when the provider has aliases
	dropDots  bool   // dots in the local part are ignored
	dropTag   bool   // "+tag" after the local part is ignored
}

// providerRules holds the providers whose aliasing is documented and applies
// to every address of the domain. Only these are rewritten: a company domain
// may or may not honour "+tag" (Google Workspace and Microsoft 365 do, many
// servers do not), so its local part is kept as written.
//
// Yahoo's aliases are "base-keyword" disposable addresses whose base is a name
// of its own, not the account's, so the '-' part cannot be dropped with
// certainty; Yahoo does not accept '+' in account names, so dropping "+tag" is
// safe and catches forms that append one.
var providerRules = func() map[string]providerRule {
	gmail := providerRule{canonical: "gmail.com", dropDots: true, dropTag: true}
	tag := providerRule{dropTag: true}
	m := map[string]providerRule{
		"gmail.com":      gmail,
		"googlemail.com": gmail,
	}
	for _, d := range []string{
		// Microsoft consumer accounts (Outlook.com plus addressing).
		"outlook.com", "hotmail.com", "live.com", "msn.com", "passport.com",
		"hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.it", "hotmail.es",
		"outlook.fr", "outlook.de", "outlook.it", "outlook.es", "outlook.co.uk",
		"live.co.uk", "live.fr", "live.de", "live.it", "live.nl", "live.ca",
		// Apple iCloud.
		"icloud.com", "me.com", "mac.com",
		// Fastmail.
		"fastmail.com", "fastmail.fm",
		// Proton.
		"proton.me", "protonmail.com", "protonmail.ch", "pm.me",
		// Yahoo: '+' only, see above.
		"yahoo.com",
	} {
		m[d] = tag
	}
	return m
}()

// providerRuleOf is the aliasing rule of domain (lower-cased): providerRules',
// or, for a country domain of Outlook.com or Yahoo that the list leaves out
// (hotmail.nl, outlook.ie, yahoo.co.uk, ymail.com: tagFamilies under a
// country form), the family's: one provider, one documented rule for all
// its domains.
func providerRuleOf(domain string) providerRule {
	if r, ok := providerRules[domain]; ok {
		return r
	}
	if dot := strings.IndexByte(domain, '.'); dot > 0 && tagFamilies[domain[:dot]] && isCountryForm(domain[dot+1:]) {
		return providerRule{dropTag: true}
	}
	return providerRule{}
}

// tagFamilies are the providers of personalFamilies whose every domain
// ignores a "+tag": Outlook.com's plus addressing, and Yahoo, which accepts
// no '+' in an account's name.
var tagFamilies = map[string]bool{"hotmail": true, "outlook": true, "live": true, "windowslive": true, "msn": true,
	"yahoo": true, "ymail": true, "rocketmail": true}

// IsPersonalEmailDomain reports whether domain belongs to a consumer mail
// provider (gmail.com, yahoo.co.uk, gmx.de, qq.com, ...), where an address says
// nothing about the person's employer, as opposed to a corporate domain, which
// is evidence for the company. It accepts a bare domain or a whole address or
// key, in any case, with or without a trailing dot. Unknown domains are
// reported as not personal.
func IsPersonalEmailDomain(domain string) bool {
	if at := strings.LastIndexByte(domain, '@'); at >= 0 {
		domain = domain[at+1:]
	}
	domain = strings.TrimSuffix(strings.TrimSpace(domain), ".")
	if len(domain) > maxDomainLen {
		return false
	}
	var buf [maxDomainLen]byte
	d := appendLowerASCII(buf[:0], domain)
	if personalDomains[string(d)] {
		return true
	}
	// A family name followed by a country form: yahoo.co.jp, gmx.at,
	// hotmail.com.br, yandex.kz.
	dot := strings.IndexByte(domain, '.')
	if dot < 0 {
		return false
	}
	return personalFamilies[string(d[:dot])] && isCountryForm(string(d[dot+1:]))
}

// isCountryForm reports whether rest looks like the registrable suffix a mail
// provider uses per country: "com", "net", a two-letter code, or "co", "com",
// "ne", "or" under a two-letter code. It is not a public-suffix list; it only
// guards the personal families against subdomains such as yahoo.acme.com.
func isCountryForm(rest string) bool {
	switch rest {
	case "com", "net":
		return true
	}
	if len(rest) == 2 {
		return isLowerAlpha(rest)
	}
	dot := strings.IndexByte(rest, '.')
	if dot < 0 || len(rest)-dot-1 != 2 || !isLowerAlpha(rest[dot+1:]) {
		return false
	}
	switch rest[:dot] {
	case "co", "com", "ne", "or":
		return true
	}
	return false
}

func isLowerAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// personalFamilies are providers with a domain per country.
var personalFamilies = map[string]bool{
	"yahoo": true, "ymail": true, "hotmail": true, "outlook": true, "live": true,
	"windowslive": true, "gmx": true, "aol": true, "yandex": true, "rocketmail": true,
}

// personalDomains lists consumer mailbox providers, ISP mailboxes and
// forwarding relays (Apple's Hide My Email, DuckDuckGo, Firefox Relay), none of
// which says anything about an employer. Written from general knowledge of
// the largest providers by region; extend it freely.
var personalDomains = func() map[string]bool {
	m := make(map[string]bool, 160)
	for _, d := range []string{
		// Global.
		"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com",
		"msn.com", "passport.com", "icloud.com", "me.com", "mac.com", "aol.com",
		"aim.com", "yahoo.com", "ymail.com", "rocketmail.com", "mail.com",
		"email.com", "usa.com", "inbox.com", "zoho.com", "zohomail.com",
		"fastmail.com", "fastmail.fm", "proton.me", "protonmail.com",
		"protonmail.ch", "pm.me", "tutanota.com", "tutanota.de", "tuta.io",
		"tuta.com", "hushmail.com", "hey.com", "gmx.com", "gmx.net",
		"mailbox.org", "posteo.de", "posteo.net", "runbox.com", "startmail.com",
		// Relays.
		"privaterelay.appleid.com", "duck.com", "mozmail.com", "simplelogin.com",
		"anonaddy.me", "addy.io",
		// North America (ISPs).
		"comcast.net", "verizon.net", "att.net", "sbcglobal.net", "bellsouth.net",
		"cox.net", "charter.net", "earthlink.net", "optonline.net", "juno.com",
		"netzero.net", "frontier.com", "windstream.net", "centurylink.net",
		"roadrunner.com", "rr.com", "shaw.ca", "rogers.com", "sympatico.ca",
		"videotron.ca", "telus.net", "bell.net",
		// UK and Ireland.
		"btinternet.com", "btopenworld.com", "sky.com", "virginmedia.com",
		"ntlworld.com", "talktalk.net", "blueyonder.co.uk", "tiscali.co.uk",
		"eircom.net",
		// Germany, Austria, Switzerland.
		"web.de", "t-online.de", "freenet.de", "arcor.de", "online.de",
		"bluewin.ch", "gmx.ch", "gmx.at", "gmx.de", "aon.at",
		// France, Benelux.
		"orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "neuf.fr",
		"bbox.fr", "skynet.be", "telenet.be", "ziggo.nl", "kpnmail.nl",
		"hetnet.nl", "planet.nl", "home.nl",
		// Southern Europe.
		"libero.it", "virgilio.it", "tiscali.it", "alice.it", "tin.it",
		"fastwebnet.it", "email.it", "terra.es", "telefonica.net", "sapo.pt",
		// Nordics, central and eastern Europe.
		"telia.com", "online.no", "seznam.cz", "centrum.cz", "wp.pl", "o2.pl",
		"onet.pl", "interia.pl", "op.pl", "freemail.hu", "abv.bg",
		// Russia and neighbours.
		"mail.ru", "bk.ru", "inbox.ru", "list.ru", "internet.ru", "rambler.ru",
		"ya.ru", "yandex.ru", "yandex.com", "ukr.net", "i.ua", "tut.by",
		// Asia.
		"qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com",
		"sina.cn", "sohu.com", "aliyun.com", "139.com", "naver.com", "daum.net",
		"hanmail.net", "nate.com", "docomo.ne.jp", "ezweb.ne.jp",
		"softbank.ne.jp", "rediffmail.com", "hotmail.co.jp", "yahoo.co.jp",
		// Latin America, Oceania.
		"uol.com.br", "bol.com.br", "terra.com.br", "ig.com.br", "prodigy.net.mx",
		"bigpond.com", "bigpond.net.au", "optusnet.com.au", "iinet.net.au",
		"xtra.co.nz",
	} {
		m[d] = true
	}
	return m
}()
