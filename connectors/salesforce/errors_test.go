package salesforce

import (
	"errors"
	"testing"

	"github.com/contactgate/contactgate/connectors"
)

func TestClassifiesSalesforceErrors(t *testing.T) {
	c := &Client{}
	for _, tc := range []struct {
		code, msg string
		want      error
		retryable bool
	}{
		{codeRequestLimit, "TotalRequests Limit exceeded.", connectors.ErrRateLimited, false},
		{codeRequestLimit, "ConcurrentPerOrgLongTxn Limit exceeded", connectors.ErrRateLimited, true},
		{codeLockRow, "unable to obtain exclusive access to this record", connectors.ErrTransient, true},
		{codeDuplicates, "Use one of these records?", connectors.ErrConflict, false},
		{codeDuplicateValue, "duplicate value found: contactgate_key__c duplicates value on record with id: 003000000000001AAA", connectors.ErrConflict, false},
		{codeCustomValidation, "Phone must have 10 digits", connectors.ErrValidation, false},
		{codeDeleted, "entity is deleted", connectors.ErrNotFound, false},
	} {
		err := c.classify(apiError{ErrorCode: tc.code, Message: tc.msg}, 400, true)
		if !errors.Is(err, tc.want) || connectors.Retryable(err) != tc.retryable {
			t.Errorf("%s %q = %v (retryable %v), want %v (retryable %v)", tc.code, tc.msg, err, connectors.Retryable(err), tc.want, tc.retryable)
		}
	}
	var uv *connectors.UniqueValueError
	err := c.classify(apiError{StatusCode: codeDuplicateValue, Message: "duplicate value found: contactgate_key__c duplicates value on record with id: 003000000000001AAA"}, 400, true)
	if !errors.As(err, &uv) || uv.ExistingID != "003000000000001AAA" || uv.Property != connectors.PropContactgateKey {
		t.Errorf("DUPLICATE_VALUE = %#v", err)
	}
	var ve *connectors.ValidationError
	if err := c.classify(apiError{ErrorCode: codeCustomValidation, Message: "x"}, 400, true); !errors.As(err, &ve) || ve.Category != codeCustomValidation {
		t.Errorf("FIELD_CUSTOM_VALIDATION_EXCEPTION = %#v", err)
	}
}

func TestSurvivorFill(t *testing.T) {
	fill := survivorFill(
		map[string]string{"email": "r@acme.com", "firstname": "Robert", EmailsField: "rob@acme.com"},
		map[string]string{"email": "bob@gmail.com", "firstname": "Bob", "jobtitle": "CFO", EmailsField: "ROB@acme.com;b2@x.com", "contactgate_key": "k"})
	if fill["firstname"] != "" || fill["jobtitle"] != "CFO" || fill["contactgate_key"] != "" ||
		fill[EmailsField] != "rob@acme.com;bob@gmail.com;b2@x.com" {
		t.Fatalf("fill %v", fill)
	}
}
