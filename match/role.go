package match

import (
	_ "embed" // the published role-account list
	"strings"
)

// rolesData is namedata/roles.txt: the local parts of role accounts that
// the role-based-email-addresses package lists (MIT; namedata/NOTICE),
// folded as IsRoleEmail folds a local part, one a line: RFC 2142's info, sales,
// support, and the others companies use, in several languages (compta,
// buchhaltung, kontakt). Left out when it was generated: what a person's
// own address is as likely to be, a census given name (sydney, paris) or a
// common census surname (gardner, church).
//
//go:embed namedata/roles.txt
var rolesData string

// coreRoles are RFC 2142's mailboxes and the commonest others, roles
// whatever the census says of them (Sales and Staff are surnames too, hr
// two letters).
const coreRoles = `info information marketing sales support abuse noc security postmaster hostmaster
	usenet news webmaster www uucp ftp
	admin administrator administration office contact contactus hello hi help helpdesk
	team enquiries enquiry inquiries inquiry billing accounts accounting finance invoices
	hr jobs careers recruiting recruitment noreply donotreply reception frontdesk mail
	general service services customerservice customercare care orders press media
	privacy legal staff all everyone feedback bookings booking reservations admissions
	membership members newsletter events`

// roleMailboxes are the local parts of role accounts (coreRoles and
// rolesData), as IsRoleEmail folds them: an organisation's mailboxes, read
// by whoever holds the role. An address like info@ca-state.gov is shared
// by its nature, however few people it was seen with so far.
var roleMailboxes = func() map[string]bool {
	m := make(map[string]bool, 1024)
	for _, line := range append(strings.Fields(coreRoles), strings.Split(rolesData, "\n")...) {
		if line != "" && line[0] != '#' {
			m[line] = true
		}
	}
	return m
}()

// IsRoleEmail reports whether an e-mail local part (EmailLocal) is a role
// account's: "info", "sales", "customer.service" and the like, with dots,
// hyphens, underscores and trailing digits ignored ("info2", "front-desk").
func IsRoleEmail(local string) bool {
	local = untagged(local) // info+billing@ is the office's info@
	var buf [32]byte
	b := buf[:0]
	for i := 0; i < len(local); i++ {
		switch c := local[i]; {
		case c == '.' || c == '-' || c == '_':
		case len(b) == cap(b):
			return false // longer than any role's name
		default:
			b = append(b, c)
		}
	}
	for len(b) > 0 && b[len(b)-1] >= '0' && b[len(b)-1] <= '9' {
		b = b[:len(b)-1]
	}
	return len(b) > 0 && roleMailboxes[string(b)]
}
