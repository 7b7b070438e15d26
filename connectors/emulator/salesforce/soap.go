package salesforce

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
)

// The SOAP API's merge() (partner WSDL): one request per call, a master
// record (type, Id and the field values to set on the survivor, and
// fieldsToNull to clear) and one or two recordToMergeIds.

// SOAPEnvelope is the request the emulator reads; the client writes the
// same shape (connectors/salesforce).
type soapEnvelope struct {
	SessionID string `xml:"Header>SessionHeader>sessionId"`
	Requests  []struct {
		Master struct {
			Elems []soapElem `xml:",any"`
		} `xml:"masterRecord"`
		ToMerge []string `xml:"recordToMergeIds"`
	} `xml:"Body>merge>request"`
}

type soapElem struct {
	XMLName xml.Name
	Value   string `xml:",chardata"`
}

func (e *Emulator) soap(w http.ResponseWriter, r *http.Request) {
	var env soapEnvelope
	if err := xml.NewDecoder(http.MaxBytesReader(nil, r.Body, 8<<20)).Decode(&env); err != nil {
		soapFault(w, "INVALID_XML", fmt.Sprintf("the request is not a SOAP envelope: %v", err))
		return
	}
	if aerr := e.admit("POST soap merge", env.SessionID); aerr != nil {
		soapFault(w, aerr.Code, aerr.Message)
		return
	}
	if len(env.Requests) != 1 {
		soapFault(w, "INVALID_OPERATION", "the emulator takes one merge request per call")
		return
	}
	req := env.Requests[0]
	var master string
	overrides := map[string]string{}
	for _, el := range req.Master.Elems {
		switch name := el.XMLName.Local; {
		case name == "type":
			if el.Value != "Contact" {
				soapFault(w, "INVALID_TYPE", "the emulator merges Contacts only")
				return
			}
		case name == "Id":
			master = strings.TrimSpace(el.Value)
		case name == "fieldsToNull":
			overrides[el.Value] = ""
		default:
			overrides[name] = el.Value
		}
	}
	e.mu.Lock()
	aerr := e.lockFailure()
	if aerr == nil {
		_, aerr = e.store.merge(master, overrides, req.ToMerge)
	}
	e.mu.Unlock()
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com"><soapenv:Body><mergeResponse><result>`)
	if aerr != nil {
		fmt.Fprintf(&b, "<errors><message>%s</message><statusCode>%s</statusCode></errors><success>false</success>", esc(aerr.Message), esc(aerr.Code))
	} else {
		fmt.Fprintf(&b, "<id>%s</id>", esc(master))
		for _, id := range req.ToMerge {
			fmt.Fprintf(&b, "<mergedRecordIds>%s</mergedRecordIds>", esc(id))
		}
		b.WriteString("<success>true</success>")
	}
	b.WriteString(`</result></mergeResponse></soapenv:Body></soapenv:Envelope>`)
	_, _ = w.Write([]byte(b.String()))
}

// soapFault answers a SOAP fault (HTTP 500), as Salesforce does for an
// invalid session or an exhausted quota.
func soapFault(w http.ResponseWriter, code, msg string) {
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	w.WriteHeader(http.StatusInternalServerError)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com"><soapenv:Body><soapenv:Fault><faultcode>sf:%s</faultcode><faultstring>%s: %s</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
		esc(code), esc(code), esc(msg))
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
