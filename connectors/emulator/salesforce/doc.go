// Package salesforce is a Salesforce org's Contacts held in memory, served
// over HTTP in the shapes connectors/salesforce speaks (Handler; `contactgate
// crm-emulator --kind salesforce`), so that tests and the demo meet where
// Salesforce differs from HubSpot:
//
//   - e-mail is not unique: two contacts may hold one e-mail, unless
//     Config.DuplicateRule stands for a blocking Duplicate Rule, which
//     answers DUPLICATES_DETECTED with the matching record's id;
//   - the External ID field contactgate_key__c is unique (DUPLICATE_VALUE)
//     and is the id of upserts, single and in collections;
//   - SOQL (/query, /queryAll) is consistent; SOSL (/search) reads an index
//     that receives every write Config.SearchLag later;
//   - sObject collections (/composite/sobjects) take 200 records, with
//     allOrNone rolling back the whole call;
//   - merge() is the SOAP API's; merged-away records are deleted with
//     MasterRecordId set, visible to /queryAll;
//   - the org's daily request quota answers 403 REQUEST_LIMIT_EXCEEDED;
//     OAuth 2.0 client-credentials tokens expire (INVALID_SESSION_ID);
//     FailNextWrites injects UNABLE_TO_LOCK_ROW.
//
// It understands a subset of SOQL and SOSL (soql.go) and a fixed set of
// Contact fields (store.go); the behaviours it infers rather than copies
// from Salesforce's documentation are listed in docs/salesforce.md. It has
// no in-process connectors.CRM face: its CRM names are Salesforce's, and
// the mapping to the core's lives in connectors/salesforce.
package salesforce
