"""Loads `contactgate gen`'s export into an emulated Salesforce org and writes
the org's Contact report export: Salesforce's column names, the 15-character
ids a report shows, and gen's truth column.

Usage: python salesforce_report.py BASE_URL CLIENT_ID EXPORT.csv REPORT.csv
(the org: `contactgate crm-emulator --kind salesforce --client-id CLIENT_ID`
with $CONTACTGATE_EMULATOR_CLIENT_SECRET; the secret is read from
$CONTACTGATE_SALESFORCE_CLIENT_SECRET). Contacts are created 200 per
sObject collection call; those the org refuses (a malformed e-mail) are left
out of the report, and counted.
"""
import csv
import json
import os
import sys
import urllib.parse
import urllib.request

# gen's columns → Contact's fields.
FIELDS = {"First Name": "FirstName", "Last Name": "LastName", "Email": "Email", "Phone Number": "Phone",
          "Country/Region": "MailingCountry"}
REPORT = ["Contact ID", "First Name", "Last Name", "Email", "Phone", "Account Name", "Mailing Country", "truth"]


def token(base, client_id):
    form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": client_id,
                                   "client_secret": os.environ["CONTACTGATE_SALESFORCE_CLIENT_SECRET"]}).encode()
    return json.load(urllib.request.urlopen(base + "/services/oauth2/token", form))["access_token"]


def create(base, tok, rows):
    """Creates rows in one collection call; the id of each, None if refused."""
    recs = []
    for r in rows:
        rec = {"attributes": {"type": "Contact"}}
        rec.update({f: r[c] for c, f in FIELDS.items() if r[c]})
        rec["LastName"] = rec.get("LastName") or "-"  # required on Contact
        recs.append(rec)
    req = urllib.request.Request(base + "/services/data/v60.0/composite/sobjects",
                                 json.dumps({"allOrNone": False, "records": recs}).encode(),
                                 {"Authorization": "Bearer " + tok, "Content-Type": "application/json"}, method="POST")
    return [r["id"] if r["success"] else None for r in json.load(urllib.request.urlopen(req))]


def main():
    base, client_id, export, report = sys.argv[1:5]
    tok = token(base, client_id)
    with open(export, newline="") as f:
        rows = list(csv.DictReader(f))
    ids = []
    for i in range(0, len(rows), 200):
        ids += create(base, tok, rows[i:i + 200])
    with open(report, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(REPORT)
        for r, id in zip(rows, ids):
            if id:
                w.writerow([id[:15], r["First Name"], r["Last Name"] or "-", r["Email"], r["Phone Number"],
                            r["Company Name"], r["Country/Region"], r["truth"]])
    print(json.dumps({"loaded": sum(1 for i in ids if i), "refused": sum(1 for i in ids if not i)}))


if __name__ == "__main__":
    main()
