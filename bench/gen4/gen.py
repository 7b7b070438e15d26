#!/usr/bin/env python3
"""gen4: independent synthetic B2B CRM contact feed with ground-truth person labels.

See README.md for the design and all rates. Standard library only.
    python3 gen.py --seed 201 --persons 2000 --events 8000 --out ev.jsonl --labels lb.jsonl
"""
import argparse
import bisect
import datetime as dt
import json
import math
import os
import random
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gendata import (NAMES, NICKNAMES, HONORIFICS, SUFFIXES, COUNTRIES, CULTURES, STREETS,  # noqa: E402
                     CO_PREFIX, CO_SUFFIX, CO_DESC, CO_STEMS, LANG_OF_COUNTRY, LEGAL, TITLES,
                     LIFECYCLE, ROLE_LOCALS, BILLING_ROLES, PARTNERS, SURNAME_TAIL, SURNAME_HEAD_P, ZH_GIVEN2)

try:
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover
    ZoneInfo = None

UTC = dt.timezone.utc
T0 = dt.datetime(2024, 1, 1, tzinfo=UTC).timestamp()
T1 = dt.datetime(2025, 12, 31, 23, 0, tzinfo=UTC).timestamp()
DAY = 86400.0

# ------------------------------------------------------------------ rates (see README.md)
R = dict(
    middle={"anglo": .35, "german": .10},
    middle_other=.05,
    hisp_two_surnames=.60, hisp_show_both=.45,
    indian_initial_surname=.08, indian_no_surname=.04,
    chinese_english=.35, chinese_english_use=.60,
    goes_by_nick=.30, nick_use=.55, nick_random=.04,
    namesake=.04, namesake_same_company=.40, father_son=.003,
    couples=.025, couple_share_surname=.70, couple_home_phone=.60, couple_shared_mail=.35, couple_family_biz=.30,
    self_employed=.04, small_co_freemail=.25,
    personal_email=.65, second_personal=.10,
    mobile=.70, desk=.60, home_landline=.05,
    job_change_once=.22, job_change_twice=.04, prior_job=.40,
    surname_change=.035, surname_change_female=.85, hyphenate=.25, work_email_rename=.50,
    move=.08, new_personal=.03, new_mobile=.04,
    acquired_companies=.03,
    cluster=.30, crm_echo=.30,
    crm_tracked=.65, customer=.30, crm_duplicate=.04, crm_new_record_on_job_change=.50, crm_15char=.01,
    att_new_id=.20, billing_handover=.50,
    # per-event noise base rates
    initial=.02, middle_in_first=.03, name_typo=.015, swap=.01, swap_cjk=.12, cram=.02, caps=.02, lower=.03,
    miss_first=.02, miss_last=.04, honorific=.015, suffix=.01, strip_diacritics=.30, ws=.015, empty_string=.10,
    email_typo=.01, email_case=.05, plus=.02, gmail_dots=.03, display_name=.005, alias_domain=.05,
    assistant=.007, shared_team=.02, role_billing=.35, role_other=.02,
    phone_invalid=.02, phone_transpose=.005, phone_foreign_national=.03,
    double_submit=.004,
)
SOURCE_BASE = dict(crm=27, web_form=14, webinar=11, import_=10, support=15, events_app=8, billing=13, chat=2.3, partner_portal=3.5)
SRC_NAME = {"import_": "import"}
TITLE_LANG = {"Geschäftsführer": "de", "IT-Leiter": "de", "Einkaufsleiter": "de", "Vertriebsleiter": "de", "Werkstudent": "de", "Berater": "de",
              "Responsable informatique": "fr", "Directeur Commercial": "fr", "Director de Ventas": "es", "Consultor": "es"}
REGION = {"US": "am", "CA": "am", "MX": "am", "AR": "am", "CO": "am", "IN": "ap", "CN": "ap", "HK": "ap", "SG": "ap", "TW": "ap", "JP": "ap"}
# per-source multipliers on name-noise rates
NOISE_MULT = dict(crm=.4, web_form=1.6, webinar=1.0, import_=2.2, support=1.0, events_app=.9, billing=1.2, chat=2.0, partner_portal=.8)


def zipf_weights(n, s):
    return [1.0 / (i + 1) ** s for i in range(n)]


class Phone:
    __slots__ = ("country", "cc", "nsn", "alen", "kind", "ext")

    def __init__(self, country, nsn, alen, kind, ext=None):
        self.country, self.cc, self.nsn, self.alen, self.kind, self.ext = country, COUNTRIES[country]["cc"], nsn, alen, kind, ext

    def with_ext(self, ext):
        return Phone(self.country, self.nsn, self.alen, "desk", ext)


class Office:
    def __init__(self, company, country, city):
        self.company, self.country, self.city = company, country, city
        self.switchboard = None
        self.address = None
        self.next_ext = None
        self.did_used = []


class Company:
    pass


class Job:
    def __init__(self, company, office, title, start, end):
        self.company, self.office, self.title, self.start, self.end = company, office, title, start, end
        self.emails = []  # [(t_from, email)]
        self.desk = None
        self.freemail_work = False

    def email_at(self, t):
        e = None
        for tf, em in self.emails:
            if tf <= t:
                e = em
        return e if e is not None else (self.emails[0][1] if self.emails else None)


class Person:
    pass


class Gen:
    def __init__(self, seed, n_persons, n_events):
        self.rng = random.Random(seed)
        self.seed = seed
        self.NP, self.NE = n_persons, n_events
        self.used_ids = {}
        self.used_personal = {}
        self.used_domains = {}
        self.persons = []
        self.companies = []
        self.tz_cache = {}

    # -------------------------------------------------------------- small helpers
    def ch(self, seq, weights=None):
        if weights is None:
            return seq[self.rng.randrange(len(seq))]
        return self.rng.choices(seq, weights=weights, k=1)[0]

    def p(self, x):
        return self.rng.random() < x

    def digits(self, n, first_nonzero=False):
        r = self.rng
        s = "".join(str(r.randrange(10)) for _ in range(n))
        if first_nonzero and n and s[0] == "0":
            s = str(r.randrange(1, 10)) + s[1:]
        return s

    def alnum(self, n, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"):
        return "".join(alphabet[self.rng.randrange(len(alphabet))] for _ in range(n))

    def uniq(self, kind, make):
        used = self.used_ids.setdefault(kind, {})
        while True:
            v = make()
            if v not in used:
                used[v] = 1
                return v

    def tz(self, name):
        if name not in self.tz_cache:
            try:
                self.tz_cache[name] = ZoneInfo(name) if ZoneInfo else UTC
            except Exception:
                self.tz_cache[name] = UTC
        return self.tz_cache[name]

    # -------------------------------------------------------------- text utilities
    @staticmethod
    def fold(s):
        s = s.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "Ae").replace("ł", "l").replace("đ", "d")
        return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))

    @staticmethod
    def translit(s):
        for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue"), ("ß", "ss"), ("ø", "oe"), ("Ø", "Oe"), ("å", "aa"), ("Å", "Aa"), ("æ", "ae")):
            s = s.replace(a, b)
        return Gen.fold(s)

    def email_part(self, s, style="fold"):
        s = self.translit(s) if style == "translit" else self.fold(s)
        return "".join(c for c in s.lower() if c.isalnum())

    def typo(self, s):
        if len(s) < 3:
            return s
        r = self.rng
        i = r.randrange(1, len(s) - 1)
        k = r.randrange(4)
        if k == 0:
            return s[:i] + s[i + 1:]
        if k == 1:
            return s[:i] + s[i] + s[i:]
        if k == 2:
            return s[:i - 1] + s[i] + s[i - 1] + s[i + 1:]
        nb = {"a": "s", "s": "a", "e": "r", "r": "e", "i": "o", "o": "i", "n": "m", "m": "n", "t": "r", "l": "k", "u": "y", "c": "v", "d": "f", "h": "j"}
        c = s[i].lower()
        rep = nb.get(c, c)
        if s[i].isupper():
            rep = rep.upper()
        return s[:i] + rep + s[i + 1:]

    # -------------------------------------------------------------- phones
    def geo_phone(self, country, city, kind="geo"):
        area = self.ch(city[3])
        nsn = self._fill_geo(country, area)
        return Phone(country, nsn, len(area), kind)

    def _fill_geo(self, country, area):
        r = self.rng
        L = {"US": 10, "CA": 10, "UK": 10, "IE": 9, "DE": r.choice([10, 11]), "AT": 10, "CH": 9, "FR": 9, "BE": 8, "ES": 9, "MX": 10, "AR": 10,
             "CO": 10, "IN": 10, "CN": len(area) + 8, "HK": 8, "SG": 8, "TW": 9, "JP": 10, "NL": 9, "SE": 9, "NO": 8, "DK": 8, "FI": 9}[country]
        if country in ("US", "CA"):
            while True:
                ex = str(r.randrange(2, 10)) + self.digits(2)
                if ex[1:] != "11" and ex != "555":
                    break
            return area + ex + self.digits(4)
        if country == "UK" and area == "20":
            return area + r.choice("378") + self.digits(L - 3)
        return area + self.digits(L - len(area), first_nonzero=True)

    def mobile_phone(self, country, city):
        r = self.rng
        if country in ("US", "CA"):
            return self.geo_phone(country, city, "mobile")
        pre = {"UK": lambda: "7" + r.choice("45789"), "IE": lambda: "8" + r.choice("35679"),
               "DE": lambda: r.choice(["151", "152", "157", "160", "162", "170", "171", "172", "173", "174", "175", "176", "177", "178", "179"]),
               "AT": lambda: r.choice(["664", "660", "676", "699", "650"]), "CH": lambda: r.choice(["76", "77", "78", "79"]),
               "FR": lambda: r.choice("67"), "BE": lambda: "4" + r.choice(["70", "75", "77", "78", "85", "86", "94", "95", "96", "97", "98", "99"]),
               "ES": lambda: r.choice("67"), "MX": lambda: r.choice(city[3]), "AR": lambda: "9" + r.choice(city[3]),
               "CO": lambda: "3" + r.choice("0125"), "IN": lambda: r.choice("6789"),
               "CN": lambda: "1" + r.choice(["38", "39", "35", "36", "37", "50", "51", "58", "59", "86", "87", "88", "89", "77", "33", "53", "80", "81"]),
               "HK": lambda: r.choice("5689"), "SG": lambda: r.choice("89"), "TW": lambda: "9", "JP": lambda: r.choice(["90", "80", "70"]),
               "NL": lambda: "6", "SE": lambda: "7" + r.choice("0236"), "NO": lambda: r.choice("49"), "DK": lambda: r.choice(["2", "3", "4", "5", "6"]),
               "FI": lambda: r.choice(["40", "41", "44", "45", "50"])}[country]()
        L = {"UK": 10, "IE": 9, "DE": r.choice([10, 11]), "AT": 10, "CH": 9, "FR": 9, "BE": 9, "ES": 9, "MX": 10, "AR": 11, "CO": 10, "IN": 10, "CN": 11,
             "HK": 8, "SG": 8, "TW": 9, "JP": 10, "NL": 9, "SE": 9, "NO": 8, "DK": 8, "FI": 9}[country]
        return Phone(country, pre + self.digits(L - len(pre)), len(pre), "mobile")

    def groups(self, ph):
        n, a, c = ph.nsn, ph.alen, ph.country
        head, rest = n[:a], n[a:]
        if c in ("US", "CA"):
            return [n[:3], n[3:6], n[6:]]
        if c == "FR":
            return [n[0]] + [n[i:i + 2] for i in range(1, len(n), 2)]
        if c in ("HK", "SG"):
            return [n[:4], n[4:]]
        if c in ("NO", "DK"):
            return [n[i:i + 2] for i in range(0, 8, 2)] if self.p(.7) or c == "DK" else [n[:3], n[3:5], n[5:]]
        if c == "ES":
            return [n[:3], n[3:6], n[6:]] if self.p(.6) else [n[:3], n[3:5], n[5:7], n[7:]]
        if c == "MX":
            return [n[:2], n[2:6], n[6:]]
        if c == "IN" and ph.kind == "mobile":
            return [n[:5], n[5:]]
        if c == "CN" and ph.kind == "mobile":
            return [n[:3], n[3:7], n[7:]]
        if c == "JP":
            return [head, rest[:-4], rest[-4:]]
        if c == "UK" and ph.kind == "mobile":
            return [n[:4], n[4:]]
        if c in ("DE", "AT") and self.p(.6):
            return [head, rest]
        if c == "SE":
            return [head, rest[:-4], rest[-4:-2], rest[-2:]]
        if len(rest) >= 7:
            return [head, rest[:-4], rest[-4:]] if self.p(.5) else [head, rest[:3], rest[3:]]
        if len(rest) >= 5:
            return [head, rest[:3], rest[3:]]
        return [head, rest]

    def fmt_phone(self, ph, src, home_country=None, with_ext=True):
        """Render a Phone in one of many styles. src influences intl vs national."""
        r = self.rng
        c, cc, n = ph.country, ph.cc, ph.nsn
        trunk = {"UK": "0", "IE": "0", "DE": "0", "AT": "0", "CH": "0", "FR": "0", "BE": "0", "AR": "0", "IN": "0", "TW": "0", "JP": "0",
                 "NL": "0", "SE": "0", "FI": "0", "CN": "0" if ph.kind != "mobile" else ""}.get(c, "")
        g = self.groups(ph)
        intl_p = {"crm": .55, "import_": .35, "billing": .5, "events_app": .45, "partner_portal": .5}.get(src, .3)
        if home_country and home_country != c:
            intl_p = max(intl_p, .85)
        if c in ("US", "CA"):
            styles = ["({}) {}-{}".format(*g), "{}-{}-{}".format(*g), "{}.{}.{}".format(*g), "{} {} {}".format(*g), n, "1-{}-{}-{}".format(*g),
                      "+1 {} {} {}".format(*g), "+1 ({}) {}-{}".format(*g), "+1" + n, "+1-{}-{}-{}".format(*g), "1 ({}) {}-{}".format(*g)]
            w = [22, 22, 6, 5, 6, 3, 8, 6, 12 if src == "crm" else 4, 3, 1]
            s = self.ch(styles, w)
        else:
            intl = [("+%s %s" % (cc, " ".join(g)), 40), ("+" + cc + n, 18), ("00%s %s" % (cc, " ".join(g)), 8), ("+%s-%s" % (cc, "-".join(g)), 6)]
            if trunk:
                intl.append(("+%s (0)%s" % (cc, " ".join(g)), 12 if c in ("UK", "DE", "NL", "CH", "AT", "BE") else 3))
            if c == "IN":
                intl.append(("+91-" + n, 10))
            nat = [(trunk + " ".join(g), 50), (trunk + n, 15), (trunk + "-".join(g), 10 if c in ("JP", "TW", "CN", "SE") else 3)]
            if trunk and ph.kind != "mobile":
                nat.append(("(%s%s) %s" % (trunk, g[0], " ".join(g[1:])), 6))
            if c in ("DE", "AT"):
                nat.append(("%s%s/%s" % (trunk, n[:ph.alen], n[ph.alen:]), 12))
            if c == "JP" and ph.kind == "mobile":
                nat.append(("0%s-%s-%s" % (n[:2], n[2:6], n[6:]), 20))
            pool = intl if self.p(intl_p) else nat
            s = self.ch([x for x, _ in pool], [w for _, w in pool])
        if ph.ext and with_ext:
            if c in ("DE", "AT", "CH") and self.p(.6):
                s = s + "-" + ph.ext
            else:
                s = s + self.ch([" x" + ph.ext, " x " + ph.ext, " ext. " + ph.ext, " ext " + ph.ext, " Ext: " + ph.ext, ";ext=" + ph.ext,
                                 " #" + ph.ext, " (ext " + ph.ext + ")", " Durchwahl " + ph.ext if c == "DE" else " poste " + ph.ext if c == "FR" else " EXT " + ph.ext],
                                [25, 8, 20, 12, 6, 4, 4, 6, 3])
        return s

    def garble_phone(self, s):
        r = self.rng
        k = r.randrange(9)
        if k == 0:
            return self.ch(["N/A", "n/a", "-", "0", "none", "000-000-0000", "1234567890", "tbd", "x", "+1", "."])
        if k in (1, 2):
            digits_pos = [i for i, ch in enumerate(s) if ch.isdigit()]
            drop = digits_pos[-r.randrange(2, 5):] if len(digits_pos) > 6 else []
            return "".join(ch for i, ch in enumerate(s) if i not in drop).rstrip(" -.")
        if k == 3:
            return s + str(r.randrange(10))
        if k == 4:
            return s.replace(" ", "")[:-1] + " " + s[-1]
        if k == 5:
            return s.replace("0", "O", 1)
        if k == 6:
            return "Tel: " + s
        if k == 7:
            return s + " / " + self.digits(4)
        return s[: max(3, len(s) // 2)]

    def transpose_digits(self, s):
        pos = [i for i, ch in enumerate(s) if ch.isdigit()]
        if len(pos) < 6:
            return s
        j = self.rng.randrange(len(pos) // 2, len(pos) - 1)
        a, b = pos[j], pos[j + 1]
        l = list(s)
        l[a], l[b] = l[b], l[a]
        return "".join(l)

    # -------------------------------------------------------------- geography
    def pick_city(self, country):
        return self.ch(COUNTRIES[country]["cities"])

    def street_for(self, country):
        lang = LANG_OF_COUNTRY[country]
        key = {"en": "anglo", "de": "german", "fr": "french", "es": "hispanic", "in": "indian", "zh": "chinese", "ja": "japanese", "nl": "dutch", "no": "nordic"}[lang]
        return self.ch(STREETS[key])

    def make_address(self, country, business):
        r = self.rng
        st = self.street_for(country)
        num = str(r.randrange(1, 300) if not business else r.randrange(1, 2500))
        lang = LANG_OF_COUNTRY[country]
        if lang == "en":
            a = "%s %s" % (num, st)
            if business and self.p(.5):
                a += self.ch([", Suite %d" % r.randrange(100, 2000), ", Floor %d" % r.randrange(2, 40), " Ste %d" % r.randrange(100, 900), ", Unit %d" % r.randrange(1, 30)])
            elif not business and self.p(.2):
                a += ", Apt %d" % r.randrange(1, 40)
        elif lang in ("de", "nl", "no"):
            a = "%s %s" % (st, num)
        elif lang == "fr":
            a = "%s %s" % (num, st)
        elif lang == "es":
            a = "%s %s" % (st, num) if self.p(.5) else "%s, %s" % (st, num)
            if self.p(.3):
                a += ", %dº" % r.randrange(1, 12)
        elif lang == "ja":
            a = "%d-%d-%d %s" % (r.randrange(1, 9), r.randrange(1, 20), r.randrange(1, 30), st)
        elif lang == "in":
            a = "No. %s, %s" % (num, st)
        else:
            a = "No. %s %s" % (num, st)
        return a

    def postcode(self, country, city):
        r = self.rng
        pre = city[2]
        if country == "US":
            z = pre + self.digits(5 - len(pre))
            return z + ("-" + self.digits(4) if self.p(.15) else "")
        if country == "UK":
            return "%s%d %d%s" % (pre, r.randrange(1, 20), r.randrange(1, 10), self.alnum(2, "ABDEFGHJLNPQRSTUWXYZ"))
        if country == "CA":
            return "%s %d%s%d" % (pre, r.randrange(10), self.alnum(1, "ABCEGHJKLMNPRSTVXY"), r.randrange(10))
        if country == "IE":
            return "%s %s" % (pre, self.alnum(4, "ACDEFHKNPRTVWXY0123456789"))
        if country == "NL":
            return "%s%s %s" % (pre, self.digits(2), self.alnum(2, "ABCDEFGHJKLMNPRSTVWXZ"))
        if country == "JP":
            return "%s-%s" % (pre, self.digits(4))
        if country == "SE":
            return "%s%s %s" % (pre, self.digits(1), self.digits(2))
        if country == "AR":
            return "%s%s%s" % (pre, self.digits(3), self.alnum(3, "ABCDEFGHJKLMNPRSTUVWXYZ"))
        if country == "HK":
            return ""
        ln = {"DE": 5, "AT": 4, "CH": 4, "FR": 5, "BE": 4, "ES": 5, "MX": 5, "CO": 6, "IN": 6, "CN": 6, "SG": 6, "TW": 3, "NO": 4, "DK": 4, "FI": 5}[country]
        return pre + self.digits(ln - len(pre))

    # -------------------------------------------------------------- companies
    def make_company(self, country, size_w, multinational=False, family_surname=None):
        r = self.rng
        c = Company()
        c.id = len(self.companies)
        c.country, c.size_w, c.multinational = country, size_w, multinational
        c.lang = LANG_OF_COUNTRY[country]
        lang = c.lang
        if family_surname:
            core = self.ch({"en": ["%s Plumbing", "%s & Sons", "%s Family Farms", "%s Bakery", "%s Consulting", "%s Design Studio", "%s Transport", "%s Dental"],
                            "de": ["%s Immobilien", "Autohaus %s", "Bäckerei %s", "%s & Partner", "Elektro %s", "%s Transporte", "Steuerberatung %s"],
                            "fr": ["%s & Fils", "Boulangerie %s", "%s Conseil", "Cabinet %s"], "es": ["%s e Hijos", "Construcciones %s", "Panadería %s", "Asesoría %s"],
                            "nl": ["%s & Zn.", "Bakkerij %s", "%s Installatietechniek"], "no": ["%s & Søn", "%s Bygg", "%s Regnskap"]}.get(lang, ["%s Trading", "%s & Partners", "%s Consulting", "%s Enterprises"])) % family_surname
            c.core, c.acronym = core, None
        else:
            k = r.random()
            if lang in CO_STEMS and k < .55:
                stem = self.ch(CO_STEMS[lang])
            elif k < .75 and lang != "zh" and lang != "ja":
                stem = self.ch(CO_PREFIX) + self.ch(CO_SUFFIX) if self.p(.6) else self.ch(CO_PREFIX) + " " + self.ch(["River", "Bay", "Peak", "Point", "Rock", "Bridge", "Valley", "Ocean", "Hill", "Field"])
            elif k < .9:
                cult = {"en": "anglo", "de": "german", "fr": "french", "es": "hispanic", "in": "indian", "zh": "chinese", "ja": "japanese", "nl": "dutch", "no": "nordic_se"}[lang]
                a = self.ch(NAMES[cult]["last"])
                if self.p(.3) and lang in ("en", "de", "fr", "es", "nl"):
                    b = self.ch(NAMES[cult]["last"])
                    stem = "%s %s %s" % (a, self.ch(["&", "and"] if lang == "en" else ["&", "+"]), b) if b != a else a
                else:
                    stem = a
            else:
                stem = self.ch(CO_PREFIX) + self.ch(CO_SUFFIX)
            desc = self.ch(CO_DESC[lang]) if self.p(.75) else ""
            core = (stem + " " + desc).strip()
            words = [w for w in core.replace("&", " ").replace("-", " ").split() if w[0].isalpha()]
            c.acronym = "".join(w[0].upper() for w in words) if len(words) >= 2 else None
            c.core = core
        c.the = (lang == "en" and self.p(.10))
        leg = LEGAL[country]
        c.legal, c.legal_variants = leg[r.choices(range(len(leg)), weights=[6, 3, 2, 1][:len(leg)])[0]]
        if family_surname and country in ("US",):
            c.legal, c.legal_variants = LEGAL["US"][1]
        c.canonical = ("The " if c.the else "") + c.core + (", " if c.legal in ("Inc.",) and self.p(.5) else " ") + c.legal
        # domains
        base = self.email_part(c.core, "translit" if lang == "de" and self.p(.7) else "fold")
        cands = [base]
        if c.acronym and len(c.acronym) >= 3:
            cands.append(c.acronym.lower())
        first_word = self.email_part(c.core.split()[0])
        if len(first_word) >= 4:
            cands.append(first_word)
        cands.append(self.email_part(c.core.replace(" ", "-")) if False else "-".join(self.email_part(w) for w in c.core.split() if self.email_part(w)))
        tld = self.ch(COUNTRIES[country]["tld"])
        dom = None
        for cand in ([self.ch(cands)] + cands):
            d = cand + tld
            if cand and d not in self.used_domains:
                dom = d
                break
        while dom is None or dom in self.used_domains:
            dom = base + self.ch(["group", "hq", "inc", "global", "online", str(r.randrange(2, 99))]) + tld
        self.used_domains[dom] = c.id
        c.domain = dom
        c.alias_domains = []
        if self.p(.12):
            alt = dom.rsplit(".", 1)[0] + self.ch([".io", ".net", ".co"]) if not dom.endswith((".co.uk", ".com.mx")) else dom.split(".")[0] + ".com"
            if alt not in self.used_domains:
                self.used_domains[alt] = c.id
                c.alias_domains.append(alt)
        c.regional = {}
        c.pattern = self.ch(["first.last", "flast", "first", "firstl", "first_last", "lastf", "f.last"], [50, 20, 8 if size_w < 2 else 1, 5, 5, 4, 8])
        c.translit = "translit" if (country in ("DE", "AT", "CH") and self.p(.7)) or (country in ("SE", "NO", "DK") and self.p(.3)) else "fold"
        c.locals = {}
        c.offices = {}
        c.members = []  # (person, job)
        c.rename = None
        c.family = bool(family_surname)
        c.billing_accounts = []
        self.companies.append(c)
        return c

    def office(self, c, country, city):
        key = (country, city[0], city[1])
        if key in c.offices:
            return c.offices[key]
        o = Office(c, country, city)
        o.switchboard = self.geo_phone(country, city, "switchboard")
        o.address = self.make_address(country, True)
        o.zip = self.postcode(country, city)
        o.next_ext = self.rng.choice([100, 200, 2000, 4100, 10])
        c.offices[key] = o
        if c.multinational and country != c.country and country not in c.regional and self.p(.4):
            rd = c.domain.split(".")[0] + COUNTRIES[country]["tld"][0]
            if rd not in self.used_domains:
                self.used_domains[rd] = c.id
                c.regional[country] = rd
        return o

    def company_str(self, c, t, src, stale=False):
        """One rendering of the company name as a source would show it."""
        r = self.rng
        if c is None:
            return None
        core, legal, variants, the, acr = c.core, c.legal, c.legal_variants, c.the, c.acronym
        if c.rename and t >= c.rename["t"] and not (stale or self.p(.12)):
            core, acr, the = c.rename["core"], c.rename["acronym"], False
        k = r.random()
        caps_p = {"import_": .22, "billing": .08}.get(src, .03)
        if k < .38:
            s = ("The " if the else "") + core + (" " if not self.p(.25) else ", ") + legal
        elif k < .70:
            s = ("The " if the and self.p(.5) else "") + core
        elif k < .84:
            v = self.ch(variants)
            s = ("The " if the and self.p(.5) else "") + core + (v if v.startswith(",") else " " + v)
        elif k < .88 and acr:
            s = acr
        elif k < .92 and len(core.split()) >= 2:
            s = core.split()[0] if not core.split()[1] in ("&", "and", "+") else core
        elif k < .95 and c.multinational:
            s = self.ch(["%s %s" % (core, self.ch(["Germany", "UK", "Europe", "EMEA", "APAC", "India", "North America", "France"])),
                         "%s (%s) %s" % (core, self.ch(["UK", "Deutschland", "India", "Asia", "Americas"]), legal), "%s - %s" % (core, self.ch(["EMEA", "NA", "APJ"]))])
        elif k < .96:
            s = c.domain
        else:
            s = core.replace(" & ", " and ") if "&" in core else core.replace(" and ", " & ")
        if self.p(.012 * NOISE_MULT.get(src, 1)):
            s = self.typo(s)
        if self.p(caps_p):
            s = s.upper()
        elif self.p(.03):
            s = s.lower()
        if self.p(.3 if src in ("import_", "billing") else .06):
            s = self.fold(s)
        if self.p(.01):
            s = " " + s + " "
        return s

    # -------------------------------------------------------------- emails
    def work_local(self, c, p, first, last, dom):
        sty = c.translit
        fn = self.email_part(first, sty)
        ln = self.email_part(last, sty)
        if not ln:
            ln = fn
        pat = c.pattern
        forms = {"first.last": fn + "." + ln, "flast": fn[0] + ln, "first": fn, "firstl": fn + ln[0], "first_last": fn + "_" + ln, "lastf": ln + fn[0], "f.last": fn[0] + "." + ln}
        loc = forms[pat]
        used = c.locals.setdefault(dom, {})
        if loc in used:
            mid = self.email_part(p.middle)[:1] if p.middle else ""
            alts = []
            if mid and pat == "first.last":
                alts.append("%s.%s.%s" % (fn, mid, ln))
            if pat in ("flast", "f.last") and len(fn) > 1:
                alts.append(fn[:2] + ("." if pat == "f.last" else "") + ln)
            if pat == "first":
                alts.append(fn + "." + ln)
            for a in alts:
                if a not in used:
                    loc = a
                    break
            else:
                n = 2
                while "%s%d" % (loc, n) in used:
                    n += 1
                loc = "%s%d" % (loc, n)
        used[loc] = 1
        return loc

    def personal_email(self, p, cc=None):
        r = self.rng
        country = cc or p.country
        free = COUNTRIES[country]["free"]
        dom = self.ch([d for d, _ in free], [w for _, w in free])
        fn = self.email_part(p.nick if (p.nick and self.p(.3)) else (p.english or p.first))
        ln = self.email_part(p.last0)
        if not ln:
            ln = fn
        yy = str(p.dob.year)
        while True:
            if dom == "qq.com" and self.p(.6):
                loc = self.digits(r.randrange(8, 11), True)
            else:
                loc = self.ch([fn + "." + ln, fn + ln, fn + "." + ln + yy[2:], fn + ln + self.digits(2), fn + "_" + ln, fn[0] + ln + self.digits(r.randrange(1, 4)),
                               fn + ln[0] + self.digits(2), fn + yy, ln + "." + fn, self.ch(["sunny", "blue", "happy", "lucky", "crazy", "silent", "wild", "red", "little", "big"]) +
                               self.ch(["hiker", "fox", "tiger", "cat", "rider", "dragon", "panda", "wolf", "surfer", "chef"]) + self.digits(2), fn + "." + ln + "." + self.digits(1),
                               ln + fn[0] + self.digits(2)], [20, 14, 8, 8, 5, 7, 5, 5, 4, 5, 2, 3])
            e = loc + "@" + dom
            if e not in self.used_personal:
                self.used_personal[e] = p.id
                return e
            # collision with someone else's mailbox: people add digits
            fn = fn + self.digits(1)

    def noisy_email(self, e, src, p=None, allow_typo=True):
        if not e:
            return e
        r = self.rng
        loc, _, dom = e.partition("@")
        if dom in ("gmail.com", "googlemail.com"):
            if self.p(R["gmail_dots"]):
                loc = loc.replace(".", "") if "." in loc else (loc[: len(loc) // 2] + "." + loc[len(loc) // 2:])
            if self.p(.02) and p is not None and p.country in ("UK", "DE"):
                dom = "googlemail.com" if dom == "gmail.com" else "gmail.com"
        if self.p(R["plus"]):
            loc = loc + "+" + self.ch(["news", "webinar", "crm", "events", "work", "test", "1", "promo", "vendor"])
        if allow_typo and self.p(R["email_typo"] * (2.5 if src in ("web_form", "chat") else 1.0 if src in ("events_app", "webinar", "import_") else .3)):
            k = r.randrange(5)
            if k == 0:
                dom = {"gmail.com": self.ch(["gmial.com", "gmail.co", "gmail.con", "gamil.com", "gmai.com", "gnail.com"]),
                       "hotmail.com": self.ch(["hotmial.com", "hotmail.co", "hotmai.com"]), "yahoo.com": self.ch(["yaho.com", "yahooo.com", "yahoo.co"]),
                       "outlook.com": self.ch(["outlok.com", "outlook.co"])}.get(dom, dom[:-3] + self.ch(["con", "cm", "comm", "om"]) if dom.endswith(".com") else dom.replace(".", ",", 1) if self.p(.2) else self.typo(dom))
            elif k in (1, 2):
                loc = self.typo(loc)
            elif k == 3:
                loc = loc.replace(".", "", 1) if "." in loc else self.typo(loc)
            else:
                dom = dom + "."
        out = loc + "@" + dom
        k = r.random()
        case_p = R["email_case"] * (2.0 if src in ("crm", "import_", "billing") else 1.0)
        if k < case_p * .4:
            out = out.upper()
        elif k < case_p:
            out = "@".join(x[:1].upper() + x[1:] for x in out.split("@")) if self.p(.3) else ".".join(w[:1].upper() + w[1:] for w in loc.split(".")) + "@" + dom
        if self.p(.008):
            out = self.ch([" ", "  "]) + out if self.p(.5) else out + " "
        if src == "support" and self.p(R["display_name"] * 6) and p is not None:
            out = '"%s %s" <%s>' % (p.first, p.last0, out) if self.p(.5) else "%s %s <%s>" % (p.first, p.last0, out)
        elif self.p(R["display_name"] * .4) and p is not None:
            out = "%s %s <%s>" % (p.first, p.last0, out)
        if self.p(.0008):
            out = "mailto:" + out
        return out

    # -------------------------------------------------------------- population
    def build(self):
        r = self.rng
        NP = self.NP
        # ---- persons (names)
        cw = [w for _, w, _ in CULTURES]
        for i in range(NP):
            p = Person()
            p.id = "p%d" % (i + 1)
            p.idx = i
            cul, _, countries = CULTURES[r.choices(range(len(CULTURES)), weights=cw)[0]]
            p.culture = cul
            p.country = self.ch([c for c, _ in countries], [w for _, w in countries])
            if cul != "anglo" and self.p(.05):
                p.country = self.ch(["US", "UK", "DE"])
            self.init_name(p)
            self.persons.append(p)
        # ---- namesakes
        for p in self.persons:
            p.namesake_of = None
            p.cloned = False
        n_ns = int(round(NP * R["namesake"]))
        cands = list(range(NP))
        r.shuffle(cands)
        made = 0
        for i in cands:
            if made >= n_ns:
                break
            p = self.persons[i]
            if p.cloned:
                continue
            same = [q for q in self.persons if q.culture == p.culture and q is not p and q.namesake_of is None and not q.cloned and q.gender == p.gender]
            if not same:
                continue
            N = NAMES[p.culture]
            common = [q for q in same if q.first in N[q.gender][:15] and q.last0 in N["last"][:30]]
            q = self.ch(common) if common and self.p(.7) else self.ch(same)
            q.cloned = True
            p.first, p.last0, p.last2, p.english = q.first, q.last0, q.last2 if p.culture == "hispanic" and self.p(.5) else p.last2, q.english
            p.middle = p.middle if self.p(.6) else None
            p.country = q.country if self.p(.7) else p.country
            p.namesake_of = q
            made += 1
        self.n_namesakes = made
        # ---- dob, nick
        for p in self.persons:
            p.dob = dt.date(r.randrange(1958, 2003), r.randrange(1, 13), r.randrange(1, 29))
            nicks = NICKNAMES.get(p.first)
            p.nick = self.ch(nicks) if nicks and self.p(R["goes_by_nick"]) else None
            p.home_city = self.pick_city(p.country)
        for p in self.persons:
            if p.namesake_of is not None and p.namesake_of.country == p.country and self.p(.5):
                p.home_city = p.namesake_of.home_city
        # ---- companies
        n_co = max(5, int(NP / 4.2))
        sizes = sorted([min(60.0, r.paretovariate(1.15)) for _ in range(n_co)], reverse=True)
        ctry_w = {}
        for p in self.persons:
            ctry_w[p.country] = ctry_w.get(p.country, 0) + 1
        clist = sorted(ctry_w)
        for j, sw in enumerate(sizes):
            ctry = self.ch(clist, [ctry_w[c] for c in clist]) if j >= 3 else self.ch(["US", "US", "DE", "UK", "IN", "FR", "JP", "NL"])
            self.make_company(ctry, sw, multinational=(j < max(3, int(n_co * .12))))
        self.by_country = {}
        for c in self.companies:
            self.by_country.setdefault(c.country, []).append(c)
        self.mnc = [c for c in self.companies if c.multinational]
        # ---- households (couples) before jobs: family businesses
        self.make_households()
        # ---- jobs
        for p in self.persons:
            self.make_jobs(p)
        # namesakes into same company
        for p in self.persons:
            q = p.namesake_of
            if q is not None and q.jobs and self.p(R["namesake_same_company"]) and not p.fixed_job:
                qj = q.jobs[-1] if q.jobs[-1].end >= T1 else q.jobs[0]
                for oj in p.jobs:
                    oj.company.members.remove((p, oj))
                p.jobs = []
                self.add_job(p, qj.company, T0 - r.uniform(100, 3000) * DAY, T1 + DAY, city=qj.office.city if self.p(.7) else None, country=qj.office.country)
        # ---- emails, phones, life events
        for p in self.persons:
            self.finish_person(p)
        self.make_acquisitions()

    def init_name(self, p):
        r = self.rng
        N = NAMES[p.culture]
        p.gender = "f" if self.p(.47) else "m"
        p.english = None
        p.last2 = None
        p.indian_initial = False
        if p.culture == "chinese" and p.country in ("HK", "SG", "TW") and self.p(.8):
            p.first = self.ch(N["given_hk_" + p.gender])
            p.last0 = self.ch(N["last_hk"], zipf_weights(len(N["last_hk"]), 1.0))
        else:
            p.first = self.sample_first(p.culture, p.gender)
            p.last0 = self.sample_last(p.culture)
        if p.culture == "chinese" and self.p(R["chinese_english"]):
            e = N["english_" + p.gender]
            p.english = self.ch(e, zipf_weights(len(e), .8))
        if p.culture == "hispanic" and self.p(R["hisp_two_surnames"]):
            p.last2 = self.sample_last(p.culture)
        if p.culture == "indian":
            if self.p(R["indian_initial_surname"]):
                p.indian_initial = True
        mids = N.get("middle") or []
        pm = R["middle"].get(p.culture, R["middle_other"])
        p.middle = self.ch(mids) if mids and self.p(pm) else None
        if p.culture == "anglo" and p.middle is None and self.p(.03):
            p.middle = self.ch(["Ann", "Marie", "Lee", "Jo"]) if p.gender == "f" else self.ch(["Lee", "Ray", "Dean"])

    def sample_first(self, culture, gender):
        N = NAMES[culture]
        if culture == "chinese" and self.p(.55):
            return self.ch(ZH_GIVEN2)
        return self.ch(N[gender], zipf_weights(len(N[gender]), .6))

    def sample_last(self, culture):
        N = NAMES[culture]
        if culture in SURNAME_TAIL and not self.p(SURNAME_HEAD_P[culture]):
            return self.ch(SURNAME_TAIL[culture])
        return self.ch(N["last"], zipf_weights(len(N["last"]), 1.1 if culture == "chinese" else .7))

    def make_households(self):
        r = self.rng
        n_pairs = int(round(self.NP * R["couples"] / 2))
        pool = list(range(len(self.persons)))
        r.shuffle(pool)
        for p in self.persons:
            p.partner = None
            p.family_biz = None
            p.fixed_job = False
            p.shared_mail = None
            p.home_phone = None
            p.junior = False
        k = 0
        made = 0
        while made < n_pairs and k + 1 < len(pool):
            a, b = self.persons[pool[k]], self.persons[pool[k + 1]]
            k += 2
            if a.namesake_of is not None or b.namesake_of is not None:
                continue
            # b joins a's culture/country/household
            b.culture, b.country = a.culture, a.country
            b.gender = "f" if a.gender == "m" else "m" if self.p(.9) else a.gender
            N = NAMES[b.culture]
            if b.first not in N[b.gender]:
                b.first = self.sample_first(b.culture, b.gender)
                nicks = NICKNAMES.get(b.first)
                b.nick = self.ch(nicks) if nicks and self.p(R["goes_by_nick"]) else None
                b.english = None
            if self.p(R["couple_share_surname"]):
                b.last0 = a.last0
                b.last2 = a.last2
            b.home_city = a.home_city
            a.partner, b.partner = b, a
            made += 1
            if self.p(R["couple_family_biz"]):
                c = self.make_company(a.country, 0.5, family_surname=self.fold(a.last0.split()[-1]) if self.p(.5) else a.last0.split()[-1])
                a.family_biz = b.family_biz = c
                a.fixed_job = b.fixed_job = True
        # father/son namesakes in the same household
        n_fs = int(round(self.NP * R["father_son"]))
        cand = [p for p in self.persons if p.culture == "anglo" and p.partner is None and p.namesake_of is None and p.gender == "m"]
        r.shuffle(cand)
        for i in range(0, min(2 * n_fs, len(cand) - 1), 2):
            f, s = cand[i], cand[i + 1]
            s.first, s.last0, s.country, s.home_city, s.middle = f.first, f.last0, f.country, f.home_city, f.middle if self.p(.5) else s.middle
            s.junior = True
            s.namesake_of = f
            f.partner_fs = s
        self.n_pairs = made

    def add_job(self, p, c, start, end, city=None, country=None):
        r = self.rng
        country = country or (p.country if c.multinational or c.country == p.country else c.country)
        if city is None:
            city = p.home_city if country == p.country else self.pick_city(country)
        o = self.office(c, country, city)
        tw = [1.0] * len(TITLES)
        tw[-1] = .2
        title = r.choices(range(len(TITLES)), weights=tw)[0]
        j = Job(c, o, title, start, end)
        p.jobs.append(j)
        c.members.append((p, j))
        return j

    def pick_company(self, p, exclude=None):
        r = self.rng
        if self.p(.25) and self.mnc:
            pool = self.mnc
        else:
            pool = self.by_country.get(p.country) or self.mnc
        pool = [c for c in pool if c is not exclude and not c.family]
        if not pool:
            pool = [c for c in self.companies if c is not exclude and not c.family]
        return self.ch(pool, [c.size_w for c in pool])

    def make_jobs(self, p):
        r = self.rng
        p.jobs = []
        p.prior = None
        p.self_employed = False
        # activity span (needed to place life events where they are observable)
        p.t_start = r.uniform(T0, T1 - DAY)
        p.span = min(T1 - p.t_start, r.uniform(30, 730) * DAY)
        if p.family_biz is not None:
            self.add_job(p, p.family_biz, T0 - r.uniform(300, 5000) * DAY, T1 + DAY, city=p.home_city, country=p.country)
            return
        if self.p(R["self_employed"]):
            p.self_employed = True
            return
        n_change = 2 if self.p(R["job_change_twice"]) else 1 if self.p(R["job_change_once"] / (1 - R["job_change_twice"])) else 0
        cuts = sorted(r.uniform(p.t_start + 0.05 * p.span, p.t_start + 0.95 * p.span) for _ in range(n_change))
        starts = [T0 - r.uniform(60, 4000) * DAY] + cuts
        ends = cuts + [T1 + DAY]
        prev = None
        for s, e in zip(starts, ends):
            c = self.pick_company(p, exclude=prev)
            city = p.home_city if self.p(.85) or prev is None else self.pick_city(p.country)
            if c.multinational and c.country != p.country and self.p(.1):
                country, city = c.country, self.pick_city(c.country)
            else:
                country = p.country
            self.add_job(p, c, s, e, city=city, country=country)
            prev = c
        if self.p(R["prior_job"]):
            c = self.pick_company(p, exclude=p.jobs[0].company)
            pj = self.add_job(p, c, p.jobs[0].start - r.uniform(300, 2000) * DAY, p.jobs[0].start, country=p.country)
            p.jobs.remove(pj)
            p.prior = pj

    def finish_person(self, p):
        r = self.rng
        # ---- surname change (marriage)
        p.surnames = [(-1e18, p.last0)]
        p.maiden = None
        sc_rate = R["surname_change"] * (R["surname_change_female"] / .47 if p.gender == "f" else (1 - R["surname_change_female"]) / .53)
        if p.culture in ("hispanic", "chinese"):
            sc_rate *= .15  # women usually keep their surname there
        if p.partner is None and not p.junior and self.p(sc_rate):
            t = r.uniform(p.t_start + .1 * p.span, p.t_start + .9 * p.span)
            N = NAMES[p.culture]
            new = self.sample_last(p.culture)
            for _ in range(20):
                if new != p.last0:
                    break
                new = self.sample_last(p.culture)
            if self.p(R["hyphenate"]):
                new = p.last0 + "-" + new
            p.surnames.append((t, new))
            p.maiden = p.last0
            p.rename_t = t
        # ---- cities
        p.cities = [(-1e18, p.home_city)]
        p.home_addr = [(-1e18, self.make_address(p.country, False), self.postcode(p.country, p.home_city))]
        if p.partner is not None and p.partner.idx < p.idx:
            p.home_city = p.partner.home_city
            p.cities = list(p.partner.cities)
            p.home_addr = list(p.partner.home_addr)
        elif self.p(R["move"]):
            t = r.uniform(p.t_start, p.t_start + p.span)
            nc = self.pick_city(p.country)
            p.cities.append((t, nc))
            p.home_addr.append((t, self.make_address(p.country, False), self.postcode(p.country, nc)))
        # ---- personal emails
        p.personal = []
        if p.partner is not None and p.partner.idx < p.idx and p.partner.shared_mail:
            p.shared_mail = p.partner.shared_mail
        elif p.partner is not None and p.partner.idx > p.idx and self.p(R["couple_shared_mail"]):
            ln = self.email_part(p.last0)
            dom = self.ch([d for d, _ in COUNTRIES[p.country]["free"]], [w for _, w in COUNTRIES[p.country]["free"]])
            loc = self.ch(["the" + ln + "s", ln + "family", ln + ".family", self.email_part(p.first) + "and" + self.email_part(p.partner.first), ln + "home"])
            e = loc + "@" + dom
            if e in self.used_personal:
                e = loc + self.digits(2) + "@" + dom
            self.used_personal[e] = p.id
            p.shared_mail = e
        if self.p(R["personal_email"]) or p.self_employed or not p.jobs:
            p.personal.append([-1e18, 1e18, self.personal_email(p)])
            if self.p(R["second_personal"]):
                p.personal.append([-1e18, 1e18, self.personal_email(p)])
            if self.p(R["new_personal"]):
                t = r.uniform(p.t_start, p.t_start + p.span)
                p.personal[0][1] = t + r.uniform(0, 200) * DAY  # old one still used for a while
                p.personal.append([t, 1e18, self.personal_email(p)])
        if p.shared_mail and (not p.personal or self.p(.5)):
            p.personal.insert(0, [-1e18, 1e18, p.shared_mail])
        # ---- phones
        p.mobiles = []
        nphones = r.choices([0, 1, 2], weights=[15, 55, 30])[0]
        has_mobile = self.p(R["mobile"]) if nphones else False
        if nphones == 2:
            has_mobile = True
        if has_mobile:
            p.mobiles.append([-1e18, 1e18, self.mobile_phone(p.country, p.home_city)])
            if self.p(R["new_mobile"]):
                t = r.uniform(p.t_start, p.t_start + p.span)
                p.mobiles[0][1] = t
                p.mobiles.append([t, 1e18, self.mobile_phone(p.country, p.home_city)])
        want_desk = nphones == 2 or (nphones == 1 and not has_mobile)
        if p.home_phone is not None:
            pass
        elif p.partner is not None and p.partner.idx < p.idx and p.partner.home_phone:
            p.home_phone = p.partner.home_phone
        elif p.partner is not None and p.partner.idx > p.idx and self.p(R["couple_home_phone"]):
            p.home_phone = self.geo_phone(p.country, p.home_city, "home")
        elif self.p(R["home_landline"]):
            p.home_phone = self.geo_phone(p.country, p.home_city, "home")
        if getattr(p, "junior", False) and p.namesake_of is not None:
            p.home_phone = p.namesake_of.home_phone or self.geo_phone(p.country, p.home_city, "home")
            p.namesake_of.home_phone = p.home_phone
            p.cities = p.namesake_of.cities if hasattr(p.namesake_of, "cities") else p.cities
        # ---- jobs: work emails, desk phones
        alljobs = ([p.prior] if p.prior else []) + p.jobs
        for j in alljobs:
            c = j.company
            if c.family:
                if p.home_phone is None:
                    p.home_phone = self.geo_phone(p.country, p.home_city, "home")
                j.office.switchboard = p.home_phone
                dom = c.domain
                k = r.random()
                if k < .35:
                    e = ROLE_LOCALS[c.lang][0] + "@" + dom  # both partners answer info@
                elif k < .70 or not p.personal:
                    e = self.email_part(p.first) + "@" + dom
                else:
                    e = p.personal[0][2]
                j.emails.append((j.start, e))
                continue
            small = sum(1 for _ in c.members) <= 3 and c.size_w < 1.5
            if small and self.p(R["small_co_freemail"]) and p.personal:
                j.freemail_work = True
                j.emails.append((j.start, p.personal[0][2]))
            else:
                first = p.nick if (p.nick and self.p(.10)) else (p.english if p.english and self.p(.6) else p.first)
                dom = c.regional.get(j.office.country, c.domain)
                last_at = self.last_at(p, j.start)
                if p.culture in ("indian",) and p.indian_initial:
                    last_at = last_at[0]
                loc = self.work_local(c, p, first, last_at, dom)
                j.emails.append((j.start, loc + "@" + dom))
                j.email_first = first
                if p.maiden and j.start < p.rename_t < j.end and self.p(R["work_email_rename"]):
                    t = p.rename_t + r.uniform(0, 60) * DAY
                    loc2 = self.work_local(c, p, first, self.last_at(p, t), dom)
                    j.emails.append((t, loc2 + "@" + dom))
            if want_desk or self.p(.25):
                o = j.office
                if self.p(.45):
                    ext = str(o.next_ext)
                    o.next_ext += r.randrange(1, 9)
                    j.desk = o.switchboard.with_ext(ext)
                else:
                    sb = o.switchboard.nsn
                    while True:
                        nsn = sb[:-3] + self.digits(3)
                        if nsn not in o.did_used and nsn != sb:
                            break
                    o.did_used.append(nsn)
                    j.desk = Phone(o.country, nsn, o.switchboard.alen, "desk")
        p.dob_fmt = None

    def make_acquisitions(self):
        r = self.rng
        cands = [c for c in self.companies if not c.family and c.members]
        n = int(round(len(cands) * R["acquired_companies"]))
        r.shuffle(cands)
        self.acquired = []
        for c in cands[:n]:
            buyer = self.ch([x for x in self.mnc if x is not c]) if self.p(.5) and len(self.mnc) > 1 else None
            t = r.uniform(T0 + 60 * DAY, T1 - 60 * DAY)
            if buyer is not None:
                core, acr, dom = buyer.core, buyer.acronym, buyer.domain
            else:
                core = self.ch(CO_PREFIX) + self.ch(CO_SUFFIX) + self.ch(["", " " + self.ch(CO_DESC["en"])])
                acr = None
                dom = self.email_part(core) + ".com"
                if dom in self.used_domains:
                    dom = self.email_part(core) + "hq.com"
                self.used_domains[dom] = c.id
            c.rename = {"t": t, "core": core, "acronym": acr, "domain": dom}
            self.acquired.append(c)
            for p, j in c.members:
                if j.end > t and j.emails and not j.freemail_work and "@" + c.domain in j.emails[-1][1] or (c.regional and j.end > t and j.emails and not j.freemail_work):
                    last_email = j.emails[-1][1]
                    loc = last_email.split("@")[0]
                    used = buyer.locals.setdefault(dom, {}) if buyer else c.locals.setdefault(dom, {})
                    if loc in used:
                        loc = loc + str(r.randrange(2, 9))
                    used[loc] = 1
                    if j.start >= t:  # joined after the rebrand: new domain from day one
                        j.emails = [(j.start, loc + "@" + dom)]
                    else:
                        j.emails.append((t + r.uniform(0, 90) * DAY, loc + "@" + dom))
                        j.emails.sort(key=lambda x: x[0])

    # -------------------------------------------------------------- state at time t
    def last_at(self, p, t):
        cur = p.surnames[0][1]
        for tt, s in p.surnames:
            if tt <= t:
                cur = s
        return cur

    def job_at(self, p, t):
        for j in p.jobs:
            if j.start <= t < j.end:
                return j
        if p.jobs and t < p.jobs[0].start:
            return p.jobs[0]
        return p.jobs[-1] if p.jobs else None

    def city_at(self, p, t):
        cur = p.cities[0][1]
        for tt, c in p.cities:
            if tt <= t:
                cur = c
        return cur

    def home_at(self, p, t):
        cur = p.home_addr[0]
        for h in p.home_addr:
            if h[0] <= t:
                cur = h
        return cur

    def personal_at(self, p, t):
        xs = [e for a, b, e in p.personal if a <= t < b]
        return xs

    def mobile_at(self, p, t):
        for a, b, m in p.mobiles:
            if a <= t < b:
                return m
        return None

    def lifecycle_at(self, p, t):
        final = (6 if p.lc_final < .5 else 5) if p.customer else min(4, int(p.lc_final))
        frac = 0 if p.span <= 0 else max(0.0, min(1.0, (t - p.t_start) / p.span))
        return LIFECYCLE[min(final, int(frac * (final + 1)))]

    # -------------------------------------------------------------- timeline skeletons
    def make_skeletons(self):
        r = self.rng
        NP, NE = self.NP, self.NE
        w = [r.lognormvariate(0, 1.15) for _ in range(NP)]
        counts = [1] * NP
        extra = max(0, NE - NP)
        for i in r.choices(range(NP), weights=w, k=extra):
            counts[i] += 1
        # shared campaign calendars
        self.conferences = []
        t = T0 + r.uniform(5, 25) * DAY
        while t < T1 - 3 * DAY:
            country = self.ch(["US", "US", "US", "UK", "DE", "FR", "NL", "ES", "IN", "SG", "JP"])
            city = self.pick_city(country)
            self.conferences.append(dict(t=t, days=r.choice([1, 2, 3]), country=country, city=city, name="conf%d" % len(self.conferences)))
            t += r.uniform(15, 40) * DAY
        self.conf_starts = [c["t"] for c in self.conferences]
        self.import_batches = []
        # trade-show scans: one batch per conference (booth scans)
        for c in self.conferences:
            self.import_batches.append(dict(kind="show", start=c["t"], end=c["t"] + c["days"] * DAY, conf=c,
                                            deliver=c["t"] + c["days"] * DAY + r.uniform(3, 25) * DAY))
        t = T0 + r.uniform(1, 20) * DAY
        while t < T1:
            exp = t
            self.import_batches.append(dict(kind="list", start=t - r.uniform(20, 60) * DAY, end=t, export=exp, deliver=exp + r.uniform(1, 14) * DAY,
                                            tz=self.ch(["UTC", "America/New_York", "Europe/Berlin", "Europe/London"])))
            t += r.uniform(10, 35) * DAY
        self.import_batches.sort(key=lambda b: b["end"])
        self.ib_ends = [b["end"] for b in self.import_batches]
        skel = []
        for p, n in zip(self.persons, counts):
            p.customer = self.p(R["customer"])
            p.crm_tracked = p.customer or self.p((R["crm_tracked"] - R["customer"]) / (1 - R["customer"]))
            p.lc_final = r.uniform(0, 5)
            sw = dict(SOURCE_BASE)
            if not p.customer:
                sw["billing"] = 0
                sw["support"] *= .15
            else:
                sw["billing"] *= 2.5
                sw["support"] *= 2.2
            if not p.crm_tracked:
                sw["crm"] = 0
            sw["partner_portal"] *= 6 if self.p(.10) else .1
            sw["events_app"] *= 2.5 if self.p(.3) else .3
            if p.self_employed:
                sw["import_"] *= .3
            for k in sw:
                sw[k] *= r.gammavariate(2.0, .5)
            keys = list(SOURCE_BASE)
            times = [p.t_start]
            for _ in range(n - 1):
                if self.p(R["cluster"]):
                    times.append(min(T1, times[-1] + r.uniform(60, 3 * DAY)))
                else:
                    times.append(r.uniform(p.t_start, p.t_start + p.span))
            times.sort()
            i = 0
            while i < n:
                src = self.ch(keys, [sw[k] for k in keys])
                if sum(sw.values()) <= 0:
                    src = "web_form"
                skel.append([times[i], p, src, len(skel)])
                if src != "crm" and p.crm_tracked and i + 1 < n and self.p(R["crm_echo"]):
                    t2 = times[i] + r.uniform(30, 7200)
                    skel.append([min(t2, T1), p, "crm", len(skel)])
                    i += 1
                i += 1
        self.counts = counts
        return skel

    # -------------------------------------------------------------- name rendering
    def display_last(self, p, t, src, stale=False):
        last = self.last_at(p, t if not stale else t - 400 * DAY)
        if p.maiden and last != p.maiden and self.p(.12):
            last = p.maiden  # some systems/people keep the maiden name
        if p.culture == "hispanic" and p.last2 and self.p(R["hisp_show_both"]):
            last = last + self.ch([" ", " ", " ", " y ", "-"]) + p.last2
        if p.culture == "dutch" and last[:1].islower():
            k = self.rng.random()
            if k < .12:
                last = last.split()[-1]
            elif k < .25:
                last = " ".join(w.capitalize() for w in last.split())
            elif k < .30:
                last = last.replace(" ", "")
            elif k < .34:
                parts = last.split()
                last = parts[-1] + ", " + " ".join(parts[:-1])
        if p.culture == "indian" and p.indian_initial:
            last = last[0] + self.ch(["", ".", ""]) if self.p(.8) else last
        if p.culture == "indian" and self.p(R["indian_no_surname"]):
            last = ""
        if p.junior and self.p(.3):
            last = last + self.ch([" Jr.", " Jr", ", Jr."])
        elif self.p(R["suffix"]):
            last = last + " " + self.ch(SUFFIXES)
        return last

    def display_first(self, p, src):
        r = self.rng
        first = p.first
        if p.english and self.p(R["chinese_english_use"]):
            first = p.english
        elif p.nick and self.p(R["nick_use"] * (1.3 if src == "crm" else 1.0)):
            first = p.nick
        elif NICKNAMES.get(p.first) and self.p(R["nick_random"]):
            first = self.ch(NICKNAMES[p.first])
        if "-" in first and p.culture == "chinese" and self.p(.4):
            first = first.replace("-", self.ch(["", " "]))
            first = first[0] + first[1:].lower() if " " not in first else first
        if p.middle and self.p(R["middle_in_first"]):
            first = first + " " + (p.middle[0] + "." if self.p(.7) else p.middle)
        if self.p(R["initial"] * NOISE_MULT.get(src, 1)):
            first = first[0] + self.ch([".", ""])
        return first

    def noise_name(self, first, last, p, src):
        """Event-level noise. Returns (first, last) possibly None for missing."""
        m = NOISE_MULT.get(src, 1)
        r = self.rng
        if first and last and self.p(R["swap_cjk"] if p.culture in ("chinese", "japanese") else R["swap"] * m):
            first, last = last, first
        if first and self.p(R["name_typo"] * m):
            first = self.typo(first)
        if last and self.p(R["name_typo"] * m):
            last = self.typo(last)
        if any(ch in (first or "") + (last or "") for ch in "äöüßéèêáíóúñøåæçëïãõôâÄÖÜÉÅØ"):
            if self.p(R["strip_diacritics"] * (2 if src in ("import_", "billing") else 1)):
                f = self.translit if p.culture == "german" and self.p(.5) else self.fold
                first, last = (f(first) if first else first), (f(last) if last else last)
        cram = R["cram"] * (10 if src == "chat" else 2 if src == "web_form" else 1)
        if first and last and self.p(cram):
            if self.p(.85):
                first, last = first + " " + last, None
            else:
                first, last = None, first + " " + last
        if self.p(R["honorific"] * m) and first:
            lang = LANG_OF_COUNTRY.get(p.country, "en")
            hon = {"de": ["Dr.", "Herr" if p.gender == "m" else "Frau", "Prof. Dr."], "fr": ["M." if p.gender == "m" else "Mme", "Dr"],
                   "es": ["Sr." if p.gender == "m" else "Sra.", "Dr.", "Lic.", "Ing."]}.get(lang, ["Dr.", "Dr", "Mr." if p.gender == "m" else "Ms.", "Mr" if p.gender == "m" else "Mrs.", "Prof."])
            first = self.ch(hon) + " " + first
        k = r.random()
        if k < R["caps"] * (10 if src == "import_" else m):
            first, last = (first.upper() if first else first), (last.upper() if last else last)
        elif k < R["caps"] * (10 if src == "import_" else m) + R["lower"] * (2 if src == "web_form" else m):
            first, last = (first.lower() if first else first), (last.lower() if last else last)
        if self.p(R["miss_first"] * m):
            first = None
        if self.p(R["miss_last"] * (15 if src == "chat" else m)):
            last = None
        if first and self.p(R["ws"]):
            first = self.ch([" " + first, first + " ", first.replace(" ", "  ")])
        if last and self.p(R["ws"]):
            last = self.ch([" " + last, last + " "])
        return first, last

    # -------------------------------------------------------------- timestamps
    def ts(self, t, tzname=None, style="z"):
        d = dt.datetime.fromtimestamp(t, UTC)
        if style == "zms":
            return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (d.microsecond // 1000)
        if style == "z":
            return d.strftime("%Y-%m-%dT%H:%M:%SZ")
        if style == "utc0":
            return d.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        ld = d.astimezone(self.tz(tzname)) if tzname else d
        if style == "local_us":
            return ld.isoformat(timespec="microseconds")
        return ld.isoformat(timespec="seconds")

    # -------------------------------------------------------------- event rendering
    def render_all(self, skel):
        r = self.rng
        skel.sort(key=lambda s: (s[0], s[3]))
        self.crm_records = {}    # person -> list of records
        self.support_users = {}  # email(lower) -> id
        self.att = {}            # person -> att id
        self.billing = {}        # (person id, company id) -> account
        self.partner_ids = {}
        out = []
        for t, p, src, seq in skel:
            evs = self.render(t, p, src)
            for ev, deliver in evs:
                out.append((deliver, len(out), ev, p.id))
        out.sort(key=lambda x: (x[0], x[1]))
        return out

    def choose_email(self, p, st, src):
        """Pick which of the person's addresses this source sees."""
        j, pers = st["job"], st["personal"]
        work = j.email_at(st["t"]) if j else None
        if src == "web_form":
            order = [("work", .70), ("personal", .30)]
        elif src in ("webinar", "events_app", "partner_portal"):
            order = [("work", .80), ("personal", .20)]
        elif src == "chat":
            order = [("work", .6), ("personal", .4)]
        elif src == "support":
            order = [("work", .75), ("personal", .25)]
        else:
            order = [("work", .9), ("personal", .1)]
        kind = self.ch([k for k, _ in order], [w for _, w in order])
        if kind == "personal" and pers:
            return self.ch(pers)
        if work:
            return work
        return self.ch(pers) if pers else None

    def role_email(self, c, dom, billing=False):
        lang = c.lang
        roles = BILLING_ROLES[lang] if billing else ROLE_LOCALS[lang]
        # a company uses a stable small set of role mailboxes
        idx = (c.id * 7 + (3 if billing else 0)) % len(roles)
        loc = roles[idx] if self.p(.8) else self.ch(roles)
        return loc + "@" + dom

    def state(self, p, t):
        j = self.job_at(p, t)
        return dict(t=t, job=j, personal=self.personal_at(p, t), mobile=self.mobile_at(p, t), city=self.city_at(p, t))

    def pick_phone(self, p, st, src):
        r = self.rng
        j = st["job"]
        opts = []
        desk = j.desk if j else None
        sb = j.office.switchboard if j else None
        mob = st["mobile"]
        if src in ("import_", "billing"):
            opts = [(desk, 4), (sb, 4 if src == "billing" else 2.5), (mob, 2), (p.home_phone, .5)]
        elif src in ("events_app", "web_form", "chat"):
            opts = [(mob, 6), (desk, 2), (sb, .5), (p.home_phone, .5)]
        else:
            opts = [(desk, 5), (mob, 5), (sb, 1), (p.home_phone, .5)]
        opts = [(x, w) for x, w in opts if x is not None]
        if not opts:
            return None
        ph = self.ch([x for x, _ in opts], [w for _, w in opts])
        home_c = p.country
        s = self.fmt_phone(ph, src, home_country=None)
        if ph.country != home_c and self.p(.5):
            pass
        if self.p(R["phone_foreign_national"]) and ph.country not in ("US", "CA") and src in ("web_form", "import_", "events_app"):
            g = self.groups(ph)
            s = "0" + " ".join(g) if ph.country not in ("ES", "HK", "SG", "NO", "DK", "MX", "CO") else " ".join(g)
        if self.p(R["phone_invalid"] * (1.5 if src in ("web_form", "import_") else .7)):
            s = self.garble_phone(s)
        elif self.p(R["phone_transpose"]):
            s = self.transpose_digits(s)
        return s

    def props(self, p, st, src, stale_job=None):
        r = self.rng
        t = st["t"]
        j = stale_job or st["job"]
        city = j.office.city if j else st["city"]
        country = j.office.country if j else p.country
        o = j.office if j else None
        P = {}
        cfg = {  # jobtitle, city, state, zip, country, address, lifecycle, dob
            "crm": (.85, .7, .6, .4, .75, .3, .9, .03),
            "web_form": (.25, .10, .08, .05, .40, .02, .30, 0),
            "webinar": (.6, .15, .1, 0, .5, 0, .1, 0),
            "billing": (.1, .85, .8, .85, .9, .85, 0, 0),
            "support": (0, 0, 0, 0, .05, 0, 0, 0),
            "import_": (.7, .5, .4, .2, .6, .2, .05, 0),
            "events_app": (.7, .2, .1, .05, .4, .05, 0, .02),
            "chat": (0, .3, .1, 0, .3, 0, 0, 0),
            "partner_portal": (.4, .4, .3, .2, .6, .15, .2, 0),
        }[src]
        if j and self.p(cfg[0]):
            canon, vs = TITLES[j.title]
            lang = LANG_OF_COUNTRY.get(country, "en")
            vs = [v for v in vs if TITLE_LANG.get(v, lang) == lang] or [canon]
            P["jobtitle"] = self.ch(vs) if self.p(.6) else canon
        if self.p(cfg[1]):
            cn = city[0]
            if city[4] and self.p(.2):
                cn = self.ch(city[4])
            if src == "chat" and self.p(.3):
                cn = self.pick_city(country)[0]  # IP geolocation is often off
            P["city"] = cn if not self.p(.04) else cn.upper()
        if city[1] and self.p(cfg[2]):
            P["state"] = city[1] if not (country == "US" and self.p(.15)) else self.ch([city[1].lower(), {"CA": "California", "NY": "New York", "TX": "Texas", "MA": "Massachusetts", "IL": "Illinois", "WA": "Washington"}.get(city[1], city[1])])
        if self.p(cfg[3]):
            if o and not (src == "web_form"):
                P["zip"] = o.zip
            else:
                P["zip"] = self.home_at(p, t)[2]
            if not P["zip"]:
                del P["zip"]
        if self.p(cfg[4]):
            names = COUNTRIES[country]["names"]
            P["country"] = self.ch(names, zipf_weights(len(names), .8))
        if self.p(cfg[5]):
            if o and not (src in ("events_app", "web_form") and self.p(.6)):
                a = o.address
            else:
                a = self.home_at(p, t)[1]
            if self.p(.2):
                a = a.replace("Street", "St").replace("Avenue", "Ave").replace("straße", "str.").replace("Road", "Rd").replace("Drive", "Dr")
            P["address"] = a
        if self.p(cfg[6]):
            P["lifecyclestage"] = self.lifecycle_at(p, t)
        if self.p(cfg[7]):
            d = p.dob
            P["date_of_birth"] = self.ch([d.isoformat(), d.strftime("%m/%d/%Y"), d.strftime("%d.%m.%Y"), d.strftime("%d/%m/%Y")], [5, 3 if p.country == "US" else .5, 2 if p.country in ("DE", "AT", "CH") else .3, 1])
        return P

    def assemble(self, src, t, tsstr, ext=None, email=None, phone=None, first=None, last=None, company=None, props=None, empty_p=0.0):
        ev = {"event_id": None, "source": SRC_NAME.get(src, src), "occurred_at": tsstr}
        pre = {"crm": "sfdc-", "web_form": "wf_", "webinar": "wbn-", "import_": "imp-", "support": "zd-", "events_app": "ea_", "billing": "evt_",
               "chat": "chat-", "partner_portal": "prm-"}[src]
        ev["event_id"] = self.uniq("event", lambda: pre + self.alnum(20, "0123456789abcdef"))
        if ext:
            ev["external_id"] = ext
        for k, v in (("email", email), ("phone", phone), ("first_name", first), ("last_name", last), ("company", company)):
            if v is not None and v != "":
                ev[k] = v
            elif self.p(empty_p):
                ev[k] = ""
        if props:
            ev["properties"] = {k: v for k, v in props.items() if v is not None}
        return ev

    def render(self, t, p, src):
        r = self.rng
        st = self.state(p, t)
        j = st["job"]
        c = j.company if j else None
        out = []
        mult = NOISE_MULT[src]
        if src == "crm":
            out.append(self.render_crm(p, st))
        elif src == "billing":
            out.append(self.render_billing(p, st))
        elif src == "support":
            out.append(self.render_support(p, st))
        elif src == "events_app":
            out.append(self.render_events_app(p, st))
        elif src == "import_":
            out.append(self.render_import(p, st))
        else:
            out.append(self.render_simple(p, st, src))
        # double submission
        if src in ("web_form", "webinar") and self.p(R["double_submit"]):
            ev, d = out[0]
            ev2 = dict(ev)
            ev2["event_id"] = self.uniq("event", lambda: ev["event_id"][:3] + self.alnum(20, "0123456789abcdef"))
            out.append((ev2, d + r.uniform(1, 20)))
        return out

    # --- record-based sources keep a stale snapshot per record -------------
    def refresh(self, rec, key, prob, make):
        if key not in rec or self.p(prob):
            rec[key] = make()
        return rec[key]

    def crm_id(self):
        def mk():
            body = "003" + self.alnum(2, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") + self.alnum(10)
            suf = ""
            for i in range(3):
                chunk = body[i * 5:(i + 1) * 5]
                bits = sum(1 << k for k, ch in enumerate(chunk) if "A" <= ch <= "Z")
                suf += "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"[bits]
            return body + suf
        return self.uniq("crm", mk)

    def render_crm(self, p, st):
        r = self.rng
        t = st["t"]
        j = st["job"]
        recs = self.crm_records.setdefault(p.id, [])
        rec = None
        if recs:
            # after a job change a rep may create a new contact instead of updating
            cur = recs[-1]
            if j is not None and cur.get("job") is not j and cur.get("job") is not None:
                if self.p(R["crm_new_record_on_job_change"]):
                    rec = {"id": self.crm_id(), "job": j}
                    recs.append(rec)
                else:
                    cur["job"] = j
                    for k in ("email", "company", "phone"):
                        if self.p(.75):
                            cur.pop(k, None)
            if rec is None:
                if len(recs) > 1 and self.p(.15):
                    rec = self.ch(recs[:-1])  # updates on the older / duplicate record
                else:
                    rec = recs[-1]
        if rec is None or (len(recs) == 1 and self.p(R["crm_duplicate"] / 3) and not any(x.get("dup") for x in recs)):
            rec = {"id": self.crm_id(), "job": j, "dup": bool(recs)}
            recs.append(rec)
        rj = rec.get("job") or j
        dup = rec.get("dup")

        def mk_email():
            if dup and self.p(.5) and st["personal"]:
                e = self.ch(st["personal"])
            else:
                e = self.choose_email(p, dict(st, job=rj), "crm")
            return self.noisy_email(e, "crm", p)
        email = self.refresh(rec, "email", .6, mk_email) if self.p(.92) else None
        fresh_name = lambda: self.noise_name(self.display_first(p, "crm"), self.display_last(p, t, "crm"), p, "crm")
        fn, ln = self.refresh(rec, "name", .4, fresh_name)
        company = self.refresh(rec, "company", .6, lambda: self.company_str(rj.company, t, "crm") if rj else self.ch([None, "Self-employed", "Freelance", "n/a"]))
        phone = self.refresh(rec, "phone", .6, lambda: self.pick_phone(p, dict(st, job=rj), "crm") if self.p(.65) else None)
        props = self.refresh(rec, "props", .6, lambda: self.props(p, dict(st, job=rj), "crm"))
        props = dict(props)
        if "lifecyclestage" in props or self.p(.5):
            props["lifecyclestage"] = self.lifecycle_at(p, t)
        ext = rec["id"] if not self.p(R["crm_15char"]) else rec["id"][:15]
        ev = self.assemble("crm", t, self.ts(t, style="zms" if self.p(.85) else "z"), ext, email, phone, fn, ln, company if self.p(.95) else None, props, .03)
        d = t + r.uniform(1, 120)
        if self.p(.02):
            d += r.uniform(1, 12) * 3600
        return ev, d

    def render_billing(self, p, st):
        r = self.rng
        t = st["t"]
        j = st["job"]
        c = j.company if j else None
        key = (p.id, c.id if c else -1)
        acct = self.billing.get(key)
        if acct is None:
            inherited = None
            if c is not None:
                for a in c.billing_accounts:
                    if a["owner_left"] is not None and a["owner_left"] <= t and not a.get("handed"):
                        if self.p(R["billing_handover"]):
                            inherited = a
                        break
            if inherited is not None:
                inherited["handed"] = True
                acct = dict(inherited)
                acct = {"id": inherited["id"], "owner_left": None, "company": inherited.get("company"), "inherited": True}
                acct["role"] = inherited.get("role")
            else:
                acct = {"id": self.uniq("cus", lambda: "cus_" + self.alnum(14)), "owner_left": None}
                acct["role"] = self.p(R["role_billing"]) and c is not None and not (j and j.freemail_work)
            if j is not None:
                acct["owner_left"] = j.end if j.end < T1 else None
            self.billing[key] = acct
            if c is not None:
                c.billing_accounts.append(acct)
        dom = (j.email_at(t).split("@")[1] if j and j.email_at(t) and not j.freemail_work else c.domain if c else None)
        if acct.get("role") and dom:
            email = self.refresh(acct, "email", .05, lambda: self.noisy_email(self.role_email(c, dom, billing=True), "billing", None, allow_typo=False))
        else:
            email = self.refresh(acct, "email", .3, lambda: self.noisy_email(self.choose_email(p, st, "billing"), "billing", p))
        if self.p(.05):
            email = None
        if self.p(.65):
            fn, ln = self.refresh(acct, "name", .3, lambda: self.noise_name(self.display_first(p, "billing"), self.display_last(p, t, "billing"), p, "billing"))
        else:
            fn = ln = None
        company = self.refresh(acct, "company", .3, lambda: self.company_str(c, t, "billing") if c else None) if self.p(.9) else None
        if acct.get("company") is None and not acct.get("inherited") and c is None:
            company = None
        phone = self.refresh(acct, "phone", .3, lambda: self.pick_phone(p, st, "billing") if self.p(.4) else None)
        props = self.refresh(acct, "props", .3, lambda: self.props(p, st, "billing"))
        # nightly batch delivery
        day = math.floor(t / DAY) * DAY
        d = day + DAY + 2 * 3600 + r.uniform(0, 600)
        ev = self.assemble("billing", t, self.ts(t, style="z"), acct["id"], email, phone, fn, ln, company, dict(props), .02)
        return ev, d

    def render_support(self, p, st):
        r = self.rng
        t = st["t"]
        j = st["job"]
        email = self.choose_email(p, st, "support")
        shared = False
        if j and self.p(R["shared_team"]) and len(j.company.members) >= 5 and not j.freemail_work:
            dom = j.email_at(t).split("@")[1]
            email = self.ch(["it", "itsupport", "helpdesk", "ops", "team", "admin", "devops"]) + "@" + dom
            shared = True
        if email is None:
            email = "unknown-%s@%s" % (self.digits(6), "noemail.invalid") if False else None
        key = (email or "").lower()
        if key and key in self.support_users:
            sid = self.support_users[key]
        else:
            sid = self.uniq("zd", lambda: self.digits(r.choice([9, 10, 11, 12]), True))
            if key:
                self.support_users[key] = sid
        em = self.noisy_email(email, "support", p) if email else None
        fn = ln = None
        if self.p(.30 if not shared else .6):
            f, l = self.noise_name(self.display_first(p, "support"), self.display_last(p, t, "support"), p, "support")
            if self.p(.5) and f and l:
                fn, ln = f + " " + l, None  # single "name" field
            else:
                fn, ln = f, l
        phone = self.pick_phone(p, st, "support") if self.p(.05) else None
        company = self.company_str(j.company, t, "support") if j and self.p(.05) else None
        tz = self.ch(["America/Los_Angeles", "America/Los_Angeles", "Europe/Dublin", "UTC"])
        ev = self.assemble("support", t, self.ts(t, tz, "local") if tz != "UTC" else self.ts(t, style="z"), sid if self.p(.98) else None, em if self.p(.97) else None,
                           phone, fn, ln, company, self.props(p, st, "support"), .05)
        return ev, t + r.uniform(1, 30)

    def render_events_app(self, p, st):
        r = self.rng
        t = st["t"]
        i = bisect.bisect_left(self.conf_starts, t - 2 * DAY)
        conf = self.conferences[min(i, len(self.conferences) - 1)]
        if self.p(.75):  # people mostly attend shows in their own region
            reg = REGION.get(p.country, "eu")
            for c2 in self.conferences[i:i + 8]:
                if REGION.get(c2["country"], "eu") == reg and c2["t"] - t < 150 * DAY:
                    conf = c2
                    break
        tz = conf["city"][5]
        t = conf["t"] + r.uniform(0, conf["days"]) * DAY
        st = self.state(p, t)
        j = st["job"]
        if p.id not in self.att or self.p(R["att_new_id"]):
            self.att[p.id] = {"id": self.uniq("att", lambda: "att_" + self.alnum(10, "abcdefghijklmnopqrstuvwxyz0123456789"))}
        prof = self.att[p.id]
        email = self.refresh(prof, "email", .5, lambda: self.noisy_email(self.maybe_assistant(p, st, "events_app"), "events_app", p) if self.p(.85) else None)
        fn, ln = self.refresh(prof, "name", .5, lambda: self.noise_name(self.display_first(p, "events_app"), self.display_last(p, t, "events_app"), p, "events_app"))
        company = self.refresh(prof, "company", .5, lambda: self.company_str(j.company, t, "events_app") if j and self.p(.9) else None)
        phone = self.refresh(prof, "phone", .5, lambda: self.pick_phone(p, st, "events_app") if self.p(.35) else None)
        props = self.props(p, st, "events_app")
        ev = self.assemble("events_app", t, self.ts(t, tz, "local_us"), prof["id"], email, phone, fn, ln, company, props, .05)
        d = t + r.uniform(0, 6) * 3600
        if self.p(.1):
            d += DAY
        return ev, d

    def maybe_assistant(self, p, st, src):
        j = st["job"]
        if j and self.p(R["assistant"]) and not j.freemail_work:
            cols = [(q, qj) for q, qj in j.company.members if q is not p and qj.start <= st["t"] < qj.end and qj.emails and not qj.freemail_work]
            if cols:
                q, qj = self.ch(cols)
                return qj.email_at(st["t"])
        if j and not j.freemail_work and self.p(R["role_other"] * (2 if j.company.size_w < 1.5 else .5)):
            e = j.email_at(st["t"])
            if e:
                return self.role_email(j.company, e.split("@")[1])
        return self.choose_email(p, st, src)

    def render_import(self, p, st):
        r = self.rng
        t = st["t"]
        i = bisect.bisect_left(self.ib_ends, t)
        b = self.import_batches[min(i, len(self.import_batches) - 1)]
        if b["kind"] == "show":
            t = b["start"] + r.uniform(0, b["end"] - b["start"])
            tz = b["conf"]["city"][5]
            tsstr = self.ts(t, tz, "local")
            stale_p = .05
        else:
            t = b["export"]
            tz = b["tz"]
            d0 = dt.datetime.fromtimestamp(t, UTC).astimezone(self.tz(tz) if tz != "UTC" else UTC).replace(hour=0, minute=0, second=0)
            tsstr = d0.isoformat(timespec="seconds").replace("+00:00", "Z" if self.p(.5) else "+00:00")
            stale_p = .40
        st = self.state(p, t)
        stale = self.p(stale_p)
        sst = st
        if stale:
            t_old = t - r.uniform(30, 400) * DAY
            sst = self.state(p, t_old)
            if p.prior and (sst["job"] is None or self.p(.5)):
                sst = dict(sst, job=p.prior)
        j = sst["job"]
        email = None
        if self.p(.40):
            email = self.noisy_email(self.maybe_assistant(p, sst, "import_"), "import_", p)
        fn, ln = self.noise_name(self.display_first(p, "import_"), self.display_last(p, sst["t"], "import_"), p, "import_")
        company = self.company_str(j.company, sst["t"], "import_", stale=stale) if j and self.p(.95) else (self.ch(["Self-employed", "Freelancer", "-", "n/a", "Independent"]) if self.p(.5) else None)
        phone = self.pick_phone(p, sst, "import_") if self.p(.75) else None
        props = self.props(p, sst, "import_")
        ev = self.assemble("import_", t, tsstr, None, email, phone, fn, ln, company, props, .15)
        return ev, b["deliver"] + r.uniform(0, 900)

    def render_simple(self, p, st, src):
        """web_form, webinar, chat, partner_portal"""
        r = self.rng
        t = st["t"]
        j = st["job"]
        cfg = dict(web_form=(1.0, .90, .85, .55, .30), webinar=(1.0, .95, .93, .85, .15), chat=(.60, .70, .25, .20, .05), partner_portal=(.85, .98, .98, .98, .50))[src]
        email = self.noisy_email(self.maybe_assistant(p, st, src), src, p) if self.p(cfg[0]) else None
        f, l = self.noise_name(self.display_first(p, src), self.display_last(p, t, src), p, src)
        fn = f if self.p(cfg[1]) else None
        ln = l if self.p(cfg[2]) else None
        if src == "chat" and fn and ln is None and l and self.p(.1):
            ln = l[0]
        company = None
        if self.p(cfg[3]):
            company = self.company_str(j.company, t, src) if j else self.ch(["Self-employed", "Freelance", "Consultant", "none", "N/A", "-", "Student", "Retired"])
        phone = self.pick_phone(p, st, src) if self.p(cfg[4]) else None
        props = self.props(p, st, src)
        ext = None
        if src == "partner_portal":
            partner = self.ch(PARTNERS, [5, 3, 2, 1, 1])
            key = (p.id, partner)
            if key not in self.partner_ids:
                self.partner_ids[key] = self.uniq("prm", lambda: "PRM-" + self.digits(7, True))
            ext = self.partner_ids[key]
            props["partner"] = partner
        if src == "web_form":
            tz = (j.office.city if j else st["city"])[5]
            tsstr = self.ts(t, tz, "local")
            d = t + r.uniform(.5, 30)
            props.setdefault("form", self.ch(["contact-us", "demo-request", "ebook-download", "newsletter", "pricing", "trial-signup"]))
        elif src == "webinar":
            tsstr = self.ts(t, style="utc0")
            d = t + (r.uniform(1, 30) if self.p(.5) else r.uniform(1, 24) * 3600)
        elif src == "chat":
            tsstr = self.ts(t, style="zms")
            d = t + r.uniform(.5, 30)
        else:
            tsstr = self.ts(t, style="utc0") if self.p(.6) else self.ts(t, (j.office.city if j else st["city"])[5], "local")
            d = t + r.uniform(60, 3600) + (r.uniform(1, 5) * DAY if self.p(.1) else 0)
        empty_p = {"web_form": .25, "webinar": .05, "chat": .1, "partner_portal": .05}[src]
        ev = self.assemble(src, t, tsstr, ext, email, phone, fn, ln, company, props, empty_p)
        return ev, d


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--persons", type=int, default=2000)
    ap.add_argument("--events", type=int, default=8000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--truth", help="optional: write person-level ground-truth details (JSON lines) for analysis")
    a = ap.parse_args()
    g = Gen(a.seed, a.persons, a.events)
    g.build()
    skel = g.make_skeletons()
    out = g.render_all(skel)
    with open(a.out, "w", encoding="utf-8") as fo, open(a.labels, "w", encoding="utf-8") as fl:
        for _, _, ev, pid in out:
            fo.write(json.dumps(ev, ensure_ascii=False) + "\n")
            fl.write(json.dumps({"event_id": ev["event_id"], "person": pid}) + "\n")
    if a.truth:
        with open(a.truth, "w", encoding="utf-8") as ft:
            for p in g.persons:
                ft.write(json.dumps(dict(
                    person=p.id, culture=p.culture, country=p.country, first=p.first, middle=p.middle, last=p.last0, last2=p.last2, english=p.english,
                    nick=p.nick, namesake_of=p.namesake_of.id if p.namesake_of is not None else None, partner=p.partner.id if p.partner is not None else None,
                    junior=p.junior, surnames=[s for _, s in p.surnames], customer=p.customer, self_employed=p.self_employed,
                    jobs=[dict(company=j.company.canonical, cid=j.company.id, start=j.start, end=j.end, emails=[e for _, e in j.emails]) for j in p.jobs],
                    prior=(dict(company=p.prior.company.canonical, emails=[e for _, e in p.prior.emails]) if p.prior else None),
                    personal=[e for _, _, e in p.personal], events=g.counts[p.idx]), ensure_ascii=False) + "\n")
    print("persons=%d events=%d namesakes=%d couples=%d companies=%d acquired=%d" % (
        len(g.persons), len(out), g.n_namesakes, g.n_pairs, len(g.companies), len(g.acquired)), file=sys.stderr)


if __name__ == "__main__":
    main()
