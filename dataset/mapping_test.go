package dataset

import (
	"reflect"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/match"
)

func TestParseMapping(t *testing.T) {
	t.Run("should keep repeated kinds in the order given", func(t *testing.T) {
		m, err := ParseMapping([]string{"email=Email Address", "address=Street", " address = Line 2 ", "address=Street"})
		if err != nil {
			t.Fatal(err)
		}
		want := Mapping{match.KindEmail: {"Email Address"}, match.KindAddress: {"Street", "Line 2"}}
		if !reflect.DeepEqual(m, want) {
			t.Errorf("got %v, want %v", m, want)
		}
		if s := m.String(); s != "email=Email Address, address=Street, address=Line 2" {
			t.Errorf("String() = %q", s)
		}
	})
	for _, bad := range []string{"email", "mail=Email", "email= "} {
		t.Run("should refuse "+bad, func(t *testing.T) {
			if _, err := ParseMapping([]string{bad}); err == nil || !strings.Contains(err.Error(), bad) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestMappingValues(t *testing.T) {
	h := []string{"Record ID", "Source", "Street Address", "Line 2", "Phone Number", "Mobile Phone Number"}
	m := Mapping{
		match.KindID:      {"source", "record_id"}, // found ignoring case and punctuation
		match.KindAddress: {"Street Address", "Line 2"},
		match.KindPhone:   {"Phone Number", "Mobile Phone Number"},
	}
	in := strings.Join(h, ",") + "\n1,crm,12 Main St,,,555 0100\n2,crm,12 Main St,Apt 4,555 0199,555 0100\n"
	rows, bad := readAll(t, in, WithMapping(m))
	if len(bad) != 0 {
		t.Fatal(bad)
	}
	t.Run("should join id and address columns with a space, skipping empty ones", func(t *testing.T) {
		if rows[0].ID != "crm 1" || rows[0].Fields[match.KindAddress] != "12 Main St" || rows[1].Fields[match.KindAddress] != "12 Main St Apt 4" {
			t.Errorf("rows %+v", rows)
		}
	})
	t.Run("should take the first non-empty column of other kinds", func(t *testing.T) {
		if rows[0].Fields[match.KindPhone] != "555 0100" || rows[1].Fields[match.KindPhone] != "555 0199" {
			t.Errorf("phones %q %q", rows[0].Fields[match.KindPhone], rows[1].Fields[match.KindPhone])
		}
	})
	t.Run("should refuse an ambiguous column", func(t *testing.T) {
		_, err := NewReader(strings.NewReader("First Name,first_name\n"), WithMapping(Mapping{match.KindFirstName: {"FIRST NAME"}}))
		if err == nil || !strings.Contains(err.Error(), "ambiguous") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestDetectMapping(t *testing.T) {
	cases := []struct {
		name   string
		header []string
		want   Mapping
	}{
		{
			name: "HubSpot contact export",
			header: []string{"Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number", "Company Name",
				"Street Address", "City", "Postal Code", "State/Region", "Country/Region", "Date of birth", "Job Title", "Contact owner"},
			want: Mapping{
				match.KindID: {"Record ID"}, match.KindFirstName: {"First Name"}, match.KindLastName: {"Last Name"},
				match.KindEmail: {"Email"}, match.KindPhone: {"Phone Number", "Mobile Phone Number"},
				match.KindCompany: {"Company Name"}, match.KindAddress: {"Street Address"}, match.KindCity: {"City"},
				match.KindPostcode: {"Postal Code"}, match.KindState: {"State/Region"}, match.KindCountry: {"Country/Region"},
				match.KindDOB: {"Date of birth"}, match.KindJobTitle: {"Job Title"},
			},
		},
		{
			name: "Salesforce Contact report export",
			header: []string{"Contact ID", "Salutation", "First Name", "Last Name", "Title", "Email", "Phone", "Mobile", "Account Name",
				"Account ID", "Mailing Street", "Mailing City", "Mailing State/Province", "Mailing Zip/Postal Code", "Mailing Country",
				"Birthdate", "Contact Owner"},
			want: Mapping{
				match.KindID: {"Contact ID"}, match.KindFirstName: {"First Name"}, match.KindLastName: {"Last Name"},
				match.KindEmail: {"Email"}, match.KindPhone: {"Phone", "Mobile"}, match.KindCompany: {"Account Name"},
				match.KindAddress: {"Mailing Street"}, match.KindCity: {"Mailing City"}, match.KindPostcode: {"Mailing Zip/Postal Code"},
				match.KindState: {"Mailing State/Province"}, match.KindCountry: {"Mailing Country"}, match.KindDOB: {"Birthdate"},
			},
		},
		{
			name: "Salesforce Data Loader export (API names)",
			header: []string{"Id", "AccountId", "FirstName", "LastName", "Email", "Phone", "MobilePhone", "MailingStreet", "MailingCity",
				"MailingState", "MailingPostalCode", "MailingCountry", "Birthdate"},
			want: Mapping{
				match.KindID: {"Id"}, match.KindFirstName: {"FirstName"}, match.KindLastName: {"LastName"},
				match.KindEmail: {"Email"}, match.KindPhone: {"Phone", "MobilePhone"},
				match.KindAddress: {"MailingStreet"}, match.KindCity: {"MailingCity"}, match.KindPostcode: {"MailingPostalCode"},
				match.KindState: {"MailingState"}, match.KindCountry: {"MailingCountry"}, match.KindDOB: {"Birthdate"},
			},
		},
		{
			name:   "snake_case",
			header: []string{"customer_id", "given_name", "family_name", "e-mail", "zip", "dob", "address_1", "address_2", "ssn", "notes"},
			want: Mapping{
				match.KindID: {"customer_id"}, match.KindFirstName: {"given_name"}, match.KindLastName: {"family_name"},
				match.KindEmail: {"e-mail"}, match.KindPostcode: {"zip"}, match.KindDOB: {"dob"},
				match.KindAddress: {"address_1", "address_2"}, match.KindNationalID: {"ssn"},
			},
		},
		{
			name:   "Senzing's record key is the data source and the record id",
			header: []string{"DATA_SOURCE", "RECORD_ID", "PRIMARY_NAME_ORG", "EMPLOYER", "PHONE_NUMBER"},
			want: Mapping{
				match.KindID: {"DATA_SOURCE", "RECORD_ID"}, match.KindCompany: {"PRIMARY_NAME_ORG", "EMPLOYER"},
				match.KindPhone: {"PHONE_NUMBER"},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := DetectMapping(c.header); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %v\nwant %v", got, c.want)
			}
		})
	}
}
