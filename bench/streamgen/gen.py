#!/usr/bin/env python3
"""Independent generator of realistic CRM contact-event streams with ground truth.

Usage:
  python3 gen.py --persons 2000 --events 10000 --seed 1 --out events.jsonl --labels labels.jsonl

Model (see RATES below for all probabilities):
  1. Build companies (name, legal form, domain, email pattern, switchboard).
  2. Build persons (name, company, work/personal e-mail, phones, address, dob),
     then add hard negatives: namesakes, family members (shared surname, home
     phone, address), couples sharing a personal e-mail, Jr/Sr pairs.
  3. Allocate a heavy-tailed number of events per person, place them in time
     (sessions / bursts), add life changes (job change, marriage) mid-timeline.
  4. Render each event: pick a source, a field template, values valid at that
     time, then apply noise (case, whitespace, typos, nicknames, initials,
     legal-form variants, phone formats, gmail dots/+tags, garbage).
"""
import argparse
import json
import os
import random
import string
import sys
import unicodedata
from datetime import datetime, timedelta, timezone

from faker import Faker

# --------------------------------------------------------------------------
# Tunable probabilities (reported in README / final report)
# --------------------------------------------------------------------------
RATES = dict(
    # population
    self_employed=0.12,          # person has no company
    middle_name=0.18,            # person has a middle name
    dob=0.30,                    # person has a known date of birth
    mobile=0.80,                 # person has a mobile
    home_phone=0.20,             # person has a home landline (families always)
    personal_email=0.75,         # person has a personal mailbox (self-employed always)
    switchboard=0.55,            # office phone = company switchboard + extension
    direct_line=0.30,            # else: own direct office line (rest: no office phone)
    prefers_nickname=0.25,       # among persons whose name has a nickname
    customer=0.35,               # becomes a paying customer (billing events)
    # hard negatives (fraction of N)
    namesake=0.04,               # same full name, different person
    family=0.05,                 # same surname + address + home phone
    couple_shared_email=0.012,   # spouse sharing one personal e-mail
    jr_sr=0.006,                 # father/son same name, same address
    # life changes (among persons with >= 3 events)
    job_change=0.14,
    marriage=0.05,
    # event rendering noise (per event, multiplied by source noise factor)
    nickname_use=0.08,           # use nickname although person does not prefer it
    initial_first=0.03,          # "J." / "J" instead of first name
    middle_in_first=0.25,        # when person has middle: "John Q." in first_name
    swap_names=0.015,
    fullname_in_first=0.015,
    name_case=0.05,              # UPPER / lower
    whitespace=0.035,
    name_typo=0.03,
    accent_strip=0.35,           # for non-ascii names
    email_case=0.06,
    email_typo=0.015,
    gmail_dots=0.10,
    plus_tag=0.06,
    company_form_variant=0.45,
    company_case=0.06,
    company_typo=0.025,
    phone_ext_present=0.6,
    phone_typo=0.006,
    garbage=0.012,
    role_email=0.012,            # info@/sales@/office@ company mailbox instead of own address               # one field replaced by junk
    stale_value=0.06,            # after a life change, an event still shows old data
    out_of_order=0.02,           # event arrives late (file order != time order)
)

SOURCE_NOISE = {"crm": 0.8, "billing": 0.6, "web_form": 1.3, "webinar": 1.0, "import": 1.6}

LOCALES = [  # (faker locale, country code, weight)
    ("en_US", "US", 0.42), ("en_GB", "GB", 0.15), ("de_DE", "DE", 0.10),
    ("fr_FR", "FR", 0.08), ("es_ES", "ES", 0.07), ("nl_NL", "NL", 0.07),
    ("en_IE", "IE", 0.06), ("it_IT", "IT", 0.05),
]

COUNTRY_NAMES = {
    "US": ["US", "USA", "United States", "United States of America", "U.S."],
    "GB": ["GB", "UK", "United Kingdom", "England", "Great Britain"],
    "DE": ["DE", "Germany", "Deutschland"],
    "FR": ["FR", "France"],
    "ES": ["ES", "Spain", "España"],
    "NL": ["NL", "Netherlands", "The Netherlands", "Nederland", "Holland"],
    "IE": ["IE", "Ireland", "Éire"],
    "IT": ["IT", "Italy", "Italia"],
}

LEGAL_FORMS = {  # canonical -> variants seen in the wild
    "US": {"Inc.": ["Inc", "Inc.", ", Inc.", "Incorporated", "INC"],
           "LLC": ["LLC", "L.L.C.", ", LLC", "Llc"],
           "Corp.": ["Corp", "Corp.", "Corporation"]},
    "GB": {"Ltd": ["Ltd", "Ltd.", "Limited", "LTD"], "PLC": ["PLC", "plc", "Plc"],
           "LLP": ["LLP"]},
    "IE": {"Ltd": ["Ltd", "Ltd.", "Limited", "Teoranta"], "DAC": ["DAC", "D.A.C."]},
    "DE": {"GmbH": ["GmbH", "Gmbh", "G.m.b.H.", "GMBH"], "AG": ["AG"],
           "GmbH & Co. KG": ["GmbH & Co. KG", "GmbH & Co KG", "GmbH u. Co. KG", "GmbH&Co.KG"]},
    "FR": {"SAS": ["SAS", "S.A.S."], "SA": ["SA", "S.A."], "SARL": ["SARL", "S.A.R.L.", "Sarl"]},
    "ES": {"S.L.": ["S.L.", "SL", "S.L", "Sociedad Limitada"], "S.A.": ["S.A.", "SA"]},
    "NL": {"B.V.": ["B.V.", "BV", "bv"], "N.V.": ["N.V.", "NV"]},
    "IT": {"S.r.l.": ["S.r.l.", "srl", "SRL", "s.r.l."], "S.p.A.": ["S.p.A.", "SpA", "S.P.A."]},
}
STRIP_SUFFIXES = ["Inc", "LLC", "Ltd", "PLC", "Group", "and Sons", "GmbH", "AG", "KG", "SA",
                  "SARL", "SAS", "S.L.", "S.A.", "S.Coop.", "B.V.", "N.V.", "s.r.l.", "S.p.A.",
                  "S.r.l.", "SpA", "OHG", "GbR", "KGaA", "e.G.", "Stiftung", "S.A.S.", "e.V.",
                  "S.L.L.", "S.Com.", "SNC", "s.n.c.", "s.a.s.", "Ltd."]
INDUSTRY_WORDS = ["Consulting", "Systems", "Logistics", "Partners", "Solutions", "Analytics",
                  "Labs", "Holdings", "Media", "Engineering", "Capital", "Software", "Foods",
                  "Health", "Energy", "Robotics", "Design", "Networks", "Properties", "Trading",
                  "Technologies", "Advisory", "Pharma", "Bio", "Data", "Security", "Marine"]
BRAND_SYLL = ["ver", "nova", "lum", "tek", "ora", "zen", "qua", "lix", "sol", "tra", "vio",
              "mer", "cor", "ax", "eon", "pix", "flo", "gen", "dyn", "sy", "ly", "ka", "ro"]
DOMAIN_TLD = {"US": [".com"] * 8 + [".io", ".net", ".co"], "GB": [".co.uk"] * 3 + [".com"],
              "IE": [".ie"] * 2 + [".com"], "DE": [".de"] * 4 + [".com"], "FR": [".fr"] * 3 + [".com"],
              "ES": [".es"] * 3 + [".com"], "NL": [".nl"] * 4 + [".com"], "IT": [".it"] * 3 + [".com"]}
PERSONAL_PROVIDERS = {
    "US": [("gmail.com", 45), ("yahoo.com", 14), ("outlook.com", 10), ("hotmail.com", 10),
           ("icloud.com", 9), ("aol.com", 4), ("comcast.net", 4), ("protonmail.com", 2)],
    "GB": [("gmail.com", 40), ("hotmail.co.uk", 15), ("yahoo.co.uk", 10), ("btinternet.com", 10),
           ("outlook.com", 10), ("sky.com", 5), ("icloud.com", 6), ("googlemail.com", 4)],
    "IE": [("gmail.com", 50), ("eircom.net", 12), ("hotmail.com", 15), ("yahoo.ie", 8),
           ("outlook.ie", 8), ("icloud.com", 7)],
    "DE": [("gmail.com", 25), ("web.de", 22), ("gmx.de", 20), ("t-online.de", 12),
           ("gmx.net", 8), ("googlemail.com", 5), ("outlook.de", 5), ("posteo.de", 3)],
    "FR": [("gmail.com", 40), ("orange.fr", 18), ("free.fr", 12), ("laposte.net", 8),
           ("hotmail.fr", 12), ("sfr.fr", 6), ("wanadoo.fr", 4)],
    "ES": [("gmail.com", 50), ("hotmail.es", 20), ("yahoo.es", 10), ("telefonica.net", 6),
           ("outlook.es", 10), ("icloud.com", 4)],
    "NL": [("gmail.com", 40), ("ziggo.nl", 12), ("hotmail.nl", 15), ("kpnmail.nl", 8),
           ("outlook.com", 12), ("xs4all.nl", 5), ("live.nl", 8)],
    "IT": [("gmail.com", 45), ("libero.it", 18), ("virgilio.it", 8), ("alice.it", 7),
           ("hotmail.it", 12), ("tiscali.it", 5), ("yahoo.it", 5)],
}
US_AREA_CODES = ["212", "646", "718", "917", "415", "628", "650", "408", "510", "213", "310", "323", "818",
                 "312", "773", "617", "857", "202", "206", "303", "305", "404", "512", "602", "612", "702",
                 "713", "214", "469", "215", "267", "503", "619", "704", "720", "801", "813", "919", "973",
                 "978", "508", "914", "516", "631", "201", "732", "248", "313", "414", "216", "614", "317"]
COUNTRY_CC = {"US": "1", "GB": "44", "IE": "353", "DE": "49", "FR": "33", "ES": "34", "NL": "31", "IT": "39"}

NICKNAMES = {  # formal -> list of common short forms (~70 pairs)
    "Robert": ["Bob", "Rob", "Bobby"], "William": ["Bill", "Will", "Billy"], "Richard": ["Rick", "Dick", "Rich"],
    "James": ["Jim", "Jimmy", "Jamie"], "John": ["Jack", "Johnny"], "Michael": ["Mike", "Mick"],
    "Thomas": ["Tom", "Tommy"], "Christopher": ["Chris"], "Daniel": ["Dan", "Danny"],
    "Matthew": ["Matt"], "Anthony": ["Tony"], "Joseph": ["Joe", "Joey"], "David": ["Dave"],
    "Charles": ["Charlie", "Chuck"], "Edward": ["Ed", "Ted", "Eddie"], "Steven": ["Steve"],
    "Stephen": ["Steve"], "Andrew": ["Andy", "Drew"], "Benjamin": ["Ben"], "Jonathan": ["Jon"],
    "Nicholas": ["Nick"], "Alexander": ["Alex"], "Samuel": ["Sam"], "Timothy": ["Tim"],
    "Gregory": ["Greg"], "Patrick": ["Pat", "Paddy"], "Peter": ["Pete"], "Kenneth": ["Ken"],
    "Ronald": ["Ron"], "Donald": ["Don"], "Raymond": ["Ray"], "Lawrence": ["Larry"],
    "Gerald": ["Jerry"], "Frederick": ["Fred"], "Zachary": ["Zach"], "Joshua": ["Josh"],
    "Jeffrey": ["Jeff"], "Douglas": ["Doug"], "Phillip": ["Phil"], "Philip": ["Phil"],
    "Elizabeth": ["Liz", "Beth", "Betty", "Lisa"], "Katherine": ["Kate", "Kathy", "Katie"],
    "Catherine": ["Cathy", "Kate"], "Margaret": ["Maggie", "Peggy", "Meg"], "Jennifer": ["Jen", "Jenny"],
    "Patricia": ["Pat", "Patty", "Trish"], "Susan": ["Sue", "Susie"], "Deborah": ["Debbie", "Deb"],
    "Rebecca": ["Becky", "Becca"], "Victoria": ["Vicky", "Tori"], "Jessica": ["Jess"],
    "Christine": ["Chris", "Chrissy"], "Christina": ["Tina", "Chris"], "Samantha": ["Sam"],
    "Alexandra": ["Alex", "Sasha"], "Kimberly": ["Kim"], "Pamela": ["Pam"], "Barbara": ["Barb"],
    "Jacqueline": ["Jackie"], "Theresa": ["Terri", "Tess"], "Abigail": ["Abby"], "Amanda": ["Mandy"],
    "Cynthia": ["Cindy"], "Dorothy": ["Dot"], "Judith": ["Judy"], "Melissa": ["Mel"],
    "Stephanie": ["Steph"], "Valerie": ["Val"], "Gabriella": ["Gabby"], "Nathaniel": ["Nate"],
    "Nathan": ["Nate"], "Vincent": ["Vince"], "Eleanor": ["Ellie", "Nell"],
    # non-English
    "Johannes": ["Hans", "Jo"], "Johann": ["Hans"], "Wolfgang": ["Wolf"], "Katharina": ["Kathi", "Katja"],
    "Alexandra ": ["Alex"], "Francisco": ["Paco", "Fran"], "José": ["Pepe"], "Guillermo": ["Guille"],
    "Manuel": ["Manolo"], "Dolores": ["Lola"], "Giuseppe": ["Beppe", "Peppe"], "Francesca": ["Franci"],
    "Christophe": ["Chris"], "Frédéric": ["Fred"], "Maximilian": ["Max"], "Sebastian": ["Basti"],
    "Cornelis": ["Kees"], "Johanna": ["Hanna"], "Seán": ["Sean"], "Siobhán": ["Siobhan"],
}

JOB_TITLES = ["CEO", "CTO", "CFO", "COO", "VP Sales", "VP Marketing", "VP Engineering",
              "Head of Marketing", "Head of Sales", "Head of Operations", "Marketing Manager",
              "Sales Manager", "Account Executive", "Account Manager", "Software Engineer",
              "Senior Software Engineer", "Product Manager", "Project Manager", "Data Analyst",
              "Data Scientist", "HR Manager", "Recruiter", "Office Manager", "Controller",
              "Procurement Manager", "Operations Manager", "Customer Success Manager",
              "Business Development Representative", "Sales Development Representative",
              "IT Manager", "Director of Finance", "Managing Director", "Founder", "Co-Founder",
              "Consultant", "Senior Consultant", "Engineer", "Designer", "Analyst", "Owner",
              "Partner", "Executive Assistant", "Marketing Coordinator", "Growth Lead"]
JOB_ABBR = {"Vice President": "VP", "Senior": "Sr.", "Manager": "Mgr", "Director": "Dir."}

GARBAGE = {
    "email": ["n/a", "none@none.com", "test@test.com", "noemail", "-", "asdf@asdf.com", "x"],
    "phone": ["000-000-0000", "1234567890", "n/a", "0", "+1", "-", "tbd"],
    "first_name": ["Test", "-", ".", "x", "Unknown", "N/A"],
    "last_name": ["Test", "-", ".", "xxx", "Unknown", "?"],
    "company": ["N/A", "-", "none", "test", "Unknown", "private", "."],
}
SELF_EMPLOYED_COMPANY = ["Self-employed", "Self Employed", "Freelance", "Freelancer", "N/A",
                         "None", "-", "Independent", "Private"]

SOURCES = ["crm", "billing", "web_form", "webinar", "import"]
# field templates per source: (weight, fields)
TEMPLATES = {
    "crm": [(35, "name email phone company"), (33, "name email company"), (12, "name phone company"),
            (8, "name company"), (10, "name email"), (2, "email")],
    "web_form": [(12, "email"), (38, "name email"), (27, "name email company"),
                 (15, "name email phone company"), (5, "name phone"), (3, "name email phone")],
    "webinar": [(50, "name email company"), (33, "name email"), (15, "email"), (2, "name company")],
    "billing": [(45, "name email"), (25, "name email company"), (20, "name email phone"), (10, "email")],
    "import": [(28, "name company"), (25, "name phone company"), (25, "name email company"),
               (15, "name email phone company"), (5, "name phone"), (2, "email")],
}
# probability of each property per source
PROP_P = {
    "crm": dict(jobtitle=.55, city=.45, state=.35, zip=.2, country=.5, address=.15, date_of_birth=.10,
                lifecyclestage=.7, last_activity_date=.5),
    "billing": dict(jobtitle=0, city=.7, state=.55, zip=.7, country=.75, address=.65, date_of_birth=.05,
                    lifecyclestage=.3, last_activity_date=.1),
    "web_form": dict(jobtitle=.3, city=.15, state=.1, zip=.08, country=.35, address=0, date_of_birth=.03,
                     lifecyclestage=.2, last_activity_date=.05),
    "webinar": dict(jobtitle=.45, city=.1, state=.05, zip=0, country=.4, address=0, date_of_birth=0,
                    lifecyclestage=.1, last_activity_date=.05),
    "import": dict(jobtitle=.5, city=.4, state=.3, zip=.2, country=.35, address=.15, date_of_birth=.08,
                   lifecyclestage=.15, last_activity_date=0),
}
# which e-mail a source sees: P(work e-mail | person has one)
P_WORK_EMAIL = {"crm": .82, "billing": .55, "web_form": .5, "webinar": .72, "import": .85}
# phone preference weights (office, mobile, home)
PHONE_PREF = {"crm": (6, 4, 1), "billing": (2, 4, 3), "web_form": (1, 6, 1),
              "webinar": (2, 5, 0.5), "import": (7, 3, 0.5)}

T_START = datetime(2023, 1, 1, tzinfo=timezone.utc)
T_END = datetime(2025, 6, 30, tzinfo=timezone.utc)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def ascii_fold(s, german=False):
    if german:
        for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
            s = s.replace(a, b)
    s = s.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("ł", "l")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def slug(s, german=False):
    return "".join(c for c in ascii_fold(s, german).lower() if c.isalnum())


KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


def typo(rng, s):
    """One random edit (substitute/delete/insert/transpose) on a letter position."""
    idx = [i for i, c in enumerate(s) if c.isalpha()]
    if len(idx) < 3:
        return s
    i = rng.choice(idx[1:])  # keep first letter mostly (as humans do)
    op = rng.random()
    if op < 0.3:  # substitute with neighbouring key
        k = KEYBOARD.find(s[i].lower())
        c = KEYBOARD[max(0, min(len(KEYBOARD) - 1, k + rng.choice((-1, 1))))] if k >= 0 else "e"
        return s[:i] + (c.upper() if s[i].isupper() else c) + s[i + 1:]
    if op < 0.55:
        return s[:i] + s[i + 1:]
    if op < 0.8:
        return s[:i] + s[i] + s[i:]
    if i + 1 < len(s):
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s[:i] + s[i + 1:]


def wchoice(rng, pairs):
    items, weights = zip(*pairs)
    return rng.choices(items, weights=weights)[0]


def rand_alnum(rng, n, alphabet=string.ascii_letters + string.digits):
    return "".join(rng.choice(alphabet) for _ in range(n))


# --------------------------------------------------------------------------
# phones
# --------------------------------------------------------------------------
class Phone:
    """country + national significant number split in groups, optional extension."""

    def __init__(self, country, groups, ext=None, trunk="0"):
        self.country, self.groups, self.ext, self.trunk = country, groups, ext, trunk

    def with_ext(self, ext):
        return Phone(self.country, self.groups, ext, self.trunk)

    def digits(self):
        return "".join(self.groups)

    def render(self, rng, with_ext=True):
        cc, g, country = COUNTRY_CC[self.country], self.groups, self.country
        if country == "US":
            style = wchoice(rng, [("paren", 25), ("dash", 20), ("dot", 10), ("plus1paren", 15),
                                  ("e164", 12), ("1dash", 6), ("00", 4), ("plain", 5), ("plus1space", 3)])
            s = {"paren": f"({g[0]}) {g[1]}-{g[2]}", "dash": f"{g[0]}-{g[1]}-{g[2]}",
                 "dot": f"{g[0]}.{g[1]}.{g[2]}", "plus1paren": f"+1 ({g[0]}) {g[1]}-{g[2]}",
                 "e164": f"+1{''.join(g)}", "1dash": f"1-{g[0]}-{g[1]}-{g[2]}",
                 "00": f"001 {g[0]} {g[1]} {g[2]}", "plain": "".join(g),
                 "plus1space": f"+1 {g[0]} {g[1]} {g[2]}"}[style]
        else:
            style = wchoice(rng, [("intl", 35), ("e164", 15), ("national", 30), ("00", 8),
                                  ("trunkparen", 7 if self.trunk else 0), ("nat_compact", 5)])
            sp = " ".join(g)
            s = {"intl": f"+{cc} {sp}", "e164": f"+{cc}{''.join(g)}",
                 "national": f"{self.trunk}{sp}", "00": f"00{cc} {sp}",
                 "trunkparen": f"+{cc} (0){sp}", "nat_compact": f"{self.trunk}{''.join(g)}"}[style]
            if country == "DE" and style == "national" and rng.random() < 0.4:
                s = f"{self.trunk}{g[0]}/{''.join(g[1:])}"
        if self.ext and with_ext:
            if country == "DE" and rng.random() < 0.5:
                s = s + "-" + self.ext  # German Durchwahl style
            else:
                s += wchoice(rng, [(" x", 30), (" ext. ", 25), (" ext ", 15), (" Ext.", 8),
                                   (";ext=", 5), (" #", 5), (" extension ", 3), (" poste ", 2 if country == "FR" else 0),
                                   (" x.", 4)]) + self.ext
        return s


def make_phone(rng, country, kind):
    """kind: 'mobile' | 'land'."""
    d = lambda n: "".join(rng.choice(string.digits) for _ in range(n))
    if country == "US":
        area = rng.choice(US_AREA_CODES)
        exch = str(rng.randint(2, 9)) + d(2)
        return Phone("US", [area, exch, d(4)], trunk="")
    if country == "GB":
        if kind == "mobile":
            return Phone("GB", ["7" + str(rng.randint(4, 9)) + d(2), d(6)])
        if rng.random() < 0.4:
            return Phone("GB", ["20", str(rng.randint(3, 8)) + d(3), d(4)])
        return Phone("GB", ["1" + d(3), d(6)])
    if country == "IE":
        if kind == "mobile":
            return Phone("IE", ["8" + str(rng.choice([3, 5, 6, 7, 9])), d(3), d(4)])
        return Phone("IE", ["1", d(3), d(4)]) if rng.random() < 0.5 else Phone("IE", [rng.choice(["21", "61", "91"]), d(3), d(4)])
    if country == "DE":
        if kind == "mobile":
            return Phone("DE", [rng.choice(["151", "152", "160", "170", "171", "172", "176"]), d(rng.choice((7, 8)))])
        return Phone("DE", [rng.choice(["30", "40", "89", "69", "221", "211", "711"]), d(rng.choice((6, 7, 8)))])
    if country == "FR":
        first = rng.choice("67") if kind == "mobile" else rng.choice("12345")
        return Phone("FR", [first, d(2), d(2), d(2), d(2)])
    if country == "ES":
        first = rng.choice(["6", "7"]) if kind == "mobile" else "9"
        return Phone("ES", [first + d(2), d(3), d(3)], trunk="")
    if country == "NL":
        if kind == "mobile":
            return Phone("NL", ["6", d(8)])
        return Phone("NL", [rng.choice(["20", "10", "70", "30", "40"]), d(7)])
    if country == "IT":
        if kind == "mobile":
            return Phone("IT", ["3" + d(2), d(7)], trunk="")
        return Phone("IT", [rng.choice(["02", "06", "011", "055"]), d(4), d(4)], trunk="")
    raise ValueError(country)


# --------------------------------------------------------------------------
# population
# --------------------------------------------------------------------------
class Company:
    pass


class Person:
    pass


class World:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.fakers = {}
        for i, (loc, cc, _) in enumerate(LOCALES):
            f = Faker(loc)
            f.seed_instance(seed * 1000 + i)
            self.fakers[cc] = f
        self.domains = set()
        self.emails = set()
        self.phones = set()
        self.companies = []
        self.persons = []

    # ---------------- companies
    def pick_country(self):
        return wchoice(self.rng, [(cc, w) for _, cc, w in LOCALES])

    def new_company(self, country=None):
        rng = self.rng
        country = country or self.pick_country()
        f = self.fakers[country]
        r = rng.random()
        if r < 0.4:
            base = f.company()
            for s in sorted(STRIP_SUFFIXES, key=len, reverse=True):
                if base.endswith(" " + s) or base.endswith(", " + s):
                    base = base[: -len(s) - 1].rstrip(", ")
                    break
        elif r < 0.8:
            base = f"{f.last_name()} {rng.choice(INDUSTRY_WORDS)}"
        else:
            base = "".join(rng.choice(BRAND_SYLL) for _ in range(rng.choice((2, 2, 3)))).capitalize()
            if rng.random() < 0.4:
                base += " " + rng.choice(INDUSTRY_WORDS)
        c = Company()
        c.country, c.base = country, base.strip()
        forms = LEGAL_FORMS[country]
        c.form = None if rng.random() < 0.15 else rng.choice(list(forms))
        c.name = f"{c.base} {c.form}" if c.form else c.base
        words = [slug(w, country == "DE") for w in c.base.replace("-", " ").split()]
        words = [w for w in words if w and w not in ("and", "und", "et", "y", "e", "en")] or ["co"]
        r = rng.random()
        stem = words[0] if (r < 0.5 or len(words) == 1) else ("-".join(words[:2]) if r < 0.75 else "".join(words[:2]))
        if rng.random() < 0.1 and len(words) > 1:
            stem = "".join(w[0] for w in words) + words[-1][:4]
        dom = stem + rng.choice(DOMAIN_TLD[country])
        n = 2
        while dom in self.domains:
            dom = f"{stem}{rng.choice(['-group', '-hq', 'global', str(n)])}{rng.choice(DOMAIN_TLD[country])}"
            n += 1
        self.domains.add(dom)
        c.domain = dom
        c.pattern = wchoice(rng, [("first.last", 45), ("flast", 18), ("first", 8), ("firstl", 6),
                                  ("first_last", 5), ("firstlast", 8), ("f.last", 6), ("last", 2), ("last.first", 2)])
        c.switchboard = self.unique_phone(country, "land")
        c.role = rng.choice(["info", "info", "sales", "office", "contact", "admin", "hello", "team"])
        c.ext_len = rng.choice((2, 3, 3, 4))
        c.exts = set()
        c.city, c.state, c.zip = self.city_of(country)
        c.members = []
        self.companies.append(c)
        return c

    def city_of(self, country):
        f = self.fakers[country]
        state = ""
        if country == "US":
            return f.city(), f.state_abbr(include_territories=False, include_freely_associated_states=False), f.postcode()
        for a in ("state_abbr", "state", "administrative_unit"):
            try:
                state = getattr(f, a)()
                break
            except AttributeError:
                continue
        return f.city(), state, f.postcode()

    def unique_phone(self, country, kind):
        while True:
            p = make_phone(self.rng, country, kind)
            if p.digits() not in self.phones:
                self.phones.add(p.digits())
                return p

    # ---------------- e-mail addresses
    def work_email(self, company, first, last):
        fa, la = slug(first, company.country == "DE"), slug(last, company.country == "DE")
        pat = company.pattern
        local = {"first.last": f"{fa}.{la}", "flast": f"{fa[:1]}{la}", "first": fa, "firstl": f"{fa}{la[:1]}",
                 "first_last": f"{fa}_{la}", "firstlast": f"{fa}{la}", "f.last": f"{fa[:1]}.{la}",
                 "last": la, "last.first": f"{la}.{fa}"}[pat]
        addr, n = f"{local}@{company.domain}", 2
        while addr in self.emails:  # collision among colleagues: jsmith2@, john.smith2@ ...
            addr, n = f"{local}{n}@{company.domain}", n + 1
        self.emails.add(addr)
        return addr

    def personal_email(self, country, first, last, dob=None):
        rng = self.rng
        fa, la = slug(first, country == "DE"), slug(last, country == "DE")
        dom = wchoice(rng, PERSONAL_PROVIDERS[country])
        for attempt in range(20):
            yy = str(dob.year)[2:] if dob and rng.random() < 0.5 else str(rng.randint(1, 99)).zfill(2)
            pat = wchoice(rng, [(f"{fa}.{la}", 22), (f"{fa}{la}", 14), (f"{fa}_{la}", 5), (f"{fa[:1]}{la}", 10),
                                (f"{fa}.{la}{yy}", 10), (f"{fa}{la}{yy}", 10), (f"{fa}{rng.randint(1, 9999)}", 8),
                                (f"{la}.{fa}", 4), (f"{fa}{la[:1]}{yy}", 5), (f"{la}{fa[:1]}", 3),
                                (self.fakers[country].user_name(), 6), (f"{fa[:1]}{la}{rng.randint(1, 999)}", 3)])
            if attempt > 3:
                pat += str(rng.randint(1, 999))
            addr = f"{pat}@{dom}"
            if addr not in self.emails and pat:
                self.emails.add(addr)
                return addr
        raise RuntimeError("cannot make email")

    # ---------------- persons
    def base_person(self, country=None, company="pick"):
        rng = self.rng
        p = Person()
        p.country = country or self.pick_country()
        f = self.fakers[p.country]
        p.gender = rng.choice("FM")
        p.first = f.first_name_female() if p.gender == "F" else f.first_name_male()
        p.middle = None
        if rng.random() < RATES["middle_name"]:
            p.middle = f.first_name_female() if p.gender == "F" else f.first_name_male()
        p.last = f.last_name()
        p.suffix = None
        p.dob = None
        if rng.random() < RATES["dob"]:
            p.dob = datetime(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 52))
        p.nick = None
        if p.first in NICKNAMES and rng.random() < RATES["prefers_nickname"]:
            p.nick = rng.choice(NICKNAMES[p.first])
        p.street = f.street_address().replace("\n", ", ")
        p.city, p.state, p.zip = self.city_of(p.country)
        p.company = None
        if company == "pick":
            company = self.pick_company(p.country)
        self.attach_job(p, company)
        p.mobile = self.unique_phone(p.country, "mobile") if rng.random() < RATES["mobile"] else None
        p.home = self.unique_phone(p.country, "land") if rng.random() < RATES["home_phone"] else None
        p.personal_email = None
        if p.company is None or rng.random() < RATES["personal_email"]:
            p.personal_email = self.personal_email(p.country, p.first, p.last, p.dob)
        p.customer = rng.random() < RATES["customer"]
        p.changes = []  # list of (time, {attr: value}) life changes
        p.relation = None
        self.persons.append(p)
        return p

    def pick_company(self, country):
        rng = self.rng
        if rng.random() < RATES["self_employed"]:
            return None
        # Chinese-restaurant process -> a few big companies, many small ones
        same = [c for c in self.companies if c.country == country]
        alpha = 40.0
        total = sum(len(c.members) for c in same)
        if same and rng.random() < total / (total + alpha):
            return rng.choices(same, weights=[len(c.members) for c in same])[0]
        return self.new_company(country)

    def attach_job(self, p, company):
        rng = self.rng
        p.company = company
        p.work_email = p.office = None
        p.jobtitle = rng.choice(JOB_TITLES) if rng.random() < 0.85 else self.fakers[p.country].job()
        if company is None:
            p.jobtitle = rng.choice(["Owner", "Founder", "Consultant", "Freelancer", p.jobtitle])
            return
        company.members.append(p)
        p.work_email = self.work_email(company, p.first, p.last)
        r = rng.random()
        if r < RATES["switchboard"]:
            while True:
                ext = str(rng.randint(1, 10 ** company.ext_len - 1)).zfill(company.ext_len)
                if ext not in company.exts:
                    company.exts.add(ext)
                    break
            p.office = company.switchboard.with_ext(ext)
        elif r < RATES["switchboard"] + RATES["direct_line"]:
            p.office = self.unique_phone(company.country, "land")
        if rng.random() < 0.5:  # many people live near work
            p.city, p.state = company.city, company.state


def build_world(n_persons, seed):
    w = World(seed)
    rng = w.rng
    n_namesake = int(n_persons * RATES["namesake"])
    n_family = int(n_persons * RATES["family"])
    n_couple = int(n_persons * RATES["couple_shared_email"])
    n_jr = int(n_persons * RATES["jr_sr"])
    n_base = max(1, n_persons - n_namesake - n_family - n_couple - n_jr)
    for _ in range(n_base):
        w.base_person()
    base = list(w.persons)

    def relative(src, kind, same_first=False):
        p = w.base_person(country=src.country)
        p.last = src.last
        if same_first:
            p.first, p.gender, p.middle, p.nick = src.first, src.gender, src.middle, src.nick
        if p.company:  # regenerate work e-mail with the real surname
            p.work_email = w.work_email(p.company, p.first, p.last)
        p.street, p.city, p.state, p.zip = src.street, src.city, src.state, src.zip
        if src.home is None:
            src.home = w.unique_phone(src.country, "land")
        p.home = src.home
        if p.personal_email:
            p.personal_email = w.personal_email(p.country, p.first, p.last, p.dob)
        p.relation = (kind, src)
        return p

    for _ in range(n_namesake):  # same full name, different company/city/everything
        src = rng.choice(base)
        p = w.base_person(country=src.country if rng.random() < 0.8 else None)
        p.first, p.last, p.gender = src.first, src.last, src.gender
        if p.company:
            p.work_email = w.work_email(p.company, p.first, p.last)
        if p.personal_email:
            p.personal_email = w.personal_email(p.country, p.first, p.last, p.dob)
        p.relation = ("namesake", src)
    for _ in range(n_family):  # spouse / sibling / child: surname, address, home phone
        relative(rng.choice(base), "family")
    for _ in range(n_couple):  # spouses sharing one personal mailbox
        src = rng.choice([b for b in base if b.personal_email] or base)
        p = relative(src, "couple")
        if src.personal_email is None:
            src.personal_email = w.personal_email(src.country, src.first, src.last)
        if rng.random() < 0.5:  # household address like thesmiths@ / johnandjane@
            local = rng.choice([f"the{slug(src.last)}s", f"{slug(src.first)}and{slug(p.first)}",
                                f"{slug(src.last)}family", f"{slug(src.first)[0]}{slug(p.first)[0]}{slug(src.last)}"])
            addr = f"{local}@{src.personal_email.split('@')[1]}"
            if addr not in w.emails:
                w.emails.add(addr)
                src.personal_email = addr
        p.personal_email = src.personal_email
    for _ in range(n_jr):  # father/son, same name, same address, often same company
        src = rng.choice([b for b in base if b.gender == "M"] or base)
        p = relative(src, "jr_sr", same_first=True)
        if rng.random() < 0.5 and src.company:  # family business
            if p.company is not None:
                p.company.members.remove(p)
            w.attach_job(p, src.company)  # colliding local part gets a digit: john.smith2@
        src.suffix, p.suffix = "Sr.", "Jr."
        if src.dob is None:
            src.dob = datetime(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 20))
        p.dob = src.dob + timedelta(days=rng.randint(365 * 22, 365 * 35))
    for i, p in enumerate(w.persons):
        p.pid = f"p{i + 1}"
        p.crm_id = "003" + rand_alnum(rng, 15)
        p.billing_id = "cus_" + rand_alnum(rng, 14)
    return w


# --------------------------------------------------------------------------
# timeline
# --------------------------------------------------------------------------
def allocate_events(rng, n_persons, n_events):
    """Heavy-tailed: 1 + extra events with lognormal weights; ~35% 'one-touch' persons."""
    counts = [0] * n_persons
    order = list(range(n_persons))
    rng.shuffle(order)
    for i in order[: min(n_persons, n_events)]:
        counts[i] = 1
    extra = n_events - sum(counts)
    if extra > 0:
        weights = [(0.04 if rng.random() < 0.35 else 1.0) * min(12.0, rng.lognormvariate(0, 1.25)) for _ in range(n_persons)]
        for i in rng.choices(range(n_persons), weights=weights, k=extra):
            counts[i] += 1
    return counts


def event_times(rng, k):
    span_days = min(900.0, rng.expovariate(1 / 220.0) + 1)
    total = (T_END - T_START).total_seconds()
    start = T_START + timedelta(seconds=rng.uniform(0, max(1.0, total - span_days * 86400)))
    times, t = [], None
    for i in range(k):
        if t is not None and rng.random() < 0.28:  # burst: same session, seconds later
            t = t + timedelta(seconds=rng.randint(1, 90))
        else:
            t = start + timedelta(seconds=rng.uniform(0, span_days * 86400))
            # business hours bias
            if rng.random() < 0.75:
                t = t.replace(hour=rng.randint(8, 18), minute=rng.randint(0, 59), second=rng.randint(0, 59))
        times.append(t)
    times.sort()
    return times


def add_life_changes(w, p, times):
    rng = w.rng
    if len(times) < 3:
        return
    cut = times[rng.randint(1, len(times) - 1)] - timedelta(seconds=1)
    if rng.random() < RATES["job_change"]:
        newco = w.pick_company(p.country) if rng.random() < 0.85 else None
        while newco is not None and newco is p.company:
            newco = w.new_company(p.country)
        old = (p.company, p.work_email, p.office, p.jobtitle)
        w.attach_job(p, newco)
        new = dict(company=p.company, work_email=p.work_email, office=p.office, jobtitle=p.jobtitle)
        p.company, p.work_email, p.office, p.jobtitle = old
        if p.personal_email is None and newco is None:
            p.personal_email = w.personal_email(p.country, p.first, p.last, p.dob)
        p.changes.append((cut, new))
    elif rng.random() < RATES["marriage"] and p.suffix is None and p.relation is None:
        f = w.fakers[p.country]
        new_last = f.last_name()
        if p.country in ("US", "GB", "IE") and rng.random() < 0.15:
            new_last = f"{p.last}-{new_last}"
        new = dict(last=new_last)
        if p.company and rng.random() < 0.5:
            new["work_email"] = w.work_email(p.company, p.first, new_last)
        if p.personal_email and rng.random() < 0.3:
            new["personal_email"] = w.personal_email(p.country, p.first, new_last, p.dob)
        p.changes.append((cut, new))


def state_at(p, t, rng):
    s = dict(first=p.first, last=p.last, company=p.company, work_email=p.work_email, office=p.office,
             jobtitle=p.jobtitle, personal_email=p.personal_email)
    for when, ch in p.changes:
        if t >= when and rng.random() > RATES["stale_value"]:
            s.update(ch)
    return s


# --------------------------------------------------------------------------
# rendering of one event
# --------------------------------------------------------------------------
def maybe(rng, p, factor=1.0):
    return rng.random() < p * factor


def case_ws_noise(rng, s, nf):
    if maybe(rng, RATES["name_case"], nf):
        s = s.upper() if rng.random() < 0.6 else s.lower()
    if maybe(rng, RATES["whitespace"], nf):
        s = rng.choice([f" {s}", f"{s} ", f"  {s}  ", s.replace(" ", "  ") if " " in s else f"{s}\t"])
    return s


def render_first_last(rng, p, st, src, nf):
    first = st["first"]
    last = st["last"]
    if p.nick and rng.random() < 0.6:
        first = p.nick
    elif first in NICKNAMES and maybe(rng, RATES["nickname_use"], nf):
        first = rng.choice(NICKNAMES[first])
    if p.middle and maybe(rng, RATES["middle_in_first"]):
        first = f"{first} {p.middle[0]}." if rng.random() < 0.6 else f"{first} {p.middle}"
    if maybe(rng, RATES["initial_first"], nf):
        first = first[0] + ("." if rng.random() < 0.7 else "")
    if p.suffix and rng.random() < 0.3:
        last = f"{last} {p.suffix}" if rng.random() < 0.7 else f"{last}, {p.suffix.rstrip('.')}"
    if not first.isascii() or not last.isascii():
        if maybe(rng, RATES["accent_strip"]):
            first, last = ascii_fold(first, rng.random() < 0.5), ascii_fold(last, rng.random() < 0.5)
    if maybe(rng, RATES["name_typo"], nf):
        first = typo(rng, first)
    if maybe(rng, RATES["name_typo"], nf):
        last = typo(rng, last)
    first, last = case_ws_noise(rng, first, nf), case_ws_noise(rng, last, nf)
    if maybe(rng, RATES["swap_names"], nf):
        first, last = last, first
    elif maybe(rng, RATES["fullname_in_first"], nf):
        first, last = f"{first} {last}", None
    return first, last


def render_email(rng, addr, nf, hint=None):
    local, dom = addr.split("@")
    if dom in ("gmail.com", "googlemail.com"):
        if maybe(rng, RATES["gmail_dots"]):
            if "." in local:
                local = local.replace(".", "")
            elif hint and local.startswith(hint) and len(local) > len(hint) + 1:
                local = local[:len(hint)] + "." + local[len(hint):]  # johnsmith -> john.smith
        if rng.random() < 0.05:
            dom = "googlemail.com" if dom == "gmail.com" else "gmail.com"
    if dom.split(".")[0] in ("gmail", "googlemail", "outlook", "icloud", "protonmail") or rng.random() < 0.01:
        if maybe(rng, RATES["plus_tag"], nf):
            local += "+" + rng.choice(["news", "webinar", "crm", "work", "spam", "2024", "promo", "signup"])
    if maybe(rng, RATES["email_typo"], nf):
        if rng.random() < 0.75:
            local = typo(rng, local)
        else:
            dom = {"gmail.com": "gmial.com", "hotmail.com": "hotmial.com", "yahoo.com": "yaho.com"}.get(dom, typo(rng, dom))
    e = f"{local}@{dom}"
    if maybe(rng, RATES["email_case"], nf):
        e = rng.choice([e.upper(), e.title(), local.capitalize() + "@" + dom, local + "@" + dom.upper()])
    if maybe(rng, RATES["whitespace"] * 0.5, nf):
        e = rng.choice([f" {e}", f"{e} ", f"{e}\n"])
    return e


def render_company(rng, c, nf):
    if c is None:
        return rng.choice(SELF_EMPLOYED_COMPANY) if rng.random() < 0.25 else None
    base, form = c.base, c.form
    if form and maybe(rng, RATES["company_form_variant"]):
        r = rng.random()
        if r < 0.35:
            form = None
        else:
            form = rng.choice(LEGAL_FORMS[c.country][form])
    elif not form and rng.random() < 0.05:
        form = rng.choice(list(LEGAL_FORMS[c.country]))  # wrong legal form entered by hand
    if " and " in base and rng.random() < 0.3:
        base = base.replace(" and ", " & ")
    elif " & " in base and rng.random() < 0.3:
        base = base.replace(" & ", " and ")
    if not base.isascii() and rng.random() < 0.2:
        base = ascii_fold(base)
    if maybe(rng, RATES["company_typo"], nf):
        base = typo(rng, base)
    if form:
        name = f"{base}{form}" if form.startswith(",") else f"{base} {form}"
    else:
        name = base
    if maybe(rng, RATES["company_case"], nf):
        name = name.upper() if rng.random() < 0.6 else name.lower()
    if maybe(rng, RATES["whitespace"] * 0.5, nf):
        name = name + " "
    return name


def render_phone(rng, st, p, src, nf):
    opts = [(st["office"], PHONE_PREF[src][0]), (p.mobile, PHONE_PREF[src][1]), (p.home, PHONE_PREF[src][2])]
    opts = [(ph, wgt) for ph, wgt in opts if ph is not None and wgt > 0]
    if not opts:
        return None
    ph = wchoice(rng, opts)
    s = ph.render(rng, with_ext=rng.random() < RATES["phone_ext_present"])
    if maybe(rng, RATES["phone_typo"], nf):
        idx = [i for i, c in enumerate(s) if c.isdigit()]
        i = rng.choice(idx[-6:])
        s = s[:i] + rng.choice(string.digits) + s[i + 1:]
    return s


def lifecycle(p, t, t0, t1):
    frac = 0 if t1 <= t0 else (t - t0) / (t1 - t0)
    if p.customer and frac >= 0.45:
        return "customer"
    return "lead" if frac >= 0.2 else "subscriber"


def render_event(rng, w, p, t, src, t0, t1, eid):
    nf = SOURCE_NOISE[src]
    st = state_at(p, t, rng)
    fields = wchoice(rng, [(f, wt) for wt, f in TEMPLATES[src]]).split()
    ev = {"event_id": eid, "source": src, "occurred_at": t.strftime("%Y-%m-%dT%H:%M:%SZ")}
    if src == "crm" and rng.random() < 0.97:
        ev["external_id"] = p.crm_id
    if src == "billing":
        ev["external_id"] = p.billing_id
    if "name" in fields:
        first, last = render_first_last(rng, p, st, src, nf)
        if first:
            ev["first_name"] = first
        if last and not (src == "web_form" and rng.random() < 0.03):  # some forms only ask first name
            ev["last_name"] = last
    if "email" in fields:
        work, pers = st["work_email"], st["personal_email"]
        if work and pers:
            addr = work if rng.random() < P_WORK_EMAIL[src] else pers
        else:
            addr = work or pers
        if st["company"] is not None and rng.random() < RATES["role_email"]:
            addr = f"{st['company'].role}@{st['company'].domain}"  # shared mailbox, used by colleagues too
        if addr:
            ev["email"] = render_email(rng, addr, nf, slug(p.first, p.country == "DE"))
    if "phone" in fields:
        ph = render_phone(rng, st, p, src, nf)
        if ph:
            ev["phone"] = ph
    if "company" in fields:
        cname = render_company(rng, st["company"], nf)
        if cname:
            ev["company"] = cname
    props = {}
    pp = PROP_P[src]
    co = st["company"]
    if maybe(rng, pp["jobtitle"]) and "name" in fields:
        jt = st["jobtitle"]
        if rng.random() < 0.15:
            for k, v in JOB_ABBR.items():
                jt = jt.replace(k, v)
        props["jobtitle"] = jt.lower() if rng.random() < 0.05 else jt
    if maybe(rng, pp["city"]):
        props["city"] = p.city if rng.random() < 0.9 else p.city.upper()
    if maybe(rng, pp["state"]) and p.state:
        props["state"] = p.state
    if maybe(rng, pp["zip"]):
        props["zip"] = p.zip
    if maybe(rng, pp["country"]):
        props["country"] = rng.choice(COUNTRY_NAMES[p.country])
    if maybe(rng, pp["address"]):
        props["address"] = p.street
    if maybe(rng, pp["date_of_birth"]) and p.dob:
        props["date_of_birth"] = p.dob.strftime("%Y-%m-%d")
    if maybe(rng, pp["lifecyclestage"]):
        props["lifecyclestage"] = "customer" if src == "billing" else lifecycle(p, t, t0, t1)
    if maybe(rng, pp["last_activity_date"]):
        props["last_activity_date"] = (t - timedelta(hours=rng.randint(0, 72))).strftime("%Y-%m-%dT%H:%M:%SZ")
    if props:
        ev["properties"] = props
    # garbage: one identifying field replaced / added as junk
    if maybe(rng, RATES["garbage"], nf):
        k = rng.choice(list(GARBAGE))
        ev[k] = rng.choice(GARBAGE[k])
    # never emit empty strings
    for k in [k for k, v in ev.items() if isinstance(v, str) and not v.strip() and k != "event_id"]:
        del ev[k]
    return ev


def make_event_id(rng, src, used, counters):
    while True:
        if src == "crm":
            eid = "crm-evt-" + rand_alnum(rng, 12, string.ascii_lowercase + string.digits)
        elif src == "billing":
            eid = "evt_" + rand_alnum(rng, 24)
        elif src == "web_form":
            eid = "%08x-%04x-4%03x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                                  0x8000 | rng.getrandbits(14), rng.getrandbits(48))
        elif src == "webinar":
            counters["webinar"] += rng.randint(1, 7)
            eid = f"wbr-{counters['webinar']}"
        else:
            counters["import"] += 1
            eid = f"import-{counters['import_batch']}-row{counters['import']}"
        if eid not in used:
            used.add(eid)
            return eid


def pick_source(rng, p, t, cust_t):
    weights = {"crm": 30, "web_form": 25, "webinar": 14, "import": 14, "billing": 0}
    if p.customer and t >= cust_t:
        weights["billing"] = 30
    return wchoice(rng, list(weights.items()))


def generate(n_persons, n_events, seed):
    w = build_world(n_persons, seed)
    rng = random.Random(seed + 7)
    w.rng = rng  # life changes use this stream from now on
    counts = allocate_events(rng, len(w.persons), n_events)
    raw = []  # (arrival_time, occurred_time, person, source, t0, t1)
    for p, k in zip(w.persons, counts):
        if k == 0:
            continue
        times = event_times(rng, k)
        add_life_changes(w, p, times)
        t0, t1 = times[0], times[-1]
        cust_t = t0 + (t1 - t0) * 0.45
        for t in times:
            src = pick_source(rng, p, t, cust_t)
            arrival = t
            if rng.random() < RATES["out_of_order"]:
                arrival = t + timedelta(minutes=rng.randint(1, 60 * 72))
            raw.append((arrival, t, p, src, t0, t1))
    raw.sort(key=lambda r: (r[0], r[1]))
    used, counters = set(), {"webinar": 100000, "import": 0, "import_batch": 1}
    events, labels = [], []
    for arrival, t, p, src, t0, t1 in raw:
        if src == "import" and rng.random() < 0.02:
            counters["import_batch"] += 1
        eid = make_event_id(rng, src, used, counters)
        events.append(render_event(rng, w, p, t, src, t0, t1, eid))
        labels.append({"event_id": eid, "person": p.pid})
    return w, events, labels


def main():
    # Some Faker providers iterate over sets, so output depends on hash randomisation:
    # re-exec with a fixed PYTHONHASHSEED to make --seed fully reproducible.
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable] + sys.argv)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--persons", type=int, default=2000)
    ap.add_argument("--events", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="events.jsonl")
    ap.add_argument("--labels", default="labels.jsonl")
    ap.add_argument("--truth", help="optional: write per-person ground truth (relations, changes) here")
    a = ap.parse_args()
    w, events, labels = generate(a.persons, a.events, a.seed)
    with open(a.out, "w") as f:
        for e in events:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    with open(a.labels, "w") as f:
        for l in labels:
            f.write(json.dumps(l) + "\n")
    if a.truth:
        with open(a.truth, "w") as f:
            for p in w.persons:
                f.write(json.dumps({
                    "person": p.pid, "first": p.first, "middle": p.middle, "last": p.last, "suffix": p.suffix,
                    "nick": p.nick, "company": p.company.name if p.company else None,
                    "work_email": p.work_email, "personal_email": p.personal_email,
                    "mobile": p.mobile.render(random.Random(0), False) if p.mobile else None,
                    "home": p.home.render(random.Random(0), False) if p.home else None,
                    "office": p.office.render(random.Random(0)) if p.office else None,
                    "country": p.country, "city": p.city,
                    "relation": [p.relation[0], p.relation[1].pid] if p.relation else None,
                    "changes": [[t.isoformat(), {k: (v.name if isinstance(v, Company) else
                                                     v.render(random.Random(0)) if isinstance(v, Phone) else v)
                                                 for k, v in ch.items()}] for t, ch in p.changes],
                }, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
