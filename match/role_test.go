package match

import "testing"

func TestIsRoleEmail(t *testing.T) {
	for local, want := range map[string]bool{
		"info": true, "sales": true, "customer.service": true, "front-desk": true, "info2": true, "no_reply": true,
		"compta": true, "buchhaltung": true, "kontakt": true, // other languages' roles, from the published list
		"john.smith": false, "infosec.lead": false, "": false, "sales.jane": false, "a123456789012345678901234567890123456789": false,
		"sydney": false, "paris": false, // roles in the list, and given names: a person's own address as likely
		"2016":    false,                              // a number alone names no role
		"gardner": false, "church": false, "ap": true, // common surnames are a person's own as likely; ap@ is accounts payable
		"hr": true, "staff": true, // core roles, whatever the census says
		"info+billing": true, "sales+eu": true, "john+info": false, // a subaddress of a role's mailbox, and of a person's
	} {
		if got := IsRoleEmail(local); got != want {
			t.Errorf("IsRoleEmail(%q) = %v, want %v", local, got, want)
		}
	}
}

func TestNamesFromEmailReadsSurnamesTheRoleListHolds(t *testing.T) {
	for _, addr := range []string{"sarah.gardner@acme.com", "amy.church@acme.com", "david.pastor@acme.es"} {
		if f, l := NamesFromEmail(addr); f == "" || l == "" {
			t.Errorf("NamesFromEmail(%q) = %q, %q; want the two names", addr, f, l)
		}
	}
}
