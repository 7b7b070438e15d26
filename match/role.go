package match

import "strings"

// roleMailboxes are the local parts of role accounts: an organisation's
// mailboxes (RFC 2142's info, sales, support, ... and the common others),
// read by whoever holds the role. An address like info@ca-state.gov is
// shared by its nature, however few people it was seen with so far.
var roleMailboxes = map[string]bool{}

func init() {
	for _, l := range strings.Fields(`
		info information marketing sales support abuse noc security postmaster hostmaster
		usenet news webmaster www uucp ftp
		admin administrator administration office contact contactus hello hi help helpdesk
		team enquiries enquiry inquiries inquiry billing accounts accounting finance invoices
		hr jobs careers recruiting recruitment noreply donotreply reception frontdesk mail
		general service services customerservice customercare care orders press media
		privacy legal staff all everyone feedback bookings booking reservations admissions
		membership members newsletter events`) {
		roleMailboxes[l] = true
	}
}

// IsRoleEmail reports whether an e-mail local part (EmailLocal) is a role
// account's: "info", "sales", "customer.service" and the like, with dots,
// hyphens, underscores and trailing digits ignored ("info2", "front-desk").
func IsRoleEmail(local string) bool {
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
	return roleMailboxes[string(b)]
}
