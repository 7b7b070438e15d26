#!/usr/bin/env python3
"""Synthetic CRM contact-event stream generator with person-level ground truth.

usage: python3 gen.py --persons N --events M --seed S --out events.jsonl --labels labels.jsonl

Standard library only; deterministic for a given (persons, events, seed).
See README.md for the world model and the rates.
"""
import argparse
import bisect
import datetime as dt
import json
import random
import sys
import unicodedata
import zlib

sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
from worlddata import (NAMES, NICK, CITIES, COUNTRY_NAMES, STREETS, JP_WARDS, PERSONAL_DOMAINS,  # noqa: E402
                       DOMAIN_TYPOS, PLACEHOLDER_EMAILS, PLACEHOLDER_PHONES, PLACEHOLDER_TEXT, TITLES,
                       OWNER_TITLES, WORDS, INDUSTRY, LOCAL_WORDS, GIANT_W1, GIANT_W2, GIANT_W3,
                       FAMILY_NAMES_FOR_FIRMS, SUFFIX, COUNTRY_ADJ, TLD, SHARED_LOCALS)

UTC = dt.timezone.utc
T0 = dt.datetime(2021, 1, 1, tzinfo=UTC)
T1 = dt.datetime(2025, 6, 30, 23, 0, tzinfo=UTC)
DAY = dt.timedelta(days=1)
COUNTRIES = ['US', 'UK', 'DE', 'FR', 'IN', 'BR', 'JP']
COUNTRY_W = [30, 14, 15, 11, 13, 9, 8]
CC = {'US': '1', 'UK': '44', 'DE': '49', 'FR': '33', 'IN': '91', 'BR': '55', 'JP': '81'}
SOURCES = ['crm', 'web_form', 'webinar', 'import', 'billing', 'support', 'events_app']


def parse_pool(s):
    return [tuple(x.replace('_', ' ') for x in tok.split('|')) for tok in s.split()]


POOLS = {c: {k: parse_pool(v) for k, v in d.items()} for c, d in NAMES.items()}


def zipf_w(n, s=0.9):
    return [1.0 / (i + 1) ** s for i in range(n)]


# --------------------------------------------------------------------------- text helpers
SPECIAL = {'ß': 'ss', 'ı': 'i', 'ø': 'o', 'ł': 'l', 'æ': 'ae', 'œ': 'oe', 'Æ': 'AE', 'Œ': 'OE', 'Ø': 'O', 'Ł': 'L'}


def strip_accents(s):
    s = ''.join(SPECIAL.get(ch, ch) for ch in s)
    return ''.join(ch for ch in unicodedata.normalize('NFKD', s) if not unicodedata.combining(ch))


def de_translit(s):
    for a, b in (('ä', 'ae'), ('ö', 'oe'), ('ü', 'ue'), ('Ä', 'Ae'), ('Ö', 'Oe'), ('Ü', 'Ue'), ('ß', 'ss')):
        s = s.replace(a, b)
    return strip_accents(s)


def jp_form(s, mode):
    """Romanisation variants of a macron Hepburn string."""
    if mode == 'macron':
        return s
    if mode == 'wapuro':
        s = s.replace('Ō', 'Oo').replace('ō', 'ou').replace('Ū', 'Uu').replace('ū', 'uu')
    elif mode == 'passport':
        s = s.replace('Ō', 'Oh').replace('ō', 'oh').replace('Ū', 'U').replace('ū', 'u')
    elif mode == 'kunrei':
        s = (s.replace('shi', 'si').replace('Shi', 'Si').replace('chi', 'ti').replace('Chi', 'Ti')
             .replace('tsu', 'tu').replace('Tsu', 'Tu').replace('sho', 'syo').replace('Sho', 'Syo')
             .replace('shu', 'syu').replace('Shu', 'Syu').replace('Ō', 'O').replace('ō', 'o').replace('ū', 'u'))
        s = s.replace("'", '')
    else:  # plain
        s = s.replace('Ō', 'O').replace('ō', 'o').replace('Ū', 'U').replace('ū', 'u')
    return s


def slug(s, de_style=False):
    s = jp_form(s, 'plain')
    s = de_translit(s) if de_style else strip_accents(s)
    return ''.join(ch for ch in s.lower() if ch.isalnum())


KEYB = {c: n for c, n in zip("qwertyuiopasdfghjklzxcvbnm", ["wa", "qes", "wrd", "etf", "ryg", "tuh", "yij", "uok",
                                                               "ipl", "ol", "qsz", "adwx", "sfec", "dgrv", "fhtb",
                                                               "gjyn", "hkum", "jli", "kop", "xas", "zcsd", "xvdf",
                                                               "cbfg", "vngh", "bmhj", "njk"])}


def typo(s, rng):
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s) - 1)
    op = rng.random()
    if op < 0.3:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    if op < 0.55:
        return s[:i] + s[i + 1:]
    if op < 0.75:
        return s[:i] + s[i] + s[i:]
    ch = s[i].lower()
    if ch in KEYB:
        r = rng.choice(KEYB[ch])
        return s[:i] + (r.upper() if s[i].isupper() else r) + s[i + 1:]
    return s


def wchoice(rng, items, weights):
    return rng.choices(items, weights)[0]


def head_choice(rng, items, head=5.0):
    """Pick from a list where the first item is the dominant convention."""
    w = [head, 2.5] + [1.0] * (len(items) - 2) if len(items) > 1 else [1]
    return rng.choices(items, w[:len(items)])[0]


def rtime(rng, a, b):
    if b <= a:
        return a
    return a + dt.timedelta(seconds=rng.uniform(0, (b - a).total_seconds()))


def mailbox_key(addr):
    loc, dom = addr.split('@')
    return loc.replace('.', '') + '@' + dom if dom == 'gmail.com' else addr


def crc(s):
    return zlib.crc32(s.encode())


# --------------------------------------------------------------------------- phones
def digits(rng, n, first=None):
    out = str(first) if first is not None else ''
    while len(out) < n:
        out += str(rng.randrange(10))
    return out


def new_phone(rng, c, city, mobile):
    areas = city[5]
    if c == 'US':
        return dict(c=c, a=rng.choice(areas), s=digits(rng, 7, rng.randint(2, 9)))
    if c == 'UK':
        if mobile:
            return dict(c=c, a='7' + digits(rng, 3, rng.randint(4, 9)), s=digits(rng, 6))
        a = areas[0]
        return dict(c=c, a=a, s=digits(rng, 8 if len(a) == 2 else 7, rng.choice([3, 7]) if len(a) == 2 else rng.randint(2, 9)))
    if c == 'DE':
        if mobile:
            return dict(c=c, a=rng.choice(['151', '152', '160', '162', '170', '171', '172', '175', '176', '177', '179']),
                        s=digits(rng, rng.choice([7, 8]), rng.randint(1, 9)))
        return dict(c=c, a=areas[0], s=digits(rng, rng.choice([6, 7, 8]), rng.randint(2, 9)))
    if c == 'FR':
        if mobile:
            return dict(c=c, a=rng.choice(['6', '7']), s=digits(rng, 8, rng.randint(0, 9)))
        return dict(c=c, a=areas[0], s=digits(rng, 8, rng.randint(1, 9)))
    if c == 'IN':
        if mobile:
            return dict(c=c, a='', s=digits(rng, 10, rng.choice([6, 7, 8, 9])))
        return dict(c=c, a=areas[0], s=digits(rng, 8, rng.randint(2, 6)))
    if c == 'BR':
        if mobile:
            return dict(c=c, a=areas[0], s='9' + digits(rng, 8, rng.randint(6, 9)))
        return dict(c=c, a=areas[0], s=digits(rng, 8, rng.randint(2, 5)))
    if c == 'JP':
        if mobile:
            return dict(c=c, a=rng.choice(['90', '80', '70']), s=digits(rng, 8, rng.randint(1, 9)))
        a = areas[0]
        return dict(c=c, a=a, s=digits(rng, 8 if len(a) == 1 else 7, rng.randint(2, 9)))
    raise ValueError(c)


def phone_variants(ph):
    c, a, s = ph['c'], ph['a'], ph['s']
    n = a + s
    if c == 'US':
        nat = [f"({a}) {s[:3]}-{s[3:]}", f"{a}-{s[:3]}-{s[3:]}", f"{a}.{s[:3]}.{s[3:]}", f"{a} {s[:3]} {s[3:]}",
               f"1-{a}-{s[:3]}-{s[3:]}", n, f"1{n}", f"({a}){s[:3]}-{s[3:]}"]
        intl = [f"+1 {a} {s[:3]} {s[3:]}", f"+1 ({a}) {s[:3]}-{s[3:]}", f"+1-{a}-{s[:3]}-{s[3:]}", f"+1{n}",
                f"001 {a} {s[:3]} {s[3:]}", f"+1.{a}.{s[:3]}.{s[3:]}"]
    elif c == 'UK':
        if a.startswith('7'):
            nat = [f"0{a} {s}", f"0{a}{s}", f"0{a} {s[:3]} {s[3:]}", f"(0{a}) {s}"]
            intl = [f"+44 {a} {s}", f"+44 (0){a} {s}", f"+44{n}", f"0044 {a} {s}", f"+44 (0) {a} {s[:3]} {s[3:]}"]
        else:
            k = 4 if len(a) == 2 else 3
            s1, s2 = s[:k], s[k:]
            nat = [f"0{a} {s1} {s2}", f"(0{a}) {s1} {s2}", f"0{n}", f"0{a}-{s1}-{s2}", f"0{a} {s}"]
            intl = [f"+44 {a} {s1} {s2}", f"+44 (0){a} {s1} {s2}", f"+44{n}", f"0044 {a} {s1} {s2}", f"+44 (0) {a} {s}"]
    elif c == 'DE':
        sp = ' '.join(s[i:i + 2] for i in range(0, len(s), 2))
        nat = [f"0{a} {s}", f"0{a}/{s}", f"0{a}-{s}", f"(0{a}) {s}", f"0{a} {sp}", f"0{n}", f"0{a} / {s}"]
        intl = [f"+49 {a} {s}", f"+49 (0){a} {s}", f"+49-{a}-{s}", f"+49{n}", f"0049 {a} {s}", f"+49 (0) {a} / {s}",
                f"+49 {a} {sp}"]
    elif c == 'FR':
        p = [s[0:2], s[2:4], s[4:6], s[6:8]]
        nat = [f"0{a} " + ' '.join(p), f"0{a}." + '.'.join(p), f"0{n}", f"0{a}-" + '-'.join(p), f"0{a}{p[0]} {p[1]}{p[2]} {p[3]}"]
        intl = [f"+33 {a} " + ' '.join(p), f"+33 (0){a} " + ' '.join(p), f"+33{n}", f"0033 {a} " + ' '.join(p),
                f"+33 {a}{''.join(p)}", f"+33 (0) {a}." + '.'.join(p)]
    elif c == 'IN':
        if a == '':
            nat = [f"{s[:5]} {s[5:]}", s, f"0{s[:5]} {s[5:]}", f"0{s}", f"{s[:3]}-{s[3:6]}-{s[6:]}", f"{s[:5]}-{s[5:]}"]
            intl = [f"+91 {s[:5]} {s[5:]}", f"+91-{s}", f"+91{s}", f"+91 {s}", f"91 {s}", f"0091 {s}", f"(+91) {s}",
                    f"91{s}"]
        else:
            nat = [f"0{a} {s[:4]} {s[4:]}", f"0{a}-{s}", f"0{a} {s}", f"(0{a}) {s}", f"0{n}"]
            intl = [f"+91 {a} {s[:4]} {s[4:]}", f"+91-{a}-{s}", f"+91{n}", f"0091 {a} {s}", f"+91 {a} {s}"]
    elif c == 'BR':
        h, t = s[:-4], s[-4:]
        nat = [f"({a}) {h}-{t}", f"{a} {h}-{t}", f"({a}) {h} {t}", f"0{a} {h}-{t}", n, f"({a}){h}-{t}",
               f"0xx{a} {h}-{t}", f"{a}{h}{t}"]
        intl = [f"+55 {a} {h}-{t}", f"+55 ({a}) {h}-{t}", f"+55{n}", f"0055 {a} {h} {t}", f"+55 {a} {s}",
                f"+55-{a}-{h}-{t}"]
    else:  # JP
        h, t = s[:-4], s[-4:]
        nat = [f"0{a}-{h}-{t}", f"0{a} {h} {t}", f"0{n}", f"(0{a}) {h}-{t}", f"0{a}({h}){t}"]
        intl = [f"+81 {a}-{h}-{t}", f"+81-{a}-{h}-{t}", f"+81 {a} {h} {t}", f"+81{n}", f"0081 {a} {h} {t}",
                f"+81 (0){a}-{h}-{t}"]
    return nat, intl


EXT_FMT = {'*': [" x{e}", " ext. {e}", " ext {e}", " Ext: {e}", ";ext={e}", " #{e}", " (ext. {e})", " x.{e}", " EXT {e}"],
           'DE': [" Durchwahl {e}", " DW {e}", " App. {e}"], 'FR': [" poste {e}"], 'BR': [" ramal {e}", " r. {e}"],
           'JP': [" ext.{e}", " (naisen {e})"], 'IN': [" Extn. {e}", " extn {e}"], 'UK': [" ext. {e}"], 'US': [" x{e}"]}


def fmt_phone(ph, rng, ext=None, pref=None, intl_share=0.35):
    nat, intl = phone_variants(ph)
    # German company numbers: extension is dialled as part of the number (Durchwahl)
    if ext is not None and ph['c'] == 'DE' and ph.get('sw') and rng.random() < 0.6:
        base = dict(ph, s=ph['s'][:-1])
        nat, intl = phone_variants(base)
        sep = rng.choice(['-', '-', ' ', ''])
        pool = intl if (pref == 'intl' or (pref is None and rng.random() < intl_share)) else nat
        return head_choice(rng, pool) + sep + ext
    if pref == 'digits':
        out = rng.choice([nat[0], intl[0]])
        out = ('+' if out.startswith('+') else '') + ''.join(ch for ch in out if ch.isdigit())
    elif pref == 'nat' or (pref is None and rng.random() >= intl_share):
        out = head_choice(rng, nat)
    else:
        out = head_choice(rng, intl)
    if ext is not None:
        fm = EXT_FMT['*'] + EXT_FMT.get(ph['c'], []) * 3
        out += rng.choice(fm).format(e=ext)
    return out


# --------------------------------------------------------------------------- world objects
class Company:
    pass


class Person:
    pass


def city_of(c, rng):
    return rng.choice(CITIES[c])


def make_zip(c, city, rng):
    k = city[4]
    if c == 'US':
        return k + digits(rng, 5 - len(k))
    if c == 'UK':
        outward = {'L': ["SW1A", "EC2A", "N1", "E14", "W1D", "SE1", "NW3", "WC2N"], 'M': ["M1", "M4", "M20", "M14"],
                   'B': ["B1", "B15", "B29"], 'LS': ["LS1", "LS6", "LS11"], 'G': ["G1", "G12", "G41"],
                   'EH': ["EH1", "EH3", "EH10"], 'BS': ["BS1", "BS8", "BS6"]}[k]
        return rng.choice(outward) + " " + str(rng.randint(1, 9)) + rng.choice("ABDEFGHJLNPQRSTUWXYZ") + rng.choice("ABDEFGHJLNPQRSTUWXYZ")
    if c == 'DE':
        return k + digits(rng, 4)
    if c == 'FR':
        return k + ("0" + digits(rng, 2) if k == "75" else digits(rng, 3))
    if c == 'IN':
        return k + digits(rng, 3)
    if c == 'BR':
        z = k + digits(rng, 4)
        return z + "-" + digits(rng, 3)
    return k + digits(rng, 2) + "-" + digits(rng, 4)


def make_address(c, rng, city=None):
    city = city or city_of(c, rng)
    return dict(c=c, city=city, street=rng.choice(STREETS[c]), no=str(rng.randint(1, 220)), zip=make_zip(c, city, rng),
                unit=(str(rng.randint(1, 40)) if rng.random() < 0.3 else ''), ward=rng.choice(JP_WARDS))


def fmt_address(ad, rng, noisy):
    c, st, no, unit = ad['c'], ad['street'], ad['no'], ad['unit']
    if noisy and rng.random() < 0.4:
        st = strip_accents(st)
    if c == 'US':
        if noisy:
            st = st.replace(" St", rng.choice([" St", " Street", " St."])).replace(" Ave", rng.choice([" Ave", " Avenue", " Av."]))
        s = f"{no} {st}" + (rng.choice([f" Apt {unit}", f" #{unit}", f", Suite {unit}"]) if unit else '')
    elif c == 'UK':
        if noisy:
            st = st.replace("Street", rng.choice(["Street", "St", "St."])).replace("Road", rng.choice(["Road", "Rd", "Rd."]))
        s = (f"Flat {unit}, " if unit else '') + f"{no} {st}"
    elif c == 'DE':
        if noisy:
            st = st.replace("straße", rng.choice(["straße", "str.", "strasse", "Str."]))
        s = f"{st} {no}"
    elif c == 'FR':
        s = f"{no}{rng.choice([' ', ', ']) if noisy else ' '}{st}"
        if noisy and rng.random() < 0.3:
            s = s.replace("rue", "Rue").replace("avenue", "av.")
    elif c == 'IN':
        s = (f"Flat {unit}{rng.choice('ABC')}, " if unit else '') + f"{no}, {st}"
    elif c == 'BR':
        if noisy:
            st = st.replace("Rua ", rng.choice(["Rua ", "R. "])).replace("Avenida ", rng.choice(["Avenida ", "Av. "]))
        s = f"{st}, {no}" + (f" - apto {unit}" if unit else '')
    else:
        a, b = ad['no'], (int(ad['no']) % 7) + 1
        s = (f"{jp_form(ad['ward'], 'plain')} {jp_form(st, 'plain')} {int(a) % 5 + 1}-{b}-{int(a) % 30 + 1}" if rng.random() < 0.5
             else f"{int(a) % 5 + 1}-{b}-{int(a) % 30 + 1} {jp_form(st, 'plain')}, {jp_form(ad['ward'], 'plain')}")
    return s


class World:
    def __init__(self, n_persons, seed):
        self.rng = random.Random(seed)
        self.seed = seed
        self.n = n_persons
        self.used_emails = set()
        self.used_ids = set()
        self.companies = []
        self.by_cls = {}
        self.make_companies()
        self.persons = []
        self.make_persons()

    # ---------------- ids
    def new_id(self, kind):
        rng = self.rng
        while True:
            if kind == 'crm':
                v = "C" + digits(rng, 8, rng.randint(1, 9))
            elif kind == 'billing':
                v = "cus_" + ''.join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(14))
            elif kind == 'support':
                v = str(rng.randint(10_000_000, 99_999_999))
            else:
                v = "att_" + '%010x' % rng.getrandbits(40)
            if v not in self.used_ids:
                self.used_ids.add(v)
                return v

    # ---------------- companies
    def company_name(self, cls, c):
        rng = self.rng
        acr = None
        if cls in ('giant', 'large') and (c == 'US' or c == 'UK' or rng.random() < 0.35):
            w = [rng.choice(GIANT_W1), rng.choice(GIANT_W2), rng.choice(GIANT_W3)]
            core = ' '.join(w)
            acr = ''.join(x[0] for x in w)
        elif cls in ('giant', 'large') and c in LOCAL_WORDS:
            a, b = LOCAL_WORDS[c]
            x, y = rng.choice(a), rng.choice(b)
            core = f"{x} {y}"
            acr = ''.join(t[0] for t in core.split() if t[0].isupper())
            acr = strip_accents(acr)
            if len(acr) < 2:
                acr = None
        else:
            r = rng.random()
            surname = rng.choice(POOLS[c]['last'])[0]
            if r < 0.45:
                core = f"{rng.choice(WORDS)} {rng.choice(INDUSTRY)}"
            elif r < 0.6:
                core = f"{rng.choice(WORDS)}{rng.choice(INDUSTRY).lower()}"
            elif r < 0.8:
                core = f"{surname} {rng.choice(INDUSTRY)}"
            elif r < 0.9:
                core = f"{surname} & {rng.choice(FAMILY_NAMES_FOR_FIRMS[c])}"
            else:
                core = rng.choice([f"{surname} & Sons", f"Studio {rng.choice(WORDS)}", f"{rng.choice(WORDS)} Group"])
            if cls == 'large' and len(core.split()) >= 2 and rng.random() < 0.3:
                acr = ''.join(t[0] for t in core.split() if t[0].isalpha()).upper()
        return core, acr

    def make_companies(self):
        rng, n = self.rng, self.n
        counts = dict(giant=max(5, n // 350), large=max(10, n // 90), mid=max(20, n // 35),
                      small=max(40, n // 12), micro=max(60, n // 7))
        used_dom = set()
        used_acr = set()
        for cls, k in counts.items():
            self.by_cls[cls] = []
            for _ in range(k):
                co = Company()
                co.cls = cls
                co.country = wchoice(rng, COUNTRIES, [45, 12, 12, 8, 10, 6, 7] if cls == 'giant' else COUNTRY_W)
                for _try in range(20):
                    core, acr = self.company_name(cls, co.country)
                    if acr and acr in used_acr:
                        continue
                    break
                if acr:
                    used_acr.add(acr)
                co.core, co.acr = core, acr
                sfx = SUFFIX[co.country]
                co.suffix = (rng.choice(sfx[:2]) if cls in ('giant', 'large') else wchoice(rng, sfx, [6, 2, 1, 1][:len(sfx)]))[0]
                base = (acr.lower() if acr and cls == 'giant' else slug(core.replace('&', 'and')))
                dom = base + "." + (TLD[co.country] if rng.random() < 0.5 else 'com')
                k2 = 2
                while dom in used_dom:
                    dom = f"{base}{rng.choice(['-group', 'hq', '-online', str(k2)])}.{TLD[co.country]}"
                    k2 += 1
                used_dom.add(dom)
                co.domain = dom
                co.pattern = wchoice(rng, ['first.last', 'flast', 'first', 'firstl', 'first_last', 'f.last', 'last.first', 'firstlast', 'last'],
                                     [45, 15, 10 if cls in ('micro', 'small') else 1, 5, 5, 8, 12 if co.country == 'JP' else 3, 5, 2 if cls in ('micro', 'small') else 0])
                co.de_style = rng.random() < 0.7
                co.shared_use = rng.random() < {'micro': 0.5, 'small': 0.2}.get(cls, 0.03)
                co.shared = [l + "@" + co.domain for l in rng.sample(SHARED_LOCALS[co.country], 2)]
                co.used_locals = set()
                # offices
                co.offices = []
                off_countries = [co.country]
                if cls == 'giant':
                    others = [c for c in COUNTRIES if c != co.country]
                    off_countries += rng.sample(others, rng.randint(2, 5))
                elif cls == 'large' and rng.random() < 0.3:
                    off_countries += rng.sample([c for c in COUNTRIES if c != co.country], 1)
                for oc in off_countries:
                    city = city_of(oc, rng)
                    sw = new_phone(rng, oc, city, False)
                    sw['sw'] = True
                    if oc == 'DE':
                        sw['s'] = sw['s'][:-1] + '0'
                    lsfx = co.suffix
                    if oc == co.country:
                        entity = f"{core} {co.suffix}"
                        odom = co.domain
                    else:
                        lsfx = SUFFIX[oc][0][0]
                        entity = rng.choice([f"{core} {COUNTRY_ADJ[oc]} {lsfx}", f"{core} {lsfx}",
                                             f"{acr or core} {COUNTRY_ADJ[oc]} {lsfx}"])
                        odom = co.domain if rng.random() < 0.7 else (co.domain.split('.')[0] + '.' + TLD[oc])
                    co.offices.append(dict(c=oc, sfx=lsfx, city=city, sw=sw, entity=entity, domain=odom, addr=make_address(oc, rng, city)))
                co.titles = OWNER_TITLES if cls == 'micro' else None
                self.companies.append(co)
                self.by_cls[cls].append(co)

    def pick_company(self, country, exclude=None):
        rng = self.rng
        for _ in range(30):
            cls = wchoice(rng, ['giant', 'large', 'mid', 'small', 'micro'], [25, 20, 20, 20, 15])
            lst = self.by_cls[cls]
            co = rng.choices(lst, zipf_w(len(lst), 0.8))[0] if cls == 'giant' else rng.choice(lst)
            if co is exclude:
                continue
            offs = [o for o in co.offices if o['c'] == country]
            if offs:
                return co, rng.choice(offs)
            if rng.random() < 0.05:  # expat / remote worker of a foreign company
                return co, co.offices[0]
        co = rng.choice([c for c in self.companies if c.country == country and c is not exclude] or self.companies)
        return co, co.offices[0]

    # ---------------- persons
    def make_email_local(self, first, last, pattern, rng, de_style, mid=''):
        f, l = slug(first, de_style), slug(last, de_style)
        m = slug(mid)[:1]
        return {'first.last': f"{f}.{l}", 'flast': f"{f[:1]}{l}", 'first': f, 'firstl': f"{f}{l[:1]}",
                'first_last': f"{f}_{l}", 'f.last': f"{f[:1]}.{l}", 'last.first': f"{l}.{f}",
                'firstlast': f"{f}{l}", 'last': l, 'first.m.last': f"{f}.{m}.{l}" if m else f"{f}.{l}"}[pattern]

    def work_email(self, p, co, off, last):
        rng = self.rng
        first = p.first[0]
        loc = self.make_email_local(first, last, co.pattern, rng, co.de_style, p.middle)
        base = loc
        k = 2
        while loc in co.used_locals:
            if p.middle and k == 2:
                loc = self.make_email_local(first, last, 'first.m.last', rng, co.de_style, p.middle)
                if loc not in co.used_locals:
                    break
            loc = f"{base}{k}"
            k += 1
        co.used_locals.add(loc)
        addr = f"{loc}@{off['domain']}"
        self.used_emails.add(addr)
        return addr

    def personal_email(self, p, last, year, rng):
        dom = wchoice(rng, [d for d, _ in PERSONAL_DOMAINS[p.c]], [w for _, w in PERSONAL_DOMAINS[p.c]])
        f, l = slug(p.first[0], p.de_style), slug(last, p.de_style)
        nick = NICK.get(p.first[0])
        r = rng.random()
        if r < 0.3:
            loc = f"{f}.{l}"
        elif r < 0.45:
            loc = f"{f}{l}"
        elif r < 0.55:
            loc = f"{f}_{l}{rng.randint(1, 99)}"
        elif r < 0.7:
            loc = f"{f}{l[:1]}{p.dob.year % 100:02d}"
        elif r < 0.8 and nick:
            loc = f"{slug(rng.choice(nick))}{rng.randint(1, 999)}"
        elif r < 0.9:
            loc = f"{f[:1]}{l}{rng.randint(1, 9999)}"
        else:
            loc = rng.choice(WORDS).lower() + rng.choice(["_", "", "."]) + rng.choice(["fan", "dev", "kid", "runner", "x", l]) + str(rng.randint(1, 99))
        addr = f"{loc}@{dom}"
        while mailbox_key(addr) in self.used_emails:
            addr = f"{loc}{rng.randint(2, 999)}@{dom}"
        self.used_emails.add(mailbox_key(addr))
        return addr

    def new_household(self, c):
        rng = self.rng
        city = city_of(c, rng)
        land_p = {'DE': 0.5, 'FR': 0.5, 'JP': 0.45, 'UK': 0.4, 'US': 0.25, 'IN': 0.2, 'BR': 0.25}[c]
        return dict(addr=make_address(c, rng, city), city=city,
                    landline=new_phone(rng, c, city, False) if rng.random() < land_p else None,
                    family_email=None, members=[])

    def make_persons(self):
        rng = self.rng
        pid = 0
        while pid < self.n:
            c = wchoice(rng, COUNTRIES, COUNTRY_W)
            r = rng.random()
            size = 1 if r < 0.84 else (2 if r < 0.95 else 3)
            size = min(size, self.n - pid)
            hh = self.new_household(c)
            fam_last = rng.choices(POOLS[c]["last"], zipf_w(len(POOLS[c]["last"]), 0.5))[0]
            if size > 1 and rng.random() < 0.12:
                dom = wchoice(rng, [d for d, _ in PERSONAL_DOMAINS[c]], [w for _, w in PERSONAL_DOMAINS[c]])
                l = slug(fam_last[0], c == "DE")
                loc = rng.choice([f"{l}family", f"the.{l}s", f"familie.{l}", f"famille.{l}", f"familia.{l}", f"{l}.home",
                                  f"{l}s{rng.randint(1, 99)}"])
                addr = f"{loc}@{dom}"
                if mailbox_key(addr) not in self.used_emails:
                    self.used_emails.add(mailbox_key(addr))
                    hh['family_email'] = addr
            for k in range(size):
                p = self.make_person(pid, c, hh, fam_last if (k == 0 or rng.random() < 0.75) else None,
                                     marry_in=(k == 1 and rng.random() < 0.35))
                self.persons.append(p)
                hh['members'].append(p)
                pid += 1

    def make_person(self, pid, c, hh, fam_last, marry_in=False):
        rng = self.rng
        p = Person()
        p.id = f"p{pid + 1}"
        p.idx = pid
        p.c = c
        p.hh = hh
        p.gender = rng.choice('mf')
        pool = POOLS[c]
        p.dob = dt.date(rng.randint(1955, 2003), rng.randint(1, 12), rng.randint(1, 28))
        # namesakes: sometimes copy an existing person's full name
        clone = None
        if self.persons and rng.random() < 0.03:
            cands = [q for q in self.persons[-400:] if q.c == c]
            if cands:
                clone = rng.choice(cands)
        if clone:
            p.gender, p.first, last = clone.gender, clone.first, clone.last_birth
        else:
            firsts = pool[p.gender]
            p.first = rng.choices(firsts, zipf_w(len(firsts), 0.4))[0]
            last = fam_last or rng.choices(pool["last"], zipf_w(len(pool["last"]), 0.5))[0]
        p.middle = ''
        if c in ('US', 'UK', 'DE') and rng.random() < 0.35:
            p.middle = rng.choice(pool['m' if rng.random() < 0.5 else 'f'])[0]
        if c == 'BR' and rng.random() < 0.45 and not clone:
            # compound Brazilian surname: mother's + father's
            m = rng.choice(pool['last'])
            last = tuple(f"{rng.choice(['', '', 'de ', 'da '])}{m[0]} {x}".strip() for x in last)
        p.last_birth = last
        p.last_married = None
        p.marriage = None
        p.hyphen = False
        if marry_in and fam_last and (p.gender == 'f' or rng.random() < 0.1) and not clone:
            # married into the household during (or before) the window
            p.last_birth = rng.choices(pool["last"], zipf_w(len(pool["last"]), 0.5))[0]
            p.last_married = fam_last
            p.marriage = rtime(rng, T0 - 400 * DAY, T1 - 60 * DAY)
            p.hyphen = c in ('DE', 'US', 'UK', 'FR') and rng.random() < 0.12
        elif fam_last is None and rng.random() < 0.05 and p.gender == 'f' and p.dob.year < 1998:
            p.last_married = rng.choice(pool['last'])
            p.marriage = rtime(rng, T0, T1 - 60 * DAY)
            p.hyphen = rng.random() < 0.1
        p.de_style = rng.random() < 0.6
        p.first_sp = 0 if rng.random() < 0.8 else rng.randrange(len(p.first))
        p.last_sp = 0 if rng.random() < 0.8 else rng.randrange(len(p.last_birth))
        nicks = NICK.get(p.first[0], [])
        p.nick = rng.choice(nicks) if nicks else None
        p.nick_pref = (rng.choice([0.05, 0.3, 0.7, 0.9]) if nicks else 0.0)
        p.jp_mode = wchoice(rng, ['plain', 'passport', 'wapuro', 'macron', 'kunrei'], [60, 20, 12, 4, 4])
        # life span of the person in the stream
        p.start = rtime(rng, T0 - 200 * DAY, T1 - 30 * DAY)
        if p.start < T0:
            p.start = T0
        # profile
        p.profile = wchoice(rng, ['lead', 'customer', 'consumer'], [50, 25, 25])
        # addresses (home): moved into household at marriage if married-in
        p.addr_hist = []
        if p.marriage and p.last_married == fam_last:
            p.addr_hist.append((T0 - 5000 * DAY, make_address(c, rng)))
            p.addr_hist.append((p.marriage, hh['addr']))
        else:
            p.addr_hist.append((T0 - 5000 * DAY, hh['addr']))
            if rng.random() < 0.08:
                p.addr_hist.append((rtime(rng, T0, T1), make_address(c, rng)))
        # phones
        p.mobile = [(T0 - 5000 * DAY, new_phone(rng, c, hh['city'], True))]
        if rng.random() < 0.06:
            p.mobile.append((rtime(rng, T0, T1), new_phone(rng, c, hh['city'], True)))
        # personal e-mails
        cur_last = p.last_birth[0]
        p.personal = [(T0 - 5000 * DAY, None, self.personal_email(p, cur_last, 2010, rng))]
        if rng.random() < 0.35:
            p.personal.append((rtime(rng, T0 - 1000 * DAY, T1), None, self.personal_email(p, cur_last, 2018, rng)))
        if p.marriage and rng.random() < 0.4:
            p.personal.append((p.marriage + rng.randint(0, 90) * DAY, None,
                               self.personal_email(p, (p.last_married or cur_last)[0] if isinstance(p.last_married, tuple) else cur_last, 2020, rng)))
        if rng.random() < 0.15:  # an old address that stops being used
            p.personal[0] = (p.personal[0][0], rtime(rng, T0, T1), p.personal[0][2])
            if len(p.personal) == 1:
                p.personal.append((p.personal[0][1] - 30 * DAY, None, self.personal_email(p, cur_last, 2021, rng)))
        # jobs
        p.jobs = []
        employed = p.profile != 'consumer' or rng.random() < 0.3
        if employed:
            t = T0 - rng.randint(100, 3000) * DAY
            nchg = wchoice(rng, [0, 1, 2, 3], [70, 22, 6, 2])
            changes = sorted(rtime(rng, p.start, T1 - 30 * DAY) for _ in range(nchg))
            co, off = self.pick_company(c)
            if rng.random() < 0.5 and self.persons and clone is not None:
                # namesake at the same company
                for j in clone.jobs:
                    if j['co'].cls in ('giant', 'large'):
                        co, off = j['co'], j['off']
                        break
            starts = [t] + changes
            for i, s in enumerate(starts):
                if i > 0:
                    if rng.random() < 0.15:
                        co2, off2 = co, rng.choice(co.offices)  # internal move / promotion
                    else:
                        co2, off2 = self.pick_company(c, exclude=co)
                    co, off = co2, off2
                    s = s + rng.randint(0, 60) * DAY
                self.add_job(p, co, off, s)
            for i in range(len(p.jobs) - 1):
                p.jobs[i]['end'] = starts[i + 1]
        # ids
        in_crm = rng.random() < {'lead': 0.75, 'customer': 0.92, 'consumer': 0.4}[p.profile]
        p.crm_ids = []
        if in_crm:
            p.crm_ids.append((T0 - 1000 * DAY, self.new_id('crm')))
            if rng.random() < 0.05:
                p.crm_ids.append((rtime(rng, p.start, T1), self.new_id('crm')))  # duplicate record
        p.billing_ids = [(T0 - 1000 * DAY, self.new_id('billing'))]
        if rng.random() < 0.08:
            p.billing_ids.append((rtime(rng, p.start, T1), self.new_id('billing')))
        p.support_ids = {}
        p.att_id = self.new_id('att')
        p.linkedin = (slug(p.first[0]) + "-" + slug(p.last_birth[0]) + ("-" + '%x' % rng.getrandbits(24) if rng.random() < 0.7 else ''))
        # lifecycle
        stages = ['lead', 'mql', 'sql', 'opportunity', 'customer']
        top = {'lead': rng.randint(0, 3), 'customer': 4, 'consumer': rng.choice([0, 4])}[p.profile]
        p.stages = []
        t = p.start
        for i in range(top + 1):
            p.stages.append((t, stages[i]))
            t = t + rng.randint(5, 200) * DAY
        if top == 4 and rng.random() < 0.15:
            p.stages.append((t + rng.randint(100, 500) * DAY, 'former_customer'))
        return p

    def add_job(self, p, co, off, start):
        rng = self.rng
        if co.cls == 'micro':
            title = rng.choice(OWNER_TITLES) if rng.random() < 0.5 else rng.choice(TITLES)
        else:
            title = rng.choice(TITLES)
        last = self.last_at(p, start)
        job = dict(co=co, off=off, start=start, end=None, title=title, emails=[], direct=None, ext=None)
        same_co = p.jobs and p.jobs[-1]['co'] is co
        if same_co:
            job['emails'] = list(p.jobs[-1]['emails'])
            job['direct'], job['ext'] = p.jobs[-1]['direct'], p.jobs[-1]['ext']
        else:
            job['emails'].append((start, self.work_email(p, co, off, last)))
            if p.marriage and p.marriage > start and rng.random() < 0.6:
                job['emails'].append((p.marriage + rng.randint(5, 60) * DAY, self.work_email(p, co, off, self.married_name(p)[0])))
            if co.cls in ('giant', 'large') and rng.random() < 0.5:
                d = dict(off['sw'])
                d.pop('sw', None)
                if d['c'] == 'DE':
                    d['s'] = d['s'][:-1] + digits(rng, 2, rng.randint(1, 9))
                else:
                    d['s'] = d['s'][:-4] + digits(rng, 4)
                job['direct'] = d
            if co.cls != 'micro':
                job['ext'] = digits(rng, rng.choice([2, 3, 3, 4]), rng.randint(1, 9))
        p.jobs.append(job)

    # ---------------- state
    def married_name(self, p):
        return p.last_married if isinstance(p.last_married, tuple) else (p.last_married,) if p.last_married else p.last_birth

    def last_at(self, p, t):
        if p.marriage and t >= p.marriage:
            return self.married_name(p)[0]
        return p.last_birth[0]

    def state(self, p, t):
        st = {}
        married = bool(p.marriage and t >= p.marriage)
        st['married'] = married
        st['last'] = self.married_name(p) if married else p.last_birth
        st['job'] = None
        st['old_jobs'] = []
        for j in p.jobs:
            if j['start'] <= t and (j['end'] is None or t < j['end']):
                st['job'] = j
            elif j['end'] is not None and j['end'] <= t:
                st['old_jobs'].append(j)
        st['addr'] = [a for s, a in p.addr_hist if s <= t][-1] if any(s <= t for s, _ in p.addr_hist) else p.addr_hist[0][1]
        st['mobile'] = [m for s, m in p.mobile if s <= t][-1]
        st['personal'] = [e for s, e_end, e in p.personal if s <= t and (e_end is None or t < e_end)]
        st['old_personal'] = [e for s, e_end, e in p.personal if e_end is not None and t >= e_end]
        st['stage'] = [s for d, s in p.stages if d <= t][-1] if p.stages[0][0] <= t else p.stages[0][1]
        return st


# --------------------------------------------------------------------------- rendering
SRC_NOISE = {'crm': 0.5, 'web_form': 1.6, 'webinar': 1.0, 'import': 1.3, 'billing': 0.7, 'support': 1.0, 'events_app': 0.9}
SRC_SELF = {'crm': 0.5, 'web_form': 1.0, 'webinar': 1.0, 'import': 0.5, 'billing': 0.2, 'support': 1.0, 'events_app': 0.9}


class Renderer:
    def __init__(self, world, seed):
        self.w = world
        self.rng = random.Random(seed * 7919 + 17)
        self.seed = seed

    # --- names
    def first_name(self, p, rng, src):
        name = p.first[p.first_sp] if rng.random() > 0.12 else rng.choice(p.first)
        if p.nick and rng.random() < p.nick_pref * SRC_SELF[src]:
            name = p.nick if rng.random() < 0.8 else rng.choice(NICK[p.first[0]])
        elif p.nick is None and NICK.get(name) and rng.random() < 0.1 * SRC_SELF[src]:
            name = rng.choice(NICK[name])
        return name

    def last_name(self, p, st, rng, src):
        tup = st['last']
        name = tup[p.last_sp if p.last_sp < len(tup) else 0] if rng.random() > 0.12 else rng.choice(tup)
        if st['married']:
            r = rng.random()
            if p.hyphen and r < 0.7:
                name = f"{p.last_birth[0]}-{name}" if rng.random() < 0.8 else f"{p.last_birth[0]} {name}"
            elif r < 0.08:
                name = p.last_birth[p.last_sp if p.last_sp < len(p.last_birth) else 0]  # someone still uses the old name
        if p.c == 'BR' and ' ' in name and rng.random() < 0.35:
            parts = name.split()
            name = parts[-1] if rng.random() < 0.7 else ' '.join(x for x in parts if x not in ('de', 'da'))
        return name

    def script(self, s, p, rng, keep_acc):
        if p.c == 'JP':
            mode = p.jp_mode if rng.random() < 0.8 else rng.choice(['plain', 'passport', 'wapuro', 'kunrei'])
            if mode == 'macron' and rng.random() > keep_acc:
                mode = 'plain'
            s = jp_form(s, mode)
            if "'" in s and rng.random() < 0.5:
                s = s.replace("'", '')
            return s
        if any(ord(ch) > 127 for ch in s) and rng.random() > keep_acc:
            return de_translit(s) if (p.c == 'DE' and rng.random() < 0.6) else strip_accents(s)
        return s

    def noise_text(self, s, rng, lv, case_mode=None):
        if not s:
            return s
        if rng.random() < 0.012 * lv:
            s = typo(s, rng)
        if case_mode == 'upper' or (case_mode is None and rng.random() < 0.035 * lv):
            s = s.upper()
        elif case_mode == 'lower' or (case_mode is None and rng.random() < 0.03 * lv):
            s = s.lower()
        elif case_mode == 'title':
            s = s.title()
        if rng.random() < 0.03 * lv:
            s = rng.choice([" " + s, s + " ", s + "  ", "  " + s + " ", s.replace(" ", "  ")])
        return s

    def names(self, p, st, rng, src, lv, keep_acc, mode=None, case_mode=None):
        first = self.script(self.first_name(p, rng, src), p, rng, keep_acc)
        last = self.script(self.last_name(p, st, rng, src), p, rng, keep_acc)
        r = rng.random()
        if r < 0.03 * lv:
            first = first[0] + rng.choice(['.', '', '. '])  # initial only
        elif p.middle and r < 0.03 * lv + (0.12 if src in ('billing', 'crm', 'import') else 0.03):
            first = f"{first} {p.middle[0]}{rng.choice(['.', ''])}"
        elif p.middle and r < 0.03 * lv + 0.16:
            first = f"{first} {p.middle}"
        if p.c == 'IN' and rng.random() < 0.08:  # South-Indian style: initial as surname
            first, last = (last[0] + rng.choice(['.', '']), first) if rng.random() < 0.5 else (first, last[0])
        first = self.noise_text(first, rng, lv, case_mode)
        last = self.noise_text(last, rng, lv, case_mode)
        if mode is None:
            swap_p = (0.22 if p.c == 'JP' else 0.015) * (lv if p.c != 'JP' else 1)
            r = rng.random()
            if r < swap_p:
                mode = 'swapped'
            elif r < swap_p + 0.03 * lv:
                mode = 'full_in_first'
            elif r < swap_p + 0.04 * lv:
                mode = rng.choice(['full_in_last', 'last_comma_first'])
            else:
                mode = 'split'
        if mode == 'swapped':
            first, last = last, first
        elif mode == 'full_in_first':
            first, last = f"{first} {last}", ''
        elif mode == 'full_in_last':
            first, last = '', f"{first} {last}"
        elif mode == 'last_comma_first':
            first, last = '', f"{last}, {first}"
        return first, last

    # --- company
    def company(self, job, rng, lv, mode=None, case_mode=None, keep_acc=0.7):
        co, off = job['co'], job['off']
        entity = off['entity']
        core = co.core
        if mode is None:
            mode = wchoice(rng, ['legal', 'core', 'suffixvar', 'acronym', 'short', 'domain'],
                           [35, 35, 14, 10 if co.acr else 0, 4, 2])
        if mode == 'acronym' and not co.acr:
            mode = 'core'
        if mode == 'mixed':
            mode = rng.choice(['legal', 'core', 'acronym' if co.acr else 'core'])
        if mode == 'legal':
            s = entity
        elif mode == 'core':
            s = core
            if off['c'] != co.country and rng.random() < 0.4:
                s = f"{core} {COUNTRY_ADJ[off['c']]}"
        elif mode == 'suffixvar':
            var = dict(SUFFIX[off['c']]).get(off['sfx'], [off['sfx']])
            s = f"{core}{'' if rng.random() < 0.7 else ','} {rng.choice(var)}".replace(' ,', ',')
            s = s.replace(', ,', ',')
        elif mode == 'acronym':
            s = co.acr if rng.random() < 0.7 else f"{co.acr} {rng.choice([off['sfx'], COUNTRY_ADJ[off['c']], ''])}".strip()
        elif mode == 'short':
            s = core.split()[0] if len(core.split()) > 1 and len(core.split()[0]) > 3 else core
        else:
            s = off['domain'] if rng.random() < 0.5 else off['domain'].split('.')[0]
        if '&' in s and rng.random() < 0.3:
            s = s.replace('&', 'and')
        if rng.random() < 0.02 * lv:
            s = "The " + s
        if any(ord(ch) > 127 for ch in s):
            s = jp_form(s, 'plain') if rng.random() > keep_acc else s
            if rng.random() > keep_acc:
                s = strip_accents(s)
        return self.noise_text(s, rng, lv * 0.8, case_mode)

    # --- e-mail
    def email_pick(self, p, st, rng, src):
        job = st['job']
        cats = {}
        b2b = p.profile != 'consumer'
        if job:
            ems = [e for s, e in job['emails'] if s <= rng_time_guard(st)]
            if ems:
                cats['work'] = ems
            if job['co'].shared_use or (job['title'][1] == 'Sales' and job['co'].cls in ('small', 'micro')):
                cats['shared'] = job['co'].shared
        old = [e for j in st['old_jobs'] for s, e in j['emails']]
        if old:
            cats['old_work'] = old
        if st['personal']:
            cats['personal'] = st['personal']
        if st['old_personal']:
            cats['old_personal'] = st['old_personal']
        if p.hh['family_email']:
            cats['family'] = [p.hh['family_email']]
        W = {
            'crm': dict(work=70, personal=20, old_work=4, shared=3, family=1, old_personal=2),
            'web_form': dict(work=48, personal=40, old_work=3, shared=4, family=3, old_personal=2),
            'webinar': dict(work=70, personal=24, old_work=3, shared=2, family=0.5, old_personal=1),
            'events_app': dict(work=75, personal=20, old_work=1, shared=4, family=0, old_personal=0.5),
            'import': dict(work=72, personal=15, old_work=7, shared=4, family=0.5, old_personal=2),
            'billing': (dict(work=50, personal=30, shared=15, family=3, old_work=1, old_personal=1) if b2b
                        else dict(personal=82, family=15, work=2, old_personal=1)),
            'support': (dict(work=55, personal=38, shared=5, family=1, old_work=1, old_personal=1) if b2b
                        else dict(personal=88, family=10, work=2)),
        }[src]
        if not b2b and src not in ('billing', 'support'):
            W = dict(W, personal=W.get('personal', 0) + W.get('work', 0) * 0.8, work=W.get('work', 0) * 0.2)
        keys = [k for k in cats if W.get(k, 0) > 0]
        if not keys:
            return None
        k = rng.choices(keys, [W[k] for k in keys])[0]
        lst = cats[k]
        return lst[-1] if (k == 'work' and rng.random() < 0.8) else rng.choice(lst)

    def email_render(self, addr, rng, lv):
        loc, dom = addr.split('@')
        if dom == 'gmail.com':
            r = rng.random()
            if r < 0.06 * lv:
                loc = loc.replace('.', '') if '.' in loc else (loc[:len(loc) // 2] + '.' + loc[len(loc) // 2:])
            elif r < 0.1 * lv:
                loc = loc + '+' + rng.choice(['news', 'crm', 'work', 'promo', 'webinar', 'spam', '2023', 'shop'])
            if rng.random() < 0.03 * lv:
                dom = 'googlemail.com'
        elif dom in ('outlook.com', 'hotmail.com', 'icloud.com', 'yahoo.com') and rng.random() < 0.02 * lv:
            loc = loc + ('-' if dom.startswith('yahoo') else '+') + rng.choice(['news', 'shop', 'x'])
        elif '.' not in dom.split('.')[0] and rng.random() < 0.01 * lv:
            loc = loc + '+' + rng.choice(['crm', 'vendor'])
        if rng.random() < 0.012 * lv and dom in DOMAIN_TYPOS:
            dom = rng.choice(DOMAIN_TYPOS[dom])
        if rng.random() < 0.004 * lv:
            loc = typo(loc, rng)
        s = f"{loc}@{dom}"
        r = rng.random()
        if r < 0.05 * lv:
            s = s.upper() if rng.random() < 0.3 else '@'.join([loc[:1].upper() + loc[1:], dom.capitalize()])
        elif r < 0.06 * lv:
            s = ' ' + s + ' '
        elif r < 0.065 * lv:
            s = 'mailto:' + s
        return s

    # --- phone
    def phone(self, p, st, rng, src, pref=None):
        job = st['job']
        opts, w = [], []
        opts.append(('mobile', st['mobile'], None)); w.append(55 if src != 'crm' else 40)
        if job and job['direct']:
            opts.append(('direct', job['direct'], None)); w.append(20 if src in ('crm', 'import', 'events_app') else 8)
        if job:
            sw = job['off']['sw']
            ext = job['ext'] if job['ext'] and rng.random() < 0.55 else None
            opts.append(('switch', sw, ext)); w.append(14 if src not in ('billing', 'support') else 6)
        if p.hh['landline']:
            opts.append(('land', p.hh['landline'], None)); w.append(12 if src in ('billing', 'support', 'web_form') else 4)
        kind, ph, ext = rng.choices(opts, w)[0]
        local = ph['c'] == p.c
        return fmt_phone(ph, rng, ext, pref, intl_share=0.3 if local else 0.8)


def rng_time_guard(st):
    return st['t']


def fmt_time(t, src, p, rng, date_only=False):
    if date_only:
        return t.strftime('%Y-%m-%dT00:00:00Z')
    if src in ('crm',):
        return t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000)
    if src in ('billing', 'webinar'):
        return t.strftime('%Y-%m-%dT%H:%M:%SZ')
    if src == 'support':
        return t.strftime('%Y-%m-%dT%H:%M:%S+00:00')
    city = p.hh['city']
    off = city[6] + (60 if city[7] and 4 <= t.month <= 10 else 0)
    lt = t + dt.timedelta(minutes=off)
    sign = '+' if off >= 0 else '-'
    return lt.strftime('%Y-%m-%dT%H:%M:%S') + f"{sign}{abs(off) // 60:02d}:{abs(off) % 60:02d}"


def dob_str(d, c, rng):
    f = {'US': "%m/%d/%Y", 'UK': "%d/%m/%Y", 'DE': "%d.%m.%Y", 'FR': "%d/%m/%Y", 'IN': "%d-%m-%Y",
         'BR': "%d/%m/%Y", 'JP': "%Y/%m/%d"}[c]
    return d.isoformat() if rng.random() < 0.5 else d.strftime(f)


# --------------------------------------------------------------------------- stream
SRC_W = {
    'lead': dict(crm=26, web_form=24, webinar=18, events_app=11, import_=16, support=3, billing=2),
    'customer': dict(crm=30, web_form=8, webinar=8, events_app=5, import_=4, support=28, billing=17),
    'consumer': dict(crm=12, web_form=38, webinar=2, events_app=1, import_=5, support=24, billing=18),
}


def allocate(world, M, rng):
    n = len(world.persons)
    counts = [0] * n
    if M < n:
        for i in rng.sample(range(n), M):
            counts[i] = 1
        return counts
    counts = [1] * n
    rem = M - n
    heavy_n = max(3, round(n * 0.004))
    heavy = rng.sample(range(n), heavy_n)
    budget = int(M * 0.12)
    for i in heavy:
        k = min(rng.randint(50, 130), max(0, budget // heavy_n))
        if k >= 49:
            counts[i] += k - 1
            rem -= k - 1
    hs = set(heavy)
    w = []
    for i, p in enumerate(world.persons):
        if i in hs or rng.random() < 0.42:
            w.append(0.0)
        else:
            x = min(rng.paretovariate(1.15), 60.0)
            w.append(x * (1.6 if p.profile == 'customer' else 1.0))
    cap = 45
    idx = list(range(n))
    while rem > 0:
        picks = rng.choices(idx, w, k=rem)
        rem = 0
        for i in picks:
            if counts[i] < cap:
                counts[i] += 1
            else:
                rem += 1
                w[i] = 0.0
        if sum(w) == 0:
            w = [0.0 if i in hs else 1.0 for i in idx]
    return counts


def build_stream(world, M, seed):
    rng = random.Random(seed * 31 + 5)
    counts = allocate(world, M, rng)
    evs = []
    # shared calendars: webinar slots (weekly) and conferences (every ~6 weeks, 2 days)
    webinars = []
    t = T0 + dt.timedelta(hours=15)
    while t < T1:
        webinars.append(t)
        t += rng.randint(5, 10) * DAY
    confs = []
    t = T0 + 20 * DAY
    while t < T1:
        confs.append(t.replace(hour=8))
        t += rng.randint(30, 60) * DAY
    for p, k in zip(world.persons, counts):
        if k == 0:
            continue
        sw = SRC_W[p.profile]
        srcs = [s.rstrip('_') for s in sw]
        ws = list(sw.values())
        if not p.crm_ids:
            ws[0] *= 0.15
        if k >= 40:  # very active people are mostly customers being synced and supported
            ws = [w * m for w, m in zip(ws, [2.5, 0.6, 0.5, 0.3, 0.3, 2.5, 1.2])]
        times = []
        last = None
        for j in range(k):
            if last is not None and rng.random() < 0.3:
                t = last + dt.timedelta(seconds=rng.expovariate(1 / 1800))
            else:
                t = rtime(rng, p.start, T1)
            t = min(t, T1)
            times.append(t)
            last = t
        times.sort()
        for t in times:
            src = rng.choices(srcs, ws)[0]
            if src == 'webinar' and rng.random() < 0.7:
                i = bisect.bisect_left(webinars, t)
                if i < len(webinars):
                    t = webinars[i] + dt.timedelta(seconds=rng.randint(-3 * 86400, 3600))
            if src == 'events_app':
                i = bisect.bisect_left(confs, t)
                if i < len(confs):
                    t = confs[i] + dt.timedelta(seconds=rng.randint(0, 2 * 86400 - 1))
            evs.append(dict(p=p, t=t, src=src))
    # import batches: list date (occurred_at) and upload time (arrival)
    imports = [e for e in evs if e['src'] == 'import']
    nb = max(4, len(imports) // 70)
    batches = []
    for b in range(nb):
        up = rtime(rng, T0 + 60 * DAY, T1)
        legacy = rng.random() < 0.15
        lst = (rtime(rng, T0 - 700 * DAY, T0) if legacy else up - rng.randint(1, 90) * DAY)
        batches.append(dict(up=up, list=lst, legacy=legacy, style=import_style(rng)))
    batches.sort(key=lambda b: b['up'])
    ups = [b['up'] for b in batches]
    for e in imports:
        i = bisect.bisect_left(ups, e['t'])
        if i >= len(batches) or rng.random() < 0.1:
            i = rng.randrange(len(batches))
        b = batches[i]
        e['batch'] = b
        e['t'] = b['list'] + dt.timedelta(seconds=rng.randint(0, 8 * 3600))
        e['arr'] = b['up'] + dt.timedelta(seconds=rng.random() * 600)
    # arrival times for the others
    for e in evs:
        if 'arr' in e:
            continue
        t, s = e['t'], e['src']
        if s in ('web_form', 'support'):
            a = t + dt.timedelta(seconds=rng.uniform(0, 120))
        elif s == 'crm':
            a = t + dt.timedelta(seconds=rng.uniform(0, 3600))
            if rng.random() < 0.06:
                a += dt.timedelta(days=rng.uniform(1, 45))  # delayed sync
        elif s == 'billing':
            a = (t + DAY).replace(hour=2, minute=0, second=0) + dt.timedelta(seconds=rng.uniform(0, 900))
        elif s == 'webinar':
            a = (t + rng.randint(1, 3) * DAY).replace(hour=6, minute=0) + dt.timedelta(seconds=rng.uniform(0, 60))
        else:  # events_app: uploaded after the conference
            a = (t + rng.randint(2, 5) * DAY).replace(hour=9, minute=0) + dt.timedelta(seconds=rng.uniform(0, 120))
        e['arr'] = a
    for e in evs:
        e['tie'] = rng.random()
    evs.sort(key=lambda e: (e['arr'], e['tie']))
    return evs


def import_style(rng):
    return dict(case=wchoice(rng, [None, 'upper', 'title', 'lower'], [6, 2, 1, 1]),
                name_mode=wchoice(rng, ['split', 'full_in_first', 'last_comma_first', 'swapped', 'full_in_last', None],
                                  [8, 2, 1, 1, 1, 4]),
                phone_pref=wchoice(rng, [None, 'nat', 'intl', 'digits'], [4, 2, 2, 1]),
                company_mode=wchoice(rng, [None, 'legal', 'core', 'acronym', 'mixed'], [3, 2, 2, 1, 2]),
                keep_acc=rng.choice([0.0, 0.5, 0.9]),
                date_only=rng.random() < 0.5,
                stale=rng.random() < 0.3,
                p_email=rng.uniform(0.55, 1.0), p_phone=rng.uniform(0.1, 0.9), p_company=rng.uniform(0.5, 1.0),
                p_name=rng.uniform(0.85, 1.0),
                props=rng.sample(['jobtitle', 'city', 'country', 'state', 'zip', 'address', 'department', 'linkedin_url'],
                                 rng.randint(0, 5)))


PRESENCE = {  # email, phone, name, company
    'crm': (0.93, 0.55, 0.96, 0.8),
    'web_form': (0.95, 0.35, 0.85, 0.6),
    'webinar': (0.99, 0.15, 0.95, 0.75),
    'billing': (0.95, 0.4, 0.88, 0.55),
    'support': (0.97, 0.18, 0.7, 0.25),
    'events_app': (0.78, 0.22, 0.98, 0.9),
}
PROPS = {
    'crm': dict(lifecyclestage=0.9, jobtitle=0.6, city=0.45, country=0.5, state=0.25, last_activity_date=0.7,
                department=0.2, linkedin_url=0.12, date_of_birth=0.03, zip=0.1, address=0.1),
    'web_form': dict(jobtitle=0.35, country=0.4, city=0.2, state=0.1, zip=0.08, department=0.1),
    'webinar': dict(jobtitle=0.5, country=0.45, department=0.15, city=0.15),
    'events_app': dict(jobtitle=0.7, city=0.3, country=0.5, linkedin_url=0.3),
    'billing': dict(address=0.8, city=0.85, state=0.6, zip=0.85, country=0.9, date_of_birth=0.05),
    'support': dict(country=0.1, city=0.05),
}


def render_event(R, e, eid):
    w, rng = R.w, R.rng
    p, t, src = e['p'], e['t'], e['src']
    batch = e.get('batch')
    style = batch['style'] if batch else None
    lv = SRC_NOISE[src] * rng.choice([0.5, 1.0, 1.0, 1.5])
    # stale view of the person (old lists, un-updated records, people using old data)
    ts = t
    if style and style['stale']:
        ts = t - rng.randint(60, 900) * DAY
    elif src == 'crm' and rng.random() < 0.12:
        ts = t - rng.randint(10, 250) * DAY
    elif rng.random() < 0.05:
        ts = t - rng.randint(30, 400) * DAY
    st = w.state(p, ts)
    st['t'] = ts
    out = {'event_id': eid, 'source': src,
           'occurred_at': fmt_time(t, src, p, rng, date_only=bool(style and style['date_only']))}
    # external ids
    rec_rng = rng
    if src == 'crm':
        ids = [i for s, i in p.crm_ids if s <= t] or [i for _, i in p.crm_ids[:1]]
        if ids and rng.random() < 0.97:
            rid = rng.choice(ids)
            out['external_id'] = rid
            if rng.random() < 0.85:  # a CRM record keeps its spelling across syncs
                rec_rng = random.Random(crc(f"{R.seed}:{rid}:{st['married']}:{st['job'] and st['job']['start']}"))
    elif src == 'billing':
        ids = [i for s, i in p.billing_ids if s <= t] or [p.billing_ids[0][1]]
        if rng.random() < 0.97:
            out['external_id'] = ids[-1] if rng.random() < 0.85 else rng.choice(ids)
        if rng.random() < 0.9:
            rec_rng = random.Random(crc(f"{R.seed}:{ids[-1]}:{st['married']}"))
    elif src == 'events_app' and rng.random() < 0.95:
        out['external_id'] = p.att_id
    # which pieces are present
    if style:
        pe, pp, pn, pc = style['p_email'], style['p_phone'], style['p_name'], style['p_company']
    else:
        pe, pp, pn, pc = PRESENCE[src]
    sparse = rng.random()
    only = None
    if src in ('support', 'web_form', 'webinar') and sparse < {'support': 0.06, 'web_form': 0.06, 'webinar': 0.02}[src]:
        only = 'email'
    elif src in ('support', 'crm', 'billing') and sparse > 1 - {'support': 0.045, 'crm': 0.01, 'billing': 0.01}[src]:
        only = 'phone'
    elif src in ('import', 'events_app', 'crm') and sparse < {'import': 0.06, 'events_app': 0.08, 'crm': 0.01}[src]:
        only = 'namecomp'
    if only:
        pe, pp, pn, pc = {'email': (1, 0, 0, 0), 'phone': (0, 1, 0, 0), 'namecomp': (0, 0, 1, 1)}[only]
        if only == 'namecomp' and not st['job']:
            pc = 0
    keep_acc = style['keep_acc'] if style else (0.75 if SRC_SELF[src] >= 0.9 else 0.4)
    case_mode = style['case'] if style else ('upper' if src == 'billing' and rng.random() < 0.2 else None)
    # e-mail
    if rng.random() < pe:
        if src in ('web_form', 'import', 'events_app') and rng.random() < 0.015 * lv:
            out['email'] = rng.choice(PLACEHOLDER_EMAILS)
        else:
            addr = R.email_pick(p, st, rng, src)
            if addr:
                if src == 'support':
                    if addr not in p.support_ids:
                        p.support_ids[addr] = w.new_id('support')
                    if rng.random() < 0.95 and only != 'phone':
                        out['external_id'] = p.support_ids[addr]
                out['email'] = R.email_render(addr, rng, lv)
    if src == 'support' and only == 'phone' and p.support_ids and rng.random() < 0.6:
        out['external_id'] = p.support_ids[next(iter(p.support_ids))]
    # phone
    if rng.random() < pp:
        if src in ('web_form', 'import') and rng.random() < 0.03 * lv:
            out['phone'] = rng.choice(PLACEHOLDER_PHONES)
        else:
            out['phone'] = R.phone(p, st, rng, src, style['phone_pref'] if style else None)
    # names (record-stable rng for CRM/billing)
    if rng.random() < pn:
        nrng = rec_rng
        first, last = R.names(p, st, nrng, src, lv, keep_acc, style['name_mode'] if style else None, case_mode)
        if src == 'support' and rng.random() < 0.25:
            first, last = (f"{first} {last}".strip(), '')
        if src == 'web_form' and rng.random() < 0.01:
            first, last = rng.choice([("Test", "Test"), ("-", "-"), ("x", ""), ("asdf", "asdf")])
        if rng.random() < 0.1 and src in ('web_form', 'webinar', 'support', 'events_app'):
            last = ''  # only a first name given
        if first.strip():
            out['first_name'] = first
        if last.strip():
            out['last_name'] = last
    # company
    if st['job'] and rng.random() < pc and (p.profile != 'consumer' or rng.random() < 0.3):
        out['company'] = R.company(st['job'], rec_rng if src == 'crm' else rng, lv,
                                   style['company_mode'] if style else None, case_mode, keep_acc)
    elif not st['job'] and rng.random() < pc * 0.15 and src in ('web_form', 'events_app', 'import', 'webinar'):
        out['company'] = rng.choice(["Self-employed", "Self", "Private", "Freelance", "Retired", "Student", "n/a", "-", "none"])
    elif src == 'web_form' and 'company' not in out and rng.random() < 0.02:
        out['company'] = rng.choice(PLACEHOLDER_TEXT)
    # properties
    props = {}
    if only is None:
        if style:
            plist = {k: 0.85 for k in style['props']}
        else:
            plist = PROPS[src]
        job = st['job']
        b2b_loc = job is not None and src not in ('billing',) or (src == 'billing' and job and p.profile != 'consumer' and rng.random() < 0.6)
        loc_addr = job['off']['addr'] if b2b_loc and job else st['addr']
        city = loc_addr['city']
        for k, pr in plist.items():
            if rng.random() >= pr:
                continue
            v = None
            if k == 'jobtitle' and job:
                ti = job['title']
                v = ti[0] if rng.random() < 0.6 else rng.choice(ti[2] or [ti[0]])
                v = R.noise_text(v, rng, lv * 0.7, case_mode)
            elif k == 'department' and job and job['title'][1]:
                v = job['title'][1]
                v = v.lower() if rng.random() < 0.15 else v
            elif k == 'city':
                v = city[0] if rng.random() < 0.75 else rng.choice(city[1] or [city[0]])
                v = R.script(v, p, rng, keep_acc) if p.c != 'JP' else jp_form(v, 'plain')
                v = R.noise_text(v, rng, lv * 0.5, case_mode)
            elif k == 'state':
                v = city[2] if rng.random() < 0.7 else rng.choice(city[3] or [city[2]])
                v = jp_form(v, 'plain') if loc_addr['c'] == 'JP' else v
            elif k == 'zip':
                v = loc_addr['zip']
                if loc_addr['c'] in ('BR', 'JP') and rng.random() < 0.3:
                    v = v.replace('-', '')
                if loc_addr['c'] == 'UK' and rng.random() < 0.2:
                    v = v.replace(' ', '')
            elif k == 'country':
                v = head_choice(rng, COUNTRY_NAMES[loc_addr['c']], 6)
            elif k == 'address':
                v = fmt_address(loc_addr, rng, lv > 0.6)
                if case_mode == 'upper':
                    v = v.upper()
            elif k == 'date_of_birth':
                v = dob_str(p.dob, p.c, rng)
            elif k == 'lifecyclestage':
                v = st['stage']
            elif k == 'last_activity_date':
                la = t - dt.timedelta(seconds=rng.uniform(0, 20 * 86400))
                r = rng.random()
                v = (la.date().isoformat() if r < 0.5 else la.strftime('%Y-%m-%dT%H:%M:%SZ') if r < 0.85
                     else str(int(la.timestamp() * 1000)))
            elif k == 'linkedin_url':
                v = rng.choice(["https://www.linkedin.com/in/{}", "https://linkedin.com/in/{}/", "linkedin.com/in/{}",
                                "http://www.linkedin.com/in/{}", "www.linkedin.com/in/{}/"]).format(p.linkedin)
            if v is not None and v.strip():
                props[k] = v
    if props:
        out['properties'] = props
    # make sure something identifying is there
    if not any(k in out for k in ('email', 'phone', 'first_name', 'last_name', 'company', 'external_id')):
        addr = R.email_pick(p, st, rng, src)
        if addr:
            out['email'] = R.email_render(addr, rng, lv)
        else:
            out['phone'] = R.phone(p, st, rng, src)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--persons', type=int, required=True)
    ap.add_argument('--events', type=int, required=True)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--out', required=True)
    ap.add_argument('--labels', required=True)
    a = ap.parse_args()
    world = World(a.persons, a.seed)
    evs = build_stream(world, a.events, a.seed)
    R = Renderer(world, a.seed)
    ids = set()
    with open(a.out, 'w', encoding='utf-8') as fo, open(a.labels, 'w', encoding='utf-8') as fl:
        for e in evs:
            while True:
                eid = 'evt_' + '%016x' % R.rng.getrandbits(64)
                if eid not in ids:
                    ids.add(eid)
                    break
            ev = render_event(R, e, eid)
            fo.write(json.dumps(ev, ensure_ascii=False) + '\n')
            fl.write(json.dumps({'event_id': eid, 'person': e['p'].id}) + '\n')


if __name__ == '__main__':
    main()
