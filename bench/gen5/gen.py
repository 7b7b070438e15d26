#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""
gen.py - independent synthetic generator of CRM contact events with truth labels.

    python3 gen.py --persons 2000 --events 10000 --seed N --out events.jsonl --labels labels.jsonl

Standard library only (deterministic for a given seed; faker is NOT needed).

NOISE MODEL / RATES  (targets of the generative model; "measured" = seeds 501-504)
------------------------------------------------------------------------------
Population
  * 12 countries, weights US 26, UK 12, DE 10, FR 8, IN 8, CA 6, AU 6, ES 5, BR 5,
    JP 5, NL 5, SE 4 (realised mix varies by seed because company sizes are skewed).
    Name origin follows the company country; 5-25% of persons in US/UK/CA/AU/NL/SE
    carry names of another origin (IN, ES, FR-CA, ...).  Name lists Zipf(0.5).
  * 0.22 companies per person, Zipf(0.75) sizes (largest ~120-130 contacts, ~100
    single-contact companies).  Each company: legal name + suffix (Inc., GmbH,
    S.A.S., K.K., Pty Ltd ...), own domain (50% .com, else ccTLD), 10% an alias
    domain, ONE e-mail pattern (first.last 42%, flast 18%, f.last 8%, firstlast 7%,
    first 7%, firstl 5%, first_last 5%, last.first 4%, lastf 4%; collisions get a
    middle initial or a digit), switchboard, office address, role mailboxes
    (info@/sales@/contact@/kontakt@ ...; accounts@/billing@/ap@/compta@/ekonomi@ ...).
  * 6% freelancers ("Self-employed"/"Freelance"/own consultancy; personal mailbox
    doubles as work mailbox, 40% of named consultancies have their own domain).
  * ~55% of persons have a personal mailbox at real consumer providers of their
    country (gmail, outlook, yahoo.co.uk, web.de, gmx.de, orange.fr, free.fr,
    rediffmail, yahoo.co.jp, uol.com.br, ziggo.nl, telia.com, bigpond.com ...);
    8% of those have two; 8% of personal handles are not derived from the name.
  * 80% have a mobile; 38% a direct work line (25% of those = switchboard + ext.,
    8% = bare switchboard, i.e. shared by colleagues); half of the couples share a
    home landline.  Numbers use real area codes / mobile prefixes and correct
    lengths; rendered in national / international / E.164 variants per country.
  * Namesakes: 1.5% of persons copy the exact name of an earlier person of the same
    origin (25% of them at the same company); with natural collisions ~7-9% of
    persons share their exact legal name with another person (~1% at the same
    company).  Couples (~3% of persons, ~55 pairs): shared personal mailbox
    (smithfamily@gmail.com, john.and.mary@..., thesmiths@...), 60% same surname.
  * Life events, always placed in a gap of >=14 days between the person's events:
    job change for 20% of persons with >=3 events (8% with 2) = ~8-11% of persons,
    6% of them twice; 92% stay in the country.  New company, new work mailbox,
    title, direct line; same mobile and personal mailbox.  Promotions (20% of jobs).
    Surname change (marriage) for 12% of women with >=3 events (20% hyphenated,
    ~30-40 persons); 50% get a renamed work mailbox, later jobs use the new name.
  * Names: goes-by/nickname for ~40% of people whose name has one (Bob/Robert,
    Liz/Elizabeth, Paco/Francisco, Kees/Cornelis (Dutch roepnaam 90%) ...),
    ~13% of persons overall; 4% of people with a middle name go by it; 30% of
    US/UK persons have a middle name; 8% of Germans carry "Dr."; ES double
    surnames (85%), BR compound surnames (60%), NL tussenvoegsels, JP names with
    long vowels (Satō), IN initial-style surnames (12% of IN persons).
  * Events per person: 1 + multinomial over lognormal(sigma 1.25) weights (capped),
    customers x1.6, newsletter-only x0.6, 25% "one-off" people x0.05.  Measured at
    5 events/person: ~37% have 1 event, ~64% 1-3, ~4.5% 20+ (max ~100); at 10
    events/person: ~26% / ~47% / ~12% (max ~200).
Sources / events
  * source mix per person profile (prospect 55%, customer 30%, newsletter 15%);
    measured: crm 23%, web_form 21%, webinar 14%, support 9%, billing 9%, chat 9%,
    import 8%, events_app 7.5%.  external_id stable per (person, source), never
    shared: crm (Salesforce-style 18-char id with valid case checksum, 100%),
    billing (cus_..., 100%), support (12-digit, 92%), events_app (A+7 digits, 75%),
    chat (24-hex visitor id, 85%); web_form / webinar / import have none.
  * webinar / events_app / import events cluster on campaign dates (~73 webinars,
    ~16 conferences, ~60 import batches with their own upper-case / phone format /
    country spelling / Excel style).  Imports describe the person as of 0-300 days
    earlier (stale company, title, surname); CRM lags ~60 days 30% of the time,
    billing 20%; webinar/events_app re-use the previous job 5% after a change.
    CRM/billing/support/events_app keep the name spelling they stored (85%).
    30% of events come in bursts minutes after the previous one (form -> CRM sync);
    1.5% are exact re-sends (same payload, new event_id, 1-90 s later).
  * field presence per source, e.g. e-mail: web_form 97%, webinar 99%, billing 97%,
    crm 93%, support 90%, events_app 82%, import 78%, chat 55%; phone: crm 65%,
    billing 45%, import 55%, web_form 30%, chat 20%.  first+last travel together.
    Sparse events: e-mail only (web_form 15%, chat 25%, support 10%, billing 5%),
    phone only (chat 8%, support 8%), name+company only (import 12%, events_app
    10%, crm 2%).  Measured: ~6% of events have neither e-mail nor phone, ~4% are
    e-mail-only; no event is external_id-only.
  * e-mail noise: typos 2% in self-typed sources, 1% import/events_app, 0.4% else
    (gmial.com, gmail.con, hotmial.com, transpositions, dropped dot ...); case
    changes 1-3%; surrounding spaces 1%; gmail dot/+tag variants, googlemail.com;
    company alias domain (10% of its events); mailbox aliases (jsmith@ and
    john.smith@ for 10% of persons); stale work mailbox after job change; role
    mailboxes (billing accounts@ 15%, forms info@ 2%, support it@ 3%, import 3%);
    couple mailbox; "Name <mail>" in imports 0.5%; garbage 1% in typed sources
    ("test@test.com", "n/a", "none@none.com", "noemail@gmail.com", "-").
  * name noise: nickname vs formal, initials (2% formal sources), middle name or
    initial (up to 11%), accents folded 12-45% by source (Müller/Muller/Mueller,
    Côté/Cote, Satō/Sato/Satoh/Satou), case changes (5% typed, per-person lower/
    upper typists, 25% of import batches upper-case), typos ~1-3% typed, 0.5-1%
    systems, swapped first/last 0.6-2% (JP 12%), full name in first_name (support
    12%, chat 15%, billing 4%, web_form 2%), last-name initial (chat 6%), ES/BR
    surnames shortened 40-50%, Dutch "van den" variants, O'Brien -> OBrien,
    stray whitespace 2%, garbage 0.8% ("test", "n/a", "-", "?").
  * phone noise: per-person typing habit (75%) + per-source format (crm 45% E.164,
    billing 70% E.164), digit typos 2% typed / 1.2% import / 0.4% else, Excel damage
    in imports (lost leading 0 or '+'), extensions (" x123", " ext. 123"), garbage
    0.7% ("0000000000", "1234567890", "n/a").
  * company noise: legal vs short name, suffix spelling ("Inc"/"Inc."/", Inc."),
    acronyms, '&'/'and', GmbH/Gmbh, case, typos 2.5% typed / 0.8% else, garbage
    1.2% ("n/a", "none", "-", "self").  Properties: jobtitle (one canonical title
    per job and level, spelled Sr./Senior, VP of/Vice President, local-language
    titles such as Geschäftsführer/Directeur commercial), address/city/state/zip/
    country with abbreviation and format variants (St/Street, Straße/Str., C/,
    Munich/München/Muenchen, USA/United States/U.S., ZIP+4, lost leading zeros),
    lifecyclestage (crm, progressing over time), industry/website (crm),
    form_name / webinar_name / event_name (shared by many people, not identifying).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import re
import sys
import unicodedata
import uuid
import random as _random

DAY = 86400.0
EPOCH = dt.datetime(2023, 1, 1, tzinfo=dt.timezone.utc)
SPAN_DAYS = 730
SPAN = SPAN_DAYS * DAY


def L(s):
    return [x.strip() for x in s.split(",") if x.strip()]


# ---------------------------------------------------------------------------
# Name data
# ---------------------------------------------------------------------------
NAMES = {
    "en_us": dict(
        m=L("James,John,Robert,Michael,William,David,Richard,Joseph,Thomas,Charles,Christopher,Daniel,"
            "Matthew,Anthony,Mark,Donald,Steven,Paul,Andrew,Joshua,Kenneth,Kevin,Brian,George,Timothy,"
            "Ronald,Edward,Jason,Jeffrey,Ryan,Jacob,Gary,Nicholas,Eric,Jonathan,Stephen,Lawrence,Justin,"
            "Scott,Brandon,Benjamin,Samuel,Gregory,Alexander,Frank,Patrick,Raymond,Jack,Dennis,Gerald,"
            "Tyler,Aaron,Nathan,Henry,Peter,Adam,Zachary,Douglas,Kyle,Ethan,Noah,Logan,Austin,Sean,"
            "Christian,Jordan,Dylan,Bradley,Derek,Marcus,Travis,Wei,Kevin,Jeremy,Keith,Craig"),
        f=L("Mary,Patricia,Jennifer,Linda,Elizabeth,Barbara,Susan,Jessica,Sarah,Karen,Lisa,Nancy,Margaret,"
            "Sandra,Ashley,Kimberly,Emily,Donna,Michelle,Carol,Amanda,Melissa,Deborah,Stephanie,Rebecca,"
            "Sharon,Laura,Cynthia,Kathleen,Amy,Angela,Anna,Brenda,Pamela,Emma,Nicole,Helen,Samantha,"
            "Katherine,Christine,Rachel,Catherine,Victoria,Olivia,Megan,Lauren,Alexandra,Jacqueline,"
            "Heather,Julie,Kelly,Christina,Andrea,Erin,Tiffany,Allison,Abigail,Madison,Hannah,Grace,"
            "Chloe,Natalie,Diana,Monica,Vanessa,Courtney,Lindsay,Jill,Dana"),
        l=L("Smith,Johnson,Williams,Brown,Jones,Garcia,Miller,Davis,Rodriguez,Martinez,Hernandez,Lopez,"
            "Gonzalez,Wilson,Anderson,Thomas,Taylor,Moore,Jackson,Martin,Lee,Perez,Thompson,White,Harris,"
            "Sanchez,Clark,Ramirez,Lewis,Robinson,Walker,Young,Allen,King,Wright,Scott,Torres,Nguyen,Hill,"
            "Flores,Green,Adams,Nelson,Baker,Hall,Rivera,Campbell,Mitchell,Carter,Roberts,Gomez,Phillips,"
            "Evans,Turner,Diaz,Parker,Cruz,Edwards,Collins,Reyes,Stewart,Morris,Morales,Murphy,Cook,Rogers,"
            "Gutierrez,Ortiz,Morgan,Cooper,Peterson,Bailey,Reed,Kelly,Howard,Ramos,Kim,Cox,Ward,Richardson,"
            "Watson,Brooks,Chavez,Wood,James,Bennett,Gray,Mendoza,Ruiz,Hughes,Price,Alvarez,Castillo,"
            "Sanders,Patel,Myers,Long,Ross,Foster,O'Brien,McDonald,Chen,Wang,Zhang,Liu,Park,Tran,Sullivan,"
            "O'Connor,Fitzgerald,Schmidt,Novak,Kowalski,Russo,DeAngelo,Goldberg,Cohen,Friedman,Shapiro"),
    ),
    "en_uk": dict(
        m=L("Oliver,George,Harry,Jack,Jacob,Charlie,Thomas,Oscar,William,James,Henry,Alfie,Joshua,Daniel,"
            "David,Paul,Mark,Andrew,Richard,Simon,Ian,Stuart,Neil,Gareth,Graham,Alistair,Callum,Rhys,Owen,"
            "Matthew,Christopher,Stephen,Robert,Michael,Edward,Benjamin,Samuel,Peter,Jonathan,Nicholas,"
            "Martin,Philip,Adrian,Duncan,Hamish,Rory,Liam,Connor,Lewis,Jamie,Toby,Rupert,Hugh,Nigel,Colin,Keith"),
        f=L("Olivia,Amelia,Isla,Ava,Emily,Sophie,Grace,Lily,Chloe,Charlotte,Emma,Sarah,Rachel,Claire,Helen,"
            "Joanne,Nicola,Karen,Victoria,Elizabeth,Catherine,Rebecca,Hannah,Laura,Lucy,Fiona,Kirsty,"
            "Siobhan,Gemma,Natalie,Jessica,Katherine,Harriet,Eleanor,Margaret,Alison,Louise,Zoe,Amy,Jane,"
            "Caroline,Susan,Philippa,Imogen,Georgina,Megan,Bethan,Ruth,Sian,Abigail"),
        l=L("Smith,Jones,Taylor,Brown,Williams,Wilson,Johnson,Davies,Robinson,Wright,Thompson,Evans,Walker,"
            "White,Roberts,Green,Hall,Wood,Jackson,Clarke,Patel,Khan,Lewis,James,Phillips,Mason,Mitchell,Rose,"
            "Davis,Hughes,Turner,Cooper,Hill,Ward,Morris,Moore,Clark,Lee,King,Harris,Baker,Harrison,Morgan,"
            "Allen,Edwards,Scott,Young,Watson,Campbell,Murray,Stewart,MacLeod,Fletcher,Parry,Price,Shaw,Ahmed,"
            "Ali,Bell,Kelly,Marshall,Simpson,Ellis,Chapman,Webb,Griffiths,Lloyd,Owen,Knight,Bennett,Cox,"
            "Barker,Holmes,Palmer,Fraser,McKenzie,O'Neill,Reid,Gordon,Ross,Hunter,Graham,Fox,Saunders,Pearce,"
            "Ashworth,Whitaker,Hargreaves,Sutcliffe,Pemberton,Fairbairn"),
    ),
    "de": dict(
        m=L("Thomas,Michael,Andreas,Stefan,Christian,Markus,Frank,Jürgen,Klaus,Uwe,Peter,Wolfgang,Matthias,"
            "Alexander,Daniel,Sebastian,Jan,Tobias,Florian,Martin,Jörg,Dirk,Sven,Lukas,Maximilian,Johannes,"
            "Philipp,Felix,Jens,Ralf,Bernd,Torsten,Oliver,Björn,Kai,Moritz,Niklas,Günter,Hans-Peter,Karl-Heinz"),
        f=L("Sabine,Claudia,Susanne,Petra,Andrea,Nicole,Stefanie,Julia,Katharina,Anna,Sandra,Birgit,Monika,"
            "Ursula,Martina,Christina,Anja,Kerstin,Melanie,Laura,Lena,Sarah,Jana,Franziska,Heike,Silke,"
            "Annika,Jessica,Bärbel,Jutta,Lea,Marie,Sophie,Anne-Kathrin,Karin,Gabriele,Tanja,Nadine"),
        l=L("Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Schäfer,Koch,Bauer,"
            "Richter,Klein,Wolf,Schröder,Neumann,Schwarz,Zimmermann,Braun,Krüger,Hofmann,Hartmann,Lange,"
            "Schmitt,Werner,Schmitz,Krause,Meier,Lehmann,Schmid,Schulze,Maier,Köhler,Herrmann,König,Walter,"
            "Mayer,Huber,Kaiser,Fuchs,Peters,Lang,Scholz,Möller,Weiß,Jung,Hahn,Schubert,Vogel,Friedrich,"
            "Keller,Günther,Frank,Berger,Winkler,Roth,Beck,Lorenz,Baumann,Franke,Albrecht,Schuster,Simon,"
            "Ludwig,Böhm,Winter,Kraus,Schumacher,Krämer,Vogt,Stein,Jäger,Otto,Sommer,Groß,Seidel,Heinrich,"
            "Brandt,Haas,Schreiber,Graf,Dietrich,Ziegler,Kuhn,Kühn,Pohl,Engel,Horn,Busch,Bergmann,Voigt,"
            "von der Heide,von Berg,Yılmaz,Kaya,Nowak"),
    ),
    "fr": dict(
        m=L("Jean,Pierre,Michel,Philippe,Alain,Nicolas,Christophe,Patrick,Laurent,Éric,Stéphane,Frédéric,"
            "Julien,Sébastien,Thomas,Olivier,David,Vincent,Guillaume,Antoine,Maxime,Alexandre,Mathieu,"
            "François,Jérôme,Romain,Benoît,Hugo,Lucas,Louis,Arnaud,Cédric,Jean-Pierre,Jean-Luc,Jean-Marc,"
            "Hervé,Thierry,Bruno,Damien,Clément"),
        f=L("Marie,Nathalie,Isabelle,Sylvie,Catherine,Françoise,Valérie,Sandrine,Stéphanie,Céline,Julie,"
            "Aurélie,Camille,Émilie,Sophie,Christine,Anne,Caroline,Élodie,Claire,Laure,Hélène,Chloé,Léa,"
            "Manon,Pauline,Mathilde,Anne-Sophie,Marie-Claire,Virginie,Delphine,Agnès,Béatrice,Margaux"),
        l=L("Martin,Bernard,Thomas,Petit,Robert,Richard,Durand,Dubois,Moreau,Laurent,Simon,Michel,Lefèvre,"
            "Leroy,Roux,David,Bertrand,Morel,Fournier,Girard,Bonnet,Dupont,Lambert,Fontaine,Rousseau,Vincent,"
            "Muller,Lefebvre,Faure,André,Mercier,Blanc,Guérin,Boyer,Garnier,Chevalier,François,Legrand,"
            "Gauthier,Garcia,Perrin,Robin,Clément,Morin,Nicolas,Henry,Roussel,Mathieu,Gautier,Masson,"
            "Marchand,Duval,Denis,Dumont,Lemaire,Noël,Meyer,Dufour,Meunier,Brun,Blanchard,Giraud,Joly,"
            "Rivière,Lucas,Brunet,Gaillard,Barbier,Arnaud,Le Gall,Le Goff,Da Silva,Lévêque,Ménard,Carré"),
    ),
    "frca": dict(
        m=L("Jean,Marc,Luc,Pierre,François,Mathieu,Simon,Alexandre,Olivier,Étienne,Sébastien,Guillaume,"
            "Martin,Jean-François,Louis,Philippe,Éric,Gabriel,Félix,Samuel"),
        f=L("Marie,Julie,Isabelle,Nathalie,Catherine,Sophie,Geneviève,Mélanie,Valérie,Chantal,Marie-Ève,"
            "Émilie,Caroline,Annie,Josée,Audrey,Karine,Stéphanie,Véronique,Élise"),
        l=L("Tremblay,Gagnon,Roy,Côté,Bouchard,Gauthier,Morin,Lavoie,Fortin,Gagné,Ouellet,Pelletier,"
            "Bélanger,Lévesque,Bergeron,Leblanc,Paquette,Girard,Simard,Boucher,Caron,Beaulieu,Cloutier,"
            "Dubé,Poirier,Fournier,Lapointe,Leclerc,Lefebvre,Poulin,Thibault,St-Pierre,Nadeau,Landry,"
            "Martel,Bédard,Grenier,Lessard,Bernier,Hébert,Desjardins,Couture,Lachance,Gosselin,Proulx"),
    ),
    "in": dict(
        m=L("Rahul,Amit,Rajesh,Suresh,Ramesh,Sanjay,Vijay,Anil,Sunil,Arun,Deepak,Manoj,Ravi,Ashok,Vikram,"
            "Arjun,Karthik,Prakash,Srinivas,Venkatesh,Aditya,Rohit,Nikhil,Abhishek,Pradeep,Sandeep,Gaurav,"
            "Vivek,Harish,Naveen,Mohammed,Imran,Anand,Krishna,Siddharth,Varun,Kunal,Manish,Ajay,Mahesh"),
        f=L("Priya,Anjali,Sunita,Pooja,Neha,Kavita,Deepa,Lakshmi,Divya,Swati,Anita,Meera,Shruti,Aishwarya,"
            "Ritu,Sneha,Nisha,Rekha,Geeta,Shweta,Preeti,Kavya,Ananya,Aarti,Radhika,Sangeeta,Jyoti,Pallavi,"
            "Madhuri,Fatima,Shalini,Nandini,Bhavna,Sapna"),
        l=L("Sharma,Verma,Gupta,Singh,Kumar,Patel,Shah,Mehta,Reddy,Rao,Nair,Iyer,Menon,Pillai,Krishnan,"
            "Subramanian,Agarwal,Jain,Bansal,Chopra,Kapoor,Malhotra,Joshi,Desai,Kulkarni,Patil,Deshpande,"
            "Chatterjee,Banerjee,Mukherjee,Das,Bose,Ghosh,Sen,Khan,Ahmed,Hussain,Naidu,Choudhary,Yadav,"
            "Mishra,Pandey,Tiwari,Srivastava,Saxena,Bhat,Hegde,Shetty,Venkataraman,Raghavan,Goyal,Arora,"
            "Sethi,Bhatia,Gill,Dutta,Chauhan,Thakur"),
    ),
    "jp": dict(
        m=L("Hiroshi,Takashi,Kenji,Satoshi,Makoto,Yūki,Daisuke,Kazuki,Takuya,Shōta,Ryōta,Naoki,Akira,Kenta,"
            "Yūsuke,Tetsuya,Masahiro,Kōji,Shinji,Yoshio,Haruto,Sōta,Kaito,Tomoya,Shun,Kōhei,Yūta,Ryūji"),
        f=L("Yūko,Keiko,Tomoko,Akiko,Yumi,Naomi,Mayumi,Sakura,Yui,Aoi,Haruka,Misaki,Ayumi,Emi,Kaori,"
            "Megumi,Noriko,Hitomi,Rina,Saki,Yōko,Mai,Nana,Risa,Kyōko"),
        l=L("Satō,Suzuki,Takahashi,Tanaka,Watanabe,Itō,Yamamoto,Nakamura,Kobayashi,Katō,Yoshida,Yamada,"
            "Sasaki,Yamaguchi,Matsumoto,Inoue,Kimura,Hayashi,Shimizu,Yamazaki,Mori,Abe,Ikeda,Hashimoto,"
            "Yamashita,Ishikawa,Nakajima,Maeda,Fujita,Ogawa,Gotō,Okada,Hasegawa,Murakami,Kondō,Ishii,"
            "Saitō,Sakamoto,Endō,Aoki,Fujii,Nishimura,Fukuda,Ōta,Miura,Fujiwara,Okamoto,Matsuda,Nakagawa,"
            "Nakano,Harada,Ono,Tamura,Takeuchi,Kaneko,Wada,Ishida,Ueda,Morita,Hara,Shibata,Sakai,Kudō"),
    ),
    "br": dict(
        m=L("João,José,Antônio,Francisco,Carlos,Paulo,Pedro,Lucas,Luiz,Marcos,Luís,Gabriel,Rafael,Daniel,"
            "Marcelo,Bruno,Eduardo,Felipe,Rodrigo,Gustavo,Fernando,Thiago,André,Ricardo,Leonardo,Diego,"
            "Matheus,Vinícius,Guilherme,Fábio"),
        f=L("Maria,Ana,Francisca,Antônia,Adriana,Juliana,Márcia,Fernanda,Patrícia,Aline,Camila,Amanda,"
            "Bruna,Letícia,Jéssica,Beatriz,Larissa,Mariana,Gabriela,Luciana,Vanessa,Renata,Carolina,"
            "Daniela,Tatiana,Priscila,Débora,Cláudia,Sandra,Raquel"),
        l=L("Silva,Santos,Oliveira,Souza,Rodrigues,Ferreira,Alves,Pereira,Lima,Gomes,Costa,Ribeiro,Martins,"
            "Carvalho,Almeida,Lopes,Soares,Fernandes,Vieira,Barbosa,Rocha,Dias,Nascimento,Andrade,Moreira,"
            "Nunes,Marques,Machado,Mendes,Freitas,Cardoso,Ramos,Gonçalves,Santana,Teixeira,Araújo,Moura,"
            "Correia,Cavalcanti,Monteiro,Castro,Campos,Pinto,Azevedo,Reis,Conceição,Magalhães,Batista"),
    ),
    "es": dict(
        m=L("Antonio,José,Manuel,Francisco,David,Juan,Javier,José Luis,Daniel,Carlos,Jesús,Alejandro,Miguel,"
            "Rafael,Pablo,Sergio,Fernando,Jorge,Alberto,Luis,Álvaro,Diego,Adrián,Raúl,Enrique,Ramón,"
            "Vicente,Ignacio,Rubén,Óscar,Andrés,Joaquín,Santiago,Íñigo,Jordi,Xavier,Guillermo"),
        f=L("María,Carmen,Ana,Laura,Isabel,Cristina,Marta,Lucía,Pilar,Elena,Sara,Paula,Raquel,Rosa,Beatriz,"
            "Patricia,Silvia,Nuria,Irene,Andrea,Mercedes,Rocío,Montserrat,Begoña,Alba,Inés,Lorena,Sofía,"
            "Clara,Natalia,María José,Dolores"),
        l=L("García,Rodríguez,González,Fernández,López,Martínez,Sánchez,Pérez,Gómez,Martín,Jiménez,Ruiz,"
            "Hernández,Díaz,Moreno,Muñoz,Álvarez,Romero,Alonso,Gutiérrez,Navarro,Torres,Domínguez,Vázquez,"
            "Ramos,Gil,Ramírez,Serrano,Blanco,Molina,Morales,Suárez,Ortega,Delgado,Castro,Ortiz,Rubio,Marín,"
            "Sanz,Núñez,Iglesias,Medina,Garrido,Cortés,Castillo,Santos,Lozano,Guerrero,Cano,Prieto,Méndez,"
            "Cruz,Calvo,Gallego,Vidal,León,Márquez,Herrera,Peña,Flores,Cabrera,Campos,Vega,Fuentes"),
    ),
    "nl": dict(
        m=L("Jan,Pieter,Kees,Hendrik,Johannes,Willem,Dirk,Thomas,Daan,Sander,Bas,Jeroen,Martijn,Maarten,"
            "Joost,Ruud,Bart,Niels,Tim,Rick,Stefan,Erik,Mark,Lars,Jasper,Wouter,Koen,Arjen,Bram,Thijs,"
            "Sjoerd,Gert-Jan,Jan-Willem,Cornelis,Gerardus,Wilhelmus,Petrus"),
        f=L("Anna,Maria,Sanne,Lotte,Eva,Femke,Anouk,Lisa,Marieke,Inge,Ingrid,Esther,Linda,Sandra,Monique,"
            "Mirjam,Saskia,Annemieke,Wendy,Petra,Judith,Marloes,Fleur,Iris,Sophie,Emma,Julia,Noor,Tessa,"
            "Ilse,Johanna,Wilhelmina"),
        l=L("de Jong,Jansen,de Vries,van den Berg,van Dijk,Bakker,Janssen,Visser,Smit,Meijer,de Boer,Mulder,"
            "de Groot,Bos,Vos,Peters,Hendriks,van Leeuwen,Dekker,Brouwer,de Wit,Dijkstra,Smits,de Graaf,"
            "van der Meer,van der Linden,Kok,Jacobs,de Haan,Vermeulen,van den Heuvel,van der Veen,"
            "van den Broek,de Bruijn,van der Heijden,Schouten,van Beek,Willems,van Vliet,van de Ven,"
            "Hoekstra,Maas,Verhoeven,Koster,van Dam,van der Wal,Prins,Blom,Huisman,Kuipers,van Wijk,Post"),
    ),
    "se": dict(
        m=L("Lars,Anders,Johan,Per,Erik,Karl,Peter,Mikael,Jan,Thomas,Daniel,Fredrik,Hans,Andreas,Stefan,"
            "Mats,Magnus,Mattias,Niklas,Björn,Oskar,Gustav,Axel,Viktor,Henrik,Jonas,Ulf,Göran,Håkan,Linus,Emil"),
        f=L("Anna,Maria,Eva,Karin,Kristina,Lena,Sara,Emma,Ingrid,Kerstin,Marie,Malin,Jenny,Annika,Sofia,"
            "Linnéa,Elin,Ida,Hanna,Johanna,Åsa,Ulrika,Helena,Camilla,Frida,Maja,Elsa,Astrid,Cecilia,Katarina"),
        l=L("Andersson,Johansson,Karlsson,Nilsson,Eriksson,Larsson,Olsson,Persson,Svensson,Gustafsson,"
            "Pettersson,Jonsson,Jansson,Hansson,Bengtsson,Jönsson,Lindberg,Jakobsson,Magnusson,Olofsson,"
            "Lindström,Lindqvist,Lindgren,Berg,Axelsson,Bergström,Lundberg,Lind,Lundgren,Lundqvist,"
            "Mattsson,Berglund,Fredriksson,Sandberg,Henriksson,Forsberg,Sjöberg,Wallin,Engström,Eklund,"
            "Danielsson,Lundin,Håkansson,Björk,Bergman,Holm,Nyström,Holmberg,Löfgren,Söderberg,Åberg,Ström"),
    ),
}

NICK = {
    # English
    "Robert": ["Bob", "Rob", "Bobby"], "William": ["Bill", "Will", "Billy"], "Richard": ["Rick", "Rich", "Dick"],
    "James": ["Jim", "Jimmy", "Jamie"], "John": ["Jack", "Johnny"], "Michael": ["Mike", "Mick"],
    "Thomas": ["Tom", "Tommy"], "Christopher": ["Chris"], "Daniel": ["Dan", "Danny"], "Matthew": ["Matt"],
    "Anthony": ["Tony"], "Joseph": ["Joe"], "Steven": ["Steve"], "Stephen": ["Steve"], "Andrew": ["Andy", "Drew"],
    "Joshua": ["Josh"], "Kenneth": ["Ken", "Kenny"], "Timothy": ["Tim"], "Ronald": ["Ron"],
    "Edward": ["Ed", "Eddie", "Ted"], "Jeffrey": ["Jeff"], "Jacob": ["Jake"], "Gregory": ["Greg"],
    "Nicholas": ["Nick"], "Jonathan": ["Jon"], "Benjamin": ["Ben"], "Samuel": ["Sam"],
    "Alexander": ["Alex"], "Patrick": ["Pat"], "Raymond": ["Ray"], "Gerald": ["Jerry", "Gerry"],
    "Zachary": ["Zach", "Zack"], "Douglas": ["Doug"], "Nathan": ["Nate"], "Peter": ["Pete"],
    "Henry": ["Harry", "Hank"], "Charles": ["Charlie", "Chuck"], "David": ["Dave"], "Donald": ["Don"],
    "Lawrence": ["Larry"], "Oliver": ["Ollie"], "Stuart": ["Stu"], "Philip": ["Phil"], "Bradley": ["Brad"],
    "Elizabeth": ["Liz", "Beth", "Lizzie"], "Katherine": ["Kate", "Katie", "Kathy"], "Catherine": ["Cathy", "Kate"],
    "Kathleen": ["Kathy"], "Margaret": ["Maggie", "Meg", "Peggy"], "Jennifer": ["Jen", "Jenny"],
    "Jessica": ["Jess"], "Patricia": ["Pat", "Trish", "Patty"], "Susan": ["Sue"], "Deborah": ["Debbie", "Deb"],
    "Rebecca": ["Becky", "Becca"], "Victoria": ["Vicky", "Tori"], "Samantha": ["Sam"],
    "Christine": ["Chris"], "Alexandra": ["Alex", "Lexi"], "Kimberly": ["Kim"], "Stephanie": ["Steph"],
    "Pamela": ["Pam"], "Cynthia": ["Cindy"], "Barbara": ["Barb"], "Amanda": ["Mandy"], "Melissa": ["Mel"],
    "Jacqueline": ["Jackie"], "Abigail": ["Abby"], "Eleanor": ["Ellie"], "Natalie": ["Nat"],
    "Nicola": ["Nicky"], "Philippa": ["Pippa"], "Georgina": ["Georgie"], "Christina": ["Tina"],
    # German
    "Johannes": ["Hannes", "Jo"], "Stefanie": ["Steffi"], "Katharina": ["Kathi"], "Maximilian": ["Max"],
    "Sebastian": ["Basti"], "Andreas": ["Andi"], "Tobias": ["Tobi"], "Florian": ["Flo"],
    "Franziska": ["Franzi"], "Susanne": ["Susi"], "Christian": ["Chris"],
    # French
    "Nicolas": ["Nico"], "Alexandre": ["Alex"], "Christophe": ["Chris"], "Frédéric": ["Fred"],
    "Maxime": ["Max"], "Jean-Pierre": ["JP"], "Stéphanie": ["Steph"],
    # Spanish / Portuguese
    "Francisco": ["Paco", "Fran"], "José": ["Pepe"], "José Luis": ["Pepe", "José"], "Manuel": ["Manolo", "Manu"],
    "Alejandro": ["Álex"], "Ignacio": ["Nacho"], "Dolores": ["Lola"], "María José": ["Majo", "María"],
    "Montserrat": ["Montse"], "Enrique": ["Quique"], "Santiago": ["Santi"], "Guillermo": ["Guille"],
    "Beatriz": ["Bea"], "Eduardo": ["Edu"], "Rafael": ["Rafa"], "Gabriela": ["Gabi"], "Fernanda": ["Nanda"],
    "Guilherme": ["Gui"],
    # Dutch roepnamen (formal name -> everyday name)
    "Cornelis": ["Kees"], "Gerardus": ["Gerard", "Gert"], "Wilhelmus": ["Wim"], "Petrus": ["Peter"],
    "Hendrik": ["Henk"], "Willem": ["Wim"], "Pieter": ["Piet"], "Wilhelmina": ["Mien", "Wilma"],
    "Johanna": ["Jo", "Anneke"],
    # Swedish / Indian / Japanese
    "Mikael": ["Micke"], "Kristina": ["Stina"], "Katarina": ["Kattis"],
    "Venkatesh": ["Venky"], "Srinivas": ["Srini"], "Siddharth": ["Sid"], "Abhishek": ["Abhi"],
    "Kenji": ["Ken"], "Masahiro": ["Masa"], "Yoshio": ["Yoshi"], "Takashi": ["Taka"], "Hiroshi": ["Hiro"],
}
DUTCH_FORMAL = {"Cornelis", "Gerardus", "Wilhelmus", "Petrus", "Wilhelmina", "Johanna"}

# ---------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------
# city tuple: (city, state_abbr, state_full, zip_spec, area_codes / landline spec, tz, street_pool_key, aliases)
COUNTRIES = {
    "US": dict(w=26, cc="1", tz=-5, names={"en_us": 84, "es": 7, "in": 5, "en_uk": 2, "fr": 1, "de": 1},
               cname=["US", "USA", "United States", "United States of America", "U.S."],
               providers=[("gmail.com", 45), ("yahoo.com", 12), ("outlook.com", 10), ("hotmail.com", 9),
                          ("icloud.com", 9), ("aol.com", 5), ("comcast.net", 4), ("me.com", 2), ("att.net", 2)],
               tlds=["com"], suffix=[("Inc.", 45), ("LLC", 25), ("Corp.", 12), ("Co.", 4), ("", 14)]),
    "CA": dict(w=6, cc="1", tz=-5, names={"en_us": 66, "frca": 20, "in": 7, "en_uk": 4, "es": 3},
               cname=["CA", "Canada", "CAN"],
               providers=[("gmail.com", 45), ("hotmail.com", 14), ("outlook.com", 10), ("yahoo.ca", 9),
                          ("rogers.com", 7), ("shaw.ca", 5), ("sympatico.ca", 4), ("videotron.ca", 3),
                          ("icloud.com", 3)],
               tlds=["ca"], suffix=[("Inc.", 50), ("Ltd.", 25), ("Corp.", 10), ("", 15)]),
    "UK": dict(w=12, cc="44", tz=0, names={"en_uk": 84, "in": 8, "fr": 2, "de": 2, "es": 2, "nl": 1, "se": 1},
               cname=["GB", "UK", "United Kingdom", "Great Britain", "U.K."],
               providers=[("gmail.com", 38), ("hotmail.co.uk", 14), ("yahoo.co.uk", 12), ("outlook.com", 10),
                          ("btinternet.com", 9), ("icloud.com", 6), ("sky.com", 5), ("live.co.uk", 4),
                          ("googlemail.com", 2)],
               tlds=["co.uk"], suffix=[("Ltd", 60), ("Limited", 10), ("PLC", 8), ("LLP", 5), ("", 17)]),
    "DE": dict(w=10, cc="49", tz=1, names={"de": 90, "en_uk": 3, "fr": 2, "es": 1, "in": 2, "nl": 1, "se": 1},
               cname=["DE", "Germany", "Deutschland", "GER"],
               providers=[("gmail.com", 22), ("web.de", 20), ("gmx.de", 16), ("gmx.net", 8), ("t-online.de", 12),
                          ("outlook.de", 6), ("yahoo.de", 5), ("freenet.de", 4), ("posteo.de", 3),
                          ("icloud.com", 4)],
               tlds=["de"], suffix=[("GmbH", 68), ("AG", 14), ("SE", 3), ("GmbH & Co. KG", 8), ("KG", 3), ("", 4)]),
    "FR": dict(w=8, cc="33", tz=1, names={"fr": 92, "es": 3, "en_uk": 2, "de": 1, "br": 1, "in": 1},
               cname=["FR", "France", "FRA"],
               providers=[("gmail.com", 34), ("orange.fr", 16), ("free.fr", 10), ("hotmail.fr", 10),
                          ("laposte.net", 7), ("sfr.fr", 7), ("wanadoo.fr", 5), ("yahoo.fr", 7), ("outlook.fr", 4)],
               tlds=["fr"], suffix=[("SAS", 50), ("SA", 20), ("SARL", 18), ("", 12)]),
    "IN": dict(w=8, cc="91", tz=5.5, names={"in": 97, "en_uk": 2, "en_us": 1},
               cname=["IN", "India", "IND"],
               providers=[("gmail.com", 68), ("yahoo.co.in", 10), ("rediffmail.com", 8), ("outlook.com", 7),
                          ("hotmail.com", 5), ("yahoo.com", 2)],
               tlds=["in", "co.in"], suffix=[("Pvt. Ltd.", 55), ("Private Limited", 15), ("Ltd.", 15), ("", 15)]),
    "JP": dict(w=5, cc="81", tz=9, names={"jp": 97, "en_us": 2, "en_uk": 1},
               cname=["JP", "Japan", "JPN"],
               providers=[("gmail.com", 40), ("yahoo.co.jp", 30), ("docomo.ne.jp", 8), ("icloud.com", 10),
                          ("outlook.jp", 6), ("ezweb.ne.jp", 6)],
               tlds=["co.jp", "jp"], suffix=[("Co., Ltd.", 55), ("K.K.", 15), ("Inc.", 15), ("Corporation", 10), ("", 5)]),
    "BR": dict(w=5, cc="55", tz=-3, names={"br": 95, "es": 3, "en_us": 1, "jp": 1},
               cname=["BR", "Brazil", "Brasil", "BRA"],
               providers=[("gmail.com", 50), ("hotmail.com", 16), ("yahoo.com.br", 10), ("outlook.com", 10),
                          ("uol.com.br", 6), ("bol.com.br", 5), ("terra.com.br", 3)],
               tlds=["com.br"], suffix=[("Ltda.", 62), ("S.A.", 22), ("ME", 4), ("", 12)]),
    "ES": dict(w=5, cc="34", tz=1, names={"es": 93, "en_uk": 2, "fr": 2, "br": 1, "de": 1, "in": 1},
               cname=["ES", "Spain", "España", "ESP"],
               providers=[("gmail.com", 48), ("hotmail.com", 14), ("hotmail.es", 10), ("yahoo.es", 9),
                          ("outlook.es", 8), ("telefonica.net", 6), ("movistar.es", 5)],
               tlds=["es"], suffix=[("S.L.", 62), ("S.A.", 25), ("SLU", 5), ("", 8)]),
    "NL": dict(w=5, cc="31", tz=1, names={"nl": 86, "de": 4, "en_uk": 4, "in": 3, "fr": 1, "es": 1, "se": 1},
               cname=["NL", "Netherlands", "The Netherlands", "Nederland", "Holland"],
               providers=[("gmail.com", 38), ("hotmail.com", 14), ("outlook.com", 10), ("ziggo.nl", 10),
                          ("kpnmail.nl", 8), ("live.nl", 8), ("hotmail.nl", 7), ("xs4all.nl", 5)],
               tlds=["nl"], suffix=[("B.V.", 80), ("N.V.", 8), ("", 12)]),
    "SE": dict(w=4, cc="46", tz=1, names={"se": 90, "en_uk": 3, "de": 2, "in": 3, "nl": 1, "fr": 1},
               cname=["SE", "Sweden", "Sverige", "SWE"],
               providers=[("gmail.com", 45), ("hotmail.com", 14), ("outlook.com", 10), ("telia.com", 10),
                          ("live.se", 8), ("hotmail.se", 8), ("icloud.com", 5)],
               tlds=["se"], suffix=[("AB", 90), ("", 10)]),
    "AU": dict(w=6, cc="61", tz=10, names={"en_uk": 74, "en_us": 12, "in": 6, "es": 2, "jp": 1, "de": 2, "nl": 1, "fr": 2},
               cname=["AU", "Australia", "AUS"],
               providers=[("gmail.com", 42), ("bigpond.com", 14), ("outlook.com", 10), ("hotmail.com", 10),
                          ("yahoo.com.au", 8), ("optusnet.com.au", 8), ("icloud.com", 6), ("iinet.net.au", 2)],
               tlds=["com.au"], suffix=[("Pty Ltd", 70), ("Ltd", 15), ("", 15)]),
}

# cities: (name, state_abbr, state_full, zip generator spec, landline spec, aliases)
#   landline spec: list of (area code, subscriber length, allowed first digits)
CITIES = {
    "US": [("New York", "NY", "New York", ["100", "101", "102"], [("212", 7, ""), ("646", 7, ""), ("917", 7, "")], ["NYC", "New York City"]),
           ("San Francisco", "CA", "California", ["941"], [("415", 7, ""), ("628", 7, "")], ["SF"]),
           ("Los Angeles", "CA", "California", ["900"], [("213", 7, ""), ("310", 7, ""), ("323", 7, "")], ["LA"]),
           ("Chicago", "IL", "Illinois", ["606"], [("312", 7, ""), ("773", 7, "")], []),
           ("Boston", "MA", "Massachusetts", ["021"], [("617", 7, ""), ("857", 7, "")], []),
           ("Seattle", "WA", "Washington", ["981"], [("206", 7, "")], []),
           ("Austin", "TX", "Texas", ["787"], [("512", 7, ""), ("737", 7, "")], []),
           ("Dallas", "TX", "Texas", ["752"], [("214", 7, ""), ("469", 7, ""), ("972", 7, "")], []),
           ("Atlanta", "GA", "Georgia", ["303"], [("404", 7, ""), ("678", 7, ""), ("470", 7, "")], []),
           ("Denver", "CO", "Colorado", ["802"], [("303", 7, ""), ("720", 7, "")], []),
           ("Miami", "FL", "Florida", ["331"], [("305", 7, ""), ("786", 7, "")], []),
           ("Philadelphia", "PA", "Pennsylvania", ["191"], [("215", 7, ""), ("267", 7, "")], ["Philly"]),
           ("Minneapolis", "MN", "Minnesota", ["554"], [("612", 7, "")], []),
           ("San Jose", "CA", "California", ["951"], [("408", 7, ""), ("669", 7, "")], []),
           ("Raleigh", "NC", "North Carolina", ["276"], [("919", 7, ""), ("984", 7, "")], []),
           ("Phoenix", "AZ", "Arizona", ["850"], [("602", 7, ""), ("480", 7, "")], []),
           ("Columbus", "OH", "Ohio", ["432"], [("614", 7, "")], []),
           ("Nashville", "TN", "Tennessee", ["372"], [("615", 7, "")], [])],
    "CA": [("Toronto", "ON", "Ontario", ["M5V", "M5H", "M4W", "M5J", "M2N"], [("416", 7, ""), ("647", 7, ""), ("437", 7, "")], []),
           ("Vancouver", "BC", "British Columbia", ["V6B", "V6C", "V6E", "V5K"], [("604", 7, ""), ("778", 7, "")], []),
           ("Montréal", "QC", "Québec", ["H2X", "H3B", "H3A", "H2Y"], [("514", 7, ""), ("438", 7, "")], ["Montreal"]),
           ("Calgary", "AB", "Alberta", ["T2P", "T2R", "T3A"], [("403", 7, ""), ("587", 7, "")], []),
           ("Ottawa", "ON", "Ontario", ["K1P", "K1R", "K2P"], [("613", 7, ""), ("343", 7, "")], [])],
    "UK": [("London", "", "Greater London", ["EC1A", "EC2M", "WC2N", "SW1A", "SE1", "N1", "E14", "W1T", "EC4M"], [("20", 8, "378")], []),
           ("Manchester", "", "Greater Manchester", ["M1", "M2", "M3", "M4", "M15"], [("161", 7, "2345789")], []),
           ("Birmingham", "", "West Midlands", ["B1", "B2", "B3", "B4"], [("121", 7, "2345789")], []),
           ("Edinburgh", "", "Scotland", ["EH1", "EH2", "EH3", "EH8"], [("131", 7, "2345")], []),
           ("Leeds", "", "West Yorkshire", ["LS1", "LS2", "LS11"], [("113", 7, "2345")], []),
           ("Bristol", "", "Bristol", ["BS1", "BS2", "BS8"], [("117", 7, "29")], []),
           ("Cambridge", "", "Cambridgeshire", ["CB1", "CB2", "CB4"], [("1223", 6, "2345678")], []),
           ("Glasgow", "", "Scotland", ["G1", "G2", "G3"], [("141", 7, "2345")], [])],
    "DE": [("Berlin", "BE", "Berlin", (10115, 14199), [("30", 8, "2345678")], []),
           ("München", "BY", "Bayern", (80331, 81929), [("89", 8, "12345")], ["Munich", "Muenchen", "Munchen"]),
           ("Hamburg", "HH", "Hamburg", (20095, 22769), [("40", 8, "2345678")], []),
           ("Frankfurt am Main", "HE", "Hessen", (60306, 65936), [("69", 8, "2345679")], ["Frankfurt", "Frankfurt/Main", "Frankfurt a.M."]),
           ("Köln", "NW", "Nordrhein-Westfalen", (50667, 51149), [("221", 7, "2345789")], ["Cologne", "Koeln", "Koln"]),
           ("Stuttgart", "BW", "Baden-Württemberg", (70173, 70629), [("711", 7, "2345678")], []),
           ("Düsseldorf", "NW", "Nordrhein-Westfalen", (40210, 40629), [("211", 7, "2345689")], ["Duesseldorf", "Dusseldorf"]),
           ("Leipzig", "SN", "Sachsen", (4103, 4357), [("341", 7, "2345689")], [])],
    "FR": [("Paris", "", "Île-de-France", [75001 + i for i in range(17)], [("1", 8, "4578")], []),
           ("Lyon", "", "Auvergne-Rhône-Alpes", [69001 + i for i in range(9)], [("4", 8, "37")], []),
           ("Marseille", "", "Provence-Alpes-Côte d'Azur", [13001 + i for i in range(16)], [("4", 8, "89")], []),
           ("Toulouse", "", "Occitanie", [31000, 31100, 31200, 31300, 31400, 31500], [("5", 8, "3")], []),
           ("Bordeaux", "", "Nouvelle-Aquitaine", [33000, 33100, 33200, 33300, 33800], [("5", 8, "5")], []),
           ("Lille", "", "Hauts-de-France", [59000, 59800], [("3", 8, "2")], []),
           ("Nantes", "", "Pays de la Loire", [44000, 44100, 44200, 44300], [("2", 8, "4")], [])],
    "IN": [("Mumbai", "MH", "Maharashtra", (400001, 400104), [("22", 8, "246")], ["Bombay"]),
           ("Bengaluru", "KA", "Karnataka", (560001, 560103), [("80", 8, "24")], ["Bangalore"]),
           ("New Delhi", "DL", "Delhi", (110001, 110096), [("11", 8, "24")], ["Delhi"]),
           ("Hyderabad", "TG", "Telangana", (500001, 500096), [("40", 8, "24")], []),
           ("Chennai", "TN", "Tamil Nadu", (600001, 600119), [("44", 8, "24")], ["Madras"]),
           ("Pune", "MH", "Maharashtra", (411001, 411062), [("20", 8, "246")], []),
           ("Gurugram", "HR", "Haryana", (122001, 122018), [("124", 7, "4")], ["Gurgaon"])],
    "JP": [("Tokyo", "", "Tokyo", ["100", "103", "104", "105", "106", "107", "150", "160"], [("3", 8, "3456")], ["Tokyo-to"]),
           ("Osaka", "", "Osaka", ["530", "541", "542", "550"], [("6", 8, "6")], ["Osaka-shi"]),
           ("Yokohama", "", "Kanagawa", ["220", "231"], [("45", 7, "2345689")], []),
           ("Nagoya", "", "Aichi", ["450", "460"], [("52", 7, "2345789")], []),
           ("Fukuoka", "", "Fukuoka", ["810", "812"], [("92", 7, "2345789")], []),
           ("Kyoto", "", "Kyoto", ["600", "604"], [("75", 7, "2345678")], [])],
    "BR": [("São Paulo", "SP", "São Paulo", (1000, 5999), [("11", 8, "2345")], ["Sao Paulo", "SP", "Sampa"]),
           ("Rio de Janeiro", "RJ", "Rio de Janeiro", (20000, 23799), [("21", 8, "2345")], ["Rio"]),
           ("Belo Horizonte", "MG", "Minas Gerais", (30000, 31999), [("31", 8, "2345")], ["BH"]),
           ("Curitiba", "PR", "Paraná", (80000, 82999), [("41", 8, "2345")], []),
           ("Porto Alegre", "RS", "Rio Grande do Sul", (90000, 91999), [("51", 8, "2345")], ["POA"]),
           ("Brasília", "DF", "Distrito Federal", (70000, 72799), [("61", 8, "2345")], ["Brasilia"]),
           ("Recife", "PE", "Pernambuco", (50000, 52999), [("81", 8, "2345")], [])],
    "ES": [("Madrid", "M", "Comunidad de Madrid", (28001, 28055), [("91", 7, "1234578")], []),
           ("Barcelona", "B", "Cataluña", (8001, 8042), [("93", 7, "1234578")], []),
           ("Valencia", "V", "Comunitat Valenciana", (46001, 46026), [("96", 7, "1234")], ["València"]),
           ("Sevilla", "SE", "Andalucía", (41001, 41020), [("954", 6, "1234569")], ["Seville"]),
           ("Bilbao", "BI", "País Vasco", (48001, 48015), [("944", 6, "1234")], []),
           ("Málaga", "MA", "Andalucía", (29001, 29018), [("952", 6, "1234")], ["Malaga"])],
    "NL": [("Amsterdam", "NH", "Noord-Holland", (1011, 1109), [("20", 7, "2345678")], []),
           ("Rotterdam", "ZH", "Zuid-Holland", (3011, 3089), [("10", 7, "2345")], []),
           ("Utrecht", "UT", "Utrecht", (3511, 3585), [("30", 7, "2")], []),
           ("Den Haag", "ZH", "Zuid-Holland", (2491, 2597), [("70", 7, "3")], ["The Hague", "'s-Gravenhage"]),
           ("Eindhoven", "NB", "Noord-Brabant", (5611, 5658), [("40", 7, "2")], [])],
    "SE": [("Stockholm", "AB", "Stockholms län", (11120, 11860), [("8", 7, "4567")], []),
           ("Göteborg", "O", "Västra Götalands län", (41101, 41880), [("31", 7, "37")], ["Gothenburg", "Goteborg"]),
           ("Malmö", "M", "Skåne län", (21110, 21760), [("40", 7, "36")], ["Malmo"]),
           ("Uppsala", "C", "Uppsala län", (75220, 75450), [("18", 6, "14")], []),
           ("Linköping", "E", "Östergötlands län", (58180, 58940), [("13", 6, "24")], ["Linkoping"])],
    "AU": [("Sydney", "NSW", "New South Wales", (2000, 2234), [("2", 8, "89")], []),
           ("Melbourne", "VIC", "Victoria", (3000, 3207), [("3", 8, "89")], []),
           ("Brisbane", "QLD", "Queensland", (4000, 4179), [("7", 8, "3")], []),
           ("Perth", "WA", "Western Australia", (6000, 6199), [("8", 8, "69")], []),
           ("Adelaide", "SA", "South Australia", (5000, 5199), [("8", 8, "8")], [])],
}

STREETS = {
    "US": ["Main Street", "Market Street", "Broadway", "Park Avenue", "Madison Avenue", "Lexington Avenue",
           "Mission Street", "Howard Street", "Congress Avenue", "Peachtree Street", "Michigan Avenue",
           "Wacker Drive", "Pine Street", "Elm Street", "Oak Street", "Washington Boulevard",
           "Wilshire Boulevard", "Sunset Boulevard", "Commerce Street", "Corporate Drive", "Innovation Way",
           "Lake Shore Drive", "State Street", "Boylston Street", "Colorado Boulevard", "Technology Drive"],
    "CA": ["King Street West", "Bay Street", "Yonge Street", "Front Street West", "Queen Street East",
           "Granville Street", "Burrard Street", "Rue Sainte-Catherine Ouest", "Boulevard René-Lévesque",
           "Rue Sherbrooke Ouest", "Centre Street", "Elgin Street", "Sparks Street", "Bank Street"],
    "UK": ["High Street", "Station Road", "Church Street", "London Road", "Victoria Street", "King Street",
           "Queen Street", "Oxford Street", "Regent Street", "Bishopsgate", "Fleet Street", "Deansgate",
           "Colmore Row", "George Street", "Princes Street", "Wellington Place", "Park Row", "Hills Road",
           "Bath Road", "Canal Street", "Moorgate", "Cheapside", "Great Portland Street"],
    "DE": ["Hauptstraße", "Bahnhofstraße", "Goethestraße", "Schillerstraße", "Friedrichstraße",
           "Lindenstraße", "Berliner Straße", "Kaiserstraße", "Industriestraße", "Gartenstraße",
           "Mozartstraße", "Leopoldstraße", "Königsallee", "Mainzer Landstraße", "Rheinweg", "Marktplatz",
           "Am Sandtorkai", "Neuer Wall", "Karl-Marx-Allee", "Theresienstraße", "Hohenzollernring"],
    "FR": ["rue de la Paix", "avenue Victor Hugo", "rue de Rivoli", "rue du Faubourg Saint-Honoré",
           "avenue Jean Jaurès", "boulevard de la République", "avenue des Champs-Élysées", "rue Gambetta",
           "rue Pasteur", "cours Lafayette", "boulevard Haussmann", "rue de la Liberté", "quai de la Fosse",
           "place Bellecour", "rue Sainte-Catherine", "avenue du Général Leclerc", "rue Nationale"],
    "IN": ["MG Road", "Brigade Road", "Nariman Point", "Bandra Kurla Complex", "Connaught Place",
           "Hitech City Road", "Outer Ring Road", "Whitefield Main Road", "Anna Salai", "Cyber City",
           "Senapati Bapat Road", "Lower Parel", "Nehru Place", "Old Madras Road", "Golf Course Road"],
    "JP": ["Marunouchi", "Otemachi", "Nihonbashi", "Roppongi", "Shibuya", "Shinjuku", "Akasaka", "Ginza",
           "Umeda", "Namba", "Minatomirai", "Sakae", "Tenjin", "Karasuma"],
    "BR": ["Avenida Paulista", "Avenida Brigadeiro Faria Lima", "Rua Oscar Freire", "Avenida das Nações Unidas",
           "Avenida Rio Branco", "Avenida Atlântica", "Rua Sete de Setembro", "Rua XV de Novembro",
           "Avenida Afonso Pena", "Rua da Consolação", "Avenida Ipiranga", "Rua Augusta"],
    "ES": ["Calle Mayor", "Calle de Alcalá", "Gran Vía", "Paseo de la Castellana", "Calle de Serrano",
           "Avenida Diagonal", "Passeig de Gràcia", "Calle Colón", "Avenida de la Constitución",
           "Calle Larios", "Gran Vía de Don Diego López de Haro", "Calle de Velázquez", "Avenida del Puerto"],
    "NL": ["Keizersgracht", "Herengracht", "Prinsengracht", "Damrak", "Stationsplein", "Coolsingel", "Weena",
           "Kerkstraat", "Hoofdweg", "Marktplein", "Stationsweg", "Vestdijk", "Catharijnesingel",
           "Laan van Nieuw Oost-Indië", "Zuidas", "Wilhelminaplein"],
    "SE": ["Drottninggatan", "Kungsgatan", "Sveavägen", "Vasagatan", "Storgatan", "Hamngatan",
           "Birger Jarlsgatan", "Östra Hamngatan", "Stortorget", "Kungsportsavenyen", "Klostergatan",
           "Regeringsgatan", "Södra Förstadsgatan"],
    "AU": ["George Street", "Pitt Street", "Collins Street", "Bourke Street", "Queen Street", "Adelaide Street",
           "St Georges Terrace", "King William Street", "Martin Place", "Elizabeth Street", "Eagle Street",
           "Flinders Street", "Hay Street", "Kent Street"],
}

# ---------------------------------------------------------------------------
# Companies
# ---------------------------------------------------------------------------
EN_A = L("North,Blue,Silver,Bright,Pine,Red,Summit,Apex,Harbor,Iron,Cedar,Granite,Quantum,Vertex,Stellar,"
         "Evergreen,Atlas,Beacon,Crescent,Falcon,Horizon,Keystone,Liberty,Maple,Meridian,Nova,Orchid,Pioneer,"
         "Sterling,Titan,Union,Vista,Willow,Zenith,Copper,Oak,River,Stone,Cloud,Data,Lumen,Signal,Clear,"
         "Northwind,Brightline,Bluewater,Greenfield,Redwood,Ironclad,Fairway,Highland,Westbrook,Eastgate")
EN_B = L("Analytics,Logistics,Systems,Software,Health,Capital,Partners,Labs,Solutions,Dynamics,Networks,Foods,"
         "Energy,Media,Consulting,Robotics,Pharma,Logic,Works,Group,Holdings,Technologies,Industries,Insurance,"
         "Retail,Motors,Design,Security,Learning,Manufacturing,Biotech,Financial,Data,Cloud,Digital,Advisors")
LOCAL_WORDS = {
    "DE": (L("Rhein,Alpen,Nord,Süd,Berg,Hanse,Elb,Isar,Main,Spree,Stahl,Licht,Kraft,Blau,Grün,Sonnen,Wald,"
             "Stern,Adler,Donau,Neckar,Weser,Ostsee,Allgäu,Eifel"),
           L("Technik,Logistik,Maschinenbau,Software,Systeme,Energie,Bau,Consulting,Medien,Versicherung,Chemie,"
             "Automation,Handel,Solutions,Digital,Pharma,Elektronik,Finanz,Werke,Data")),
    "FR": (L("Atlantique,Lumière,Horizon,Étoile,Azur,Alpes,Provence,Loire,Seine,Rhône,Bretagne,Aquitaine,"
             "Océan,Soleil,Montagne,Mistral,Orion,Cèdre,Iris,Vendôme"),
           L("Conseil,Logistique,Informatique,Énergie,Assurances,Technologies,Services,Industrie,Média,Santé,"
             "Finance,Distribution,Ingénierie,Numérique,Solutions")),
    "IN": (L("Infinity,Shree,Sai,Ganga,Himalaya,Lotus,Surya,Indus,Kaveri,Vedanta,Aryan,Nova,Trident,Akshar,"
             "Sahyadri,Deccan,Navya,Pragati"),
           L("Infotech,Technologies,Solutions,Software,Systems,Pharma,Textiles,Consultancy Services,Industries,"
             "Finserv,Logistics,Analytics,Infra,Exports")),
    "JP": (L("Sakura,Fuji,Nippon,Tokai,Kanto,Hikari,Asahi,Mirai,Yamato,Daiichi,Shin-Nihon,Taiyo,Kaze,Midori,Hoshi"),
           L("Electronics,Systems,Trading,Denki,Seiko,Shoji,Kogyo,Software,Pharma,Logistics,Holdings,Solutions")),
    "BR": (L("Brasil,Horizonte,Paulista,Atlântica,Sol,Verde,Amazonas,Cruzeiro,Estrela,Aurora,Pampa,Serra,"
             "Litoral,Ipê,Jacarandá"),
           L("Tecnologia,Logística,Consultoria,Sistemas,Energia,Alimentos,Seguros,Engenharia,Soluções,Comércio,"
             "Digital,Saúde")),
    "ES": (L("Ibérica,Mediterránea,Atlántico,Sol,Castilla,Levante,Cantábrico,Sierra,Olivo,Faro,Aurora,Norte,"
             "Tajo,Ebro,Alhambra"),
           L("Consultores,Logística,Tecnología,Soluciones,Energía,Seguros,Ingeniería,Sistemas,Distribución,"
             "Alimentación,Digital,Salud")),
    "NL": (L("Delta,Polder,Tulp,Noord,Oranje,Zuid,Maas,Rijn,Duin,Zee,Haven,Molen,Groen,Dijk,Kust"),
           L("Logistiek,Techniek,Software,Advies,Energie,Media,Bouw,Systemen,Verzekeringen,Solutions,Digital,Zorg")),
    "SE": (L("Nord,Fjäll,Skog,Sjö,Ljus,Polar,Granit,Vinter,Norr,Mälar,Väst,Björk,Stål,Vind,Älv"),
           L("Teknik,Data,System,Logistik,Energi,Konsult,Media,Bygg,Software,Solutions,Analys,Vård")),
}
INDUSTRIES = L("Software,Manufacturing,Financial Services,Healthcare,Retail,Logistics,Energy,Education,"
               "Media,Consulting,Insurance,Telecommunications,Pharmaceuticals,Real Estate,Hospitality,Automotive")

# ---------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------
FUNCS = ["Marketing", "Sales", "Engineering", "Finance", "Operations", "HR", "IT", "Procurement", "Product",
         "Customer Success", "Data", "Legal"]
IC_TITLES = {
    "Marketing": ["Marketing Manager", "Marketing Specialist", "Content Marketing Manager", "Demand Generation Manager", "Marketing Coordinator"],
    "Sales": ["Account Executive", "Sales Representative", "Account Manager", "Business Development Manager", "Sales Engineer"],
    "Engineering": ["Software Engineer", "Developer", "DevOps Engineer", "Solutions Architect", "QA Engineer"],
    "Finance": ["Accountant", "Financial Analyst", "Controller", "Accounts Payable Specialist", "Finance Manager"],
    "Operations": ["Operations Manager", "Office Manager", "Project Manager", "Supply Chain Analyst", "Executive Assistant"],
    "HR": ["HR Manager", "Recruiter", "HR Business Partner", "Talent Acquisition Specialist", "People Operations Manager"],
    "IT": ["IT Manager", "Systems Administrator", "Network Engineer", "IT Support Specialist", "Security Analyst"],
    "Procurement": ["Buyer", "Procurement Manager", "Purchasing Agent", "Category Manager", "Strategic Sourcing Manager"],
    "Product": ["Product Manager", "Product Owner", "UX Designer", "Product Designer", "Product Marketing Manager"],
    "Customer Success": ["Customer Success Manager", "Support Engineer", "Implementation Consultant", "Customer Support Specialist", "Onboarding Manager"],
    "Data": ["Data Analyst", "Data Scientist", "Data Engineer", "BI Analyst", "Analytics Manager"],
    "Legal": ["Legal Counsel", "Paralegal", "Compliance Officer", "Contract Manager", "Corporate Counsel"],
}
CXO = {"Marketing": ("CMO", "Chief Marketing Officer"), "Sales": ("CRO", "Chief Revenue Officer"),
       "Engineering": ("CTO", "Chief Technology Officer"), "Finance": ("CFO", "Chief Financial Officer"),
       "Operations": ("COO", "Chief Operating Officer"), "HR": ("CHRO", "Chief People Officer"),
       "IT": ("CIO", "Chief Information Officer"), "Procurement": ("CPO", "Chief Procurement Officer"),
       "Product": ("CPO", "Chief Product Officer"), "Customer Success": ("CCO", "Chief Customer Officer"),
       "Data": ("CDO", "Chief Data Officer"), "Legal": ("General Counsel", "General Counsel")}
CXO_LONG = {a: b for a, b in CXO.values() if a != b}
LOCAL_TITLES = {
    "DE": {("Sales", 4): "Vertriebsleiter", ("Marketing", 4): "Leiter Marketing", ("Procurement", 3): "Einkäufer",
           ("Finance", 4): "Leiter Finanzen", ("IT", 4): "IT-Leiter", ("CEO", 6): "Geschäftsführer",
           ("Engineering", 1): "Softwareentwickler", ("HR", 4): "Personalleiter"},
    "FR": {("Sales", 4): "Directeur commercial", ("Marketing", 3): "Responsable marketing",
           ("Finance", 4): "Directeur financier", ("CEO", 6): "Directeur général", ("IT", 3): "Responsable informatique",
           ("Procurement", 3): "Responsable achats", ("Engineering", 1): "Ingénieur logiciel"},
    "ES": {("Sales", 4): "Director comercial", ("Marketing", 3): "Responsable de marketing",
           ("CEO", 6): "Director general", ("Finance", 4): "Director financiero", ("IT", 3): "Responsable de IT"},
    "BR": {("Sales", 4): "Diretor comercial", ("Marketing", 3): "Gerente de marketing", ("CEO", 6): "Diretor geral",
           ("Finance", 4): "Diretor financeiro", ("IT", 3): "Gerente de TI"},
    "NL": {("Sales", 3): "Accountmanager", ("CEO", 6): "Directeur", ("Marketing", 3): "Marketingmanager"},
    "SE": {("CEO", 6): "VD", ("Sales", 4): "Försäljningschef", ("Marketing", 4): "Marknadschef"},
}
LEVEL_W = [30, 22, 16, 12, 9, 6, 5]  # 0 IC,1 senior IC,2 manager/lead,3 head,4 director,5 VP,6 C-level

LIFECYCLE = ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist"]

SOURCES = ["web_form", "crm", "billing", "webinar", "support", "import", "events_app", "chat"]
PROFILES = {
    "prospect": {"web_form": 25, "crm": 22, "webinar": 18, "events_app": 12, "import": 13, "chat": 8, "support": 1, "billing": 1},
    "customer": {"crm": 27, "billing": 21, "support": 21, "webinar": 8, "web_form": 9, "chat": 8, "events_app": 4, "import": 2},
    "newsletter": {"web_form": 46, "webinar": 14, "chat": 14, "crm": 16, "import": 10},
}
TYPED = {"web_form", "webinar", "chat"}           # typed by the person themselves
OMIT_STYLE = {"web_form", "webinar", "chat"}       # these sources omit absent keys instead of ""

GARBAGE_EMAIL = ["test@test.com", "n/a", "none@none.com", "noemail@gmail.com", "-", "a@a.com", "no@email.com",
                 "asdf@asdf.com", "x@x.com", "none", "na@na.com", "unknown@unknown.com"]
GARBAGE_NAME = ["test", "n/a", "-", ".", "x", "asdf", "N/A", "Test", "none", "xxx", "?"]
GARBAGE_COMPANY = ["n/a", "none", "-", "self", "N/A", "test", "Personal", "private", "na", "x", "."]
GARBAGE_PHONE = ["0000000000", "1234567890", "n/a", "-", "000", "0", "none", "9999999999", "123456", "+1 000 000 0000"]
GARBAGE_TITLE = ["-", "n/a", ".", "x", "test", "none"]

FORM_NAMES = ["contact-us", "demo-request", "newsletter-signup", "ebook-download", "pricing-inquiry",
              "free-trial", "whitepaper-2023", "partner-application", "event-registration", "webinar-signup"]
WEBINAR_TOPICS = ["Product Update", "Data Privacy Essentials", "Scaling Your Pipeline", "Customer Story",
                  "Analytics Deep Dive", "Security Best Practices", "Roadmap Preview", "Onboarding 101",
                  "AI in Practice", "Integration Workshop"]
CONFERENCES = ["SaaStr", "Web Summit", "DMEXCO", "VivaTech", "Nasscom Summit", "Collision", "CeBIT Australia",
               "Interop Tokyo", "RD Summit", "South Summit", "The Next Web", "Techarena", "Dreamforce", "MWC"]


# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------
def zipf_w(n, a):
    return [1.0 / (i + 1) ** a for i in range(n)]


def fold(s, translit=False):
    if translit:
        for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
            s = s.replace(a, b)
    s = s.replace("ß", "ss").replace("ı", "i").replace("Ł", "L").replace("ł", "l").replace("ø", "o").replace("æ", "ae")
    n = unicodedata.normalize("NFKD", s)
    return "".join(c for c in n if not unicodedata.combining(c))


def has_accent(s):
    return fold(s) != s


def jp_roman(s, style):
    """Render a macron-romanised Japanese name in one of several romanisation styles."""
    if style == "macron":
        return s
    rep = {"plain": ("o", "u", "O", "U"), "h": ("oh", "u", "Oh", "U"), "u": ("ou", "uu", "Ou", "Uu")}[style]
    return s.replace("ō", rep[0]).replace("ū", rep[1]).replace("Ō", rep[2]).replace("Ū", rep[3])


KB = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
KB_POS = {c: (r, i) for r, row in enumerate(KB) for i, c in enumerate(row)}


def kb_neighbor(r, c):
    lc = c.lower()
    if lc not in KB_POS:
        return c
    row, i = KB_POS[lc]
    cand = []
    for dr in (-1, 0, 1):
        rr = row + dr
        if 0 <= rr < 3:
            for di in (-1, 0, 1):
                if dr == 0 and di == 0:
                    continue
                ii = i + di
                if 0 <= ii < len(KB[rr]):
                    cand.append(KB[rr][ii])
    ch = r.choice(cand)
    return ch.upper() if c.isupper() else ch


def typo(r, s):
    idx = [i for i, c in enumerate(s) if c.isalpha()]
    if len(idx) < 3:
        return s
    op = r.choices(["sub", "del", "dup", "swap"], [35, 25, 15, 25])[0]
    i = r.choice(idx[1:])  # keep first letter mostly intact
    if op == "sub":
        return s[:i] + kb_neighbor(r, s[i]) + s[i + 1:]
    if op == "del":
        return s[:i] + s[i + 1:]
    if op == "dup":
        return s[:i] + s[i] + s[i:]
    if i + 1 < len(s) and s[i + 1].isalpha() and s[i + 1] != s[i]:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    if i - 1 >= 1 and s[i - 1].isalpha():
        return s[:i - 1] + s[i] + s[i - 1] + s[i + 1:]
    return s[:i] + s[i + 1:]


DOMAIN_TYPOS = {
    "gmail.com": ["gmial.com", "gmai.com", "gmail.co", "gnail.com", "gmail.con", "gmaill.com", "gamil.com"],
    "hotmail.com": ["hotmial.com", "hotmai.com", "hotmail.co", "hotmal.com"],
    "yahoo.com": ["yaho.com", "yahooo.com", "yahoo.co"],
    "outlook.com": ["outlok.com", "outlook.co", "outloo.com"],
    "yahoo.co.uk": ["yahoo.co.k", "yaho.co.uk", "yahoo.com.uk"],
    "hotmail.co.uk": ["hotmail.co.k", "hotmial.co.uk"],
    "web.de": ["wed.de", "web.d"], "gmx.de": ["gmx.d", "gxm.de"], "orange.fr": ["ornage.fr", "orange.f"],
    "icloud.com": ["iclod.com", "icoud.com"],
}


def email_typo(r, e):
    if "@" not in e:
        return e
    local, dom = e.split("@", 1)
    if dom.lower() in DOMAIN_TYPOS and r.random() < 0.55:
        return local + "@" + r.choice(DOMAIN_TYPOS[dom.lower()])
    x = r.random()
    if x < 0.2 and dom.endswith(".com"):
        return local + "@" + dom[:-4] + r.choice([".con", ".cm", ".comm", ".co"])
    if x < 0.35:
        parts = dom.split(".")
        parts[0] = typo(r, parts[0]) if len(parts[0]) >= 4 else parts[0]
        return local + "@" + ".".join(parts)
    if x < 0.45 and "." in local:
        return local.replace(".", "", 1) + "@" + dom if r.random() < 0.5 else local.replace(".", ",", 1) + "@" + dom
    return typo(r, local) + "@" + dom


def email_local(s):
    s = fold(s).lower()
    return re.sub(r"[^a-z0-9.\-]", "", s.replace(" ", "").replace("'", ""))


def sf_id(r):
    """Salesforce-like 18-char contact id with correct case-checksum suffix."""
    alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    body = "0035" + r.choice("gGhHjJ") + "0000" + "".join(r.choice(alnum) for _ in range(6))
    body = body[:15]
    suf = ""
    table = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
    for c in range(3):
        flags = 0
        for p in range(5):
            ch = body[c * 5 + p]
            if "A" <= ch <= "Z":
                flags += 1 << p
        suf += table[flags]
    return body + suf


# ---------------------------------------------------------------------------
# phones
# ---------------------------------------------------------------------------
class Phone:
    __slots__ = ("country", "cc", "nsn", "kind", "alen")

    def __init__(self, country, cc, nsn, kind, alen):
        self.country, self.cc, self.nsn, self.kind, self.alen = country, cc, nsn, kind, alen


def digits(r, n):
    return "".join(str(r.randint(0, 9)) for _ in range(n))


def nanp(r, npa):
    while True:
        nxx = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
        if nxx[1:] != "11" and nxx not in ("555", "950", "958", "959", "976"):
            break
    return npa + nxx + digits(r, 4)


def make_landline(r, country, city):
    cc = COUNTRIES[country]["cc"]
    area, sublen, first = r.choice(city[4])
    if country in ("US", "CA"):
        return Phone(country, cc, nanp(r, area), "land", 3)
    sub = (r.choice(first) if first else str(r.randint(2, 9))) + digits(r, sublen - 1)
    return Phone(country, cc, area + sub, "land", len(area))


def make_mobile(r, country, city):
    cc = COUNTRIES[country]["cc"]
    if country in ("US", "CA"):
        area = r.choice(city[4])[0]
        return Phone(country, cc, nanp(r, area), "mobile", 3)
    if country == "UK":
        return Phone(country, cc, "7" + r.choice("4589") + digits(r, 8), "mobile", 4)
    if country == "DE":
        p = r.choice(["151", "152", "157", "159", "160", "162", "163", "170", "171", "172", "173", "174", "175",
                      "176", "177", "178", "179"])
        n = 8 if p in ("151", "152", "157", "159", "176", "177", "178", "179") else 7
        return Phone(country, cc, p + str(r.randint(1, 9)) + digits(r, n - 1), "mobile", 3)
    if country == "FR":
        p = "6" if r.random() < 0.75 else "7" + r.choice("345678")
        return Phone(country, cc, p + digits(r, 9 - len(p)), "mobile", 1)
    if country == "IN":
        return Phone(country, cc, r.choice("9876") + digits(r, 9), "mobile", 5)
    if country == "JP":
        return Phone(country, cc, r.choice(["70", "80", "90"]) + str(r.randint(1, 9)) + digits(r, 7), "mobile", 2)
    if country == "BR":
        ddd = r.choice(city[4])[0]
        return Phone(country, cc, ddd + "9" + r.choice("6789") + digits(r, 7), "mobile", 2)
    if country == "ES":
        p = "6" if r.random() < 0.85 else "7" + r.choice("1234")
        return Phone(country, cc, p + digits(r, 9 - len(p)), "mobile", 3)
    if country == "NL":
        return Phone(country, cc, "6" + r.choice("12345") + digits(r, 7), "mobile", 1)
    if country == "SE":
        return Phone(country, cc, "7" + r.choice("0236") + digits(r, 7), "mobile", 2)
    if country == "AU":
        return Phone(country, cc, "4" + r.choice("0123456789") + digits(r, 7), "mobile", 3)
    raise ValueError(country)


def groups(ph):
    n, c, a = ph.nsn, ph.country, ph.alen
    if c in ("US", "CA"):
        return [n[:3], n[3:6], n[6:]]
    if c == "UK":
        if ph.kind == "mobile":
            return [n[:4], n[4:]]
        if a == 2:
            return [n[:2], n[2:6], n[6:]]
        if a == 3:
            return [n[:3], n[3:6], n[6:]]
        return [n[:a], n[a:]]
    if c == "DE":
        return [n[:a], n[a:]]
    if c == "FR":
        return [n[0], n[1:3], n[3:5], n[5:7], n[7:9]]
    if c == "IN":
        if ph.kind == "mobile":
            return [n[:5], n[5:]]
        rest = n[a:]
        return [n[:a], rest[:4], rest[4:]] if len(rest) == 8 else [n[:a], rest[:3], rest[3:]]
    if c == "JP":
        if ph.kind == "mobile":
            return [n[:2], n[2:6], n[6:]]
        return [n[:a], n[a:-4], n[-4:]]
    if c == "BR":
        return [n[:2], n[2:-4], n[-4:]]
    if c == "ES":
        if ph.kind == "mobile" or a == 3:
            return [n[:3], n[3:6], n[6:]]
        return [n[:2], n[2:5], n[5:7], n[7:]]
    if c == "NL":
        if ph.kind == "mobile":
            return [n[:1], n[1:]]
        return [n[:2], n[2:5], n[5:]]
    if c == "SE":
        rest = n[a:]
        if len(rest) == 7:
            return [n[:a], rest[:3], rest[3:5], rest[5:]]
        return [n[:a], rest[:2], rest[2:4], rest[4:]]
    if c == "AU":
        if ph.kind == "mobile":
            return [n[:3], n[3:6], n[6:]]
        return [n[:1], n[1:5], n[5:]]
    return [n]


TRUNK = {"US": "", "CA": "", "UK": "0", "DE": "0", "FR": "0", "IN": "0", "JP": "0", "BR": "", "ES": "", "NL": "0",
         "SE": "0", "AU": "0"}

NAT = {
    "US": [lambda g, t: f"({g[0]}) {g[1]}-{g[2]}", lambda g, t: f"{g[0]}-{g[1]}-{g[2]}",
           lambda g, t: f"{g[0]}.{g[1]}.{g[2]}", lambda g, t: "".join(g), lambda g, t: " ".join(g),
           lambda g, t: "1-" + "-".join(g), lambda g, t: f"({g[0]}) {g[1]}-{g[2]}"],
    "UK": [lambda g, t: t + " ".join(g), lambda g, t: t + "".join(g), lambda g, t: t + " ".join(g),
           lambda g, t: t + g[0] + " " + "".join(g[1:])],
    "DE": [lambda g, t: t + " ".join(g), lambda g, t: t + g[0] + "/" + "".join(g[1:]),
           lambda g, t: "(" + t + g[0] + ") " + "".join(g[1:]), lambda g, t: t + "-".join(g),
           lambda g, t: t + "".join(g)],
    "FR": [lambda g, t: t + " ".join(g), lambda g, t: t + "".join(g), lambda g, t: t + ".".join(g),
           lambda g, t: t + " ".join(g), lambda g, t: t + "-".join(g)],
    "IN": [lambda g, t: " ".join(g), lambda g, t: "".join(g), lambda g, t: t + "".join(g),
           lambda g, t: t + " ".join(g), lambda g, t: t + g[0] + "-" + "".join(g[1:])],
    "JP": [lambda g, t: t + "-".join(g), lambda g, t: t + "".join(g), lambda g, t: "(" + t + g[0] + ") " + "-".join(g[1:]),
           lambda g, t: t + "-".join(g)],
    "BR": [lambda g, t: f"({g[0]}) {g[1]}-{g[2]}", lambda g, t: f"{g[0]} {g[1]}-{g[2]}", lambda g, t: "".join(g),
           lambda g, t: f"({g[0]}){g[1]}-{g[2]}", lambda g, t: f"0{g[0]} {g[1]}-{g[2]}", lambda g, t: f"({g[0]}) {g[1]}{g[2]}"],
    "ES": [lambda g, t: " ".join(g), lambda g, t: "".join(g), lambda g, t: " ".join(g),
           lambda g, t: "".join(g)[:3] + " " + "".join(g)[3:5] + " " + "".join(g)[5:7] + " " + "".join(g)[7:]],
    "NL": [lambda g, t: t + g[0] + "-" + "".join(g[1:]), lambda g, t: t + " ".join(g), lambda g, t: t + "".join(g),
           lambda g, t: t + g[0] + " " + "".join(g[1:])[:4] + " " + "".join(g[1:])[4:]],
    "SE": [lambda g, t: t + g[0] + "-" + " ".join(g[1:]), lambda g, t: t + "".join(g), lambda g, t: t + " ".join(g),
           lambda g, t: t + g[0] + "-" + "".join(g[1:])],
    "AU": [lambda g, t: t + " ".join(g), lambda g, t: t + "".join(g), lambda g, t: "(" + t + g[0] + ") " + " ".join(g[1:]),
           lambda g, t: t + " ".join(g)],
}
NAT["CA"] = NAT["US"]
INTL = {
    "US": [lambda g, c: f"+{c} {g[0]} {g[1]} {g[2]}", lambda g, c: f"+{c} ({g[0]}) {g[1]}-{g[2]}",
           lambda g, c: f"+{c}-{g[0]}-{g[1]}-{g[2]}", lambda g, c: f"+{c} {g[0]}-{g[1]}-{g[2]}"],
    "GEN": [lambda g, c: f"+{c} " + " ".join(g), lambda g, c: f"+{c} (0)" + " ".join(g),
            lambda g, c: f"00{c} " + " ".join(g), lambda g, c: f"+{c} " + " ".join(g)],
    "IN": [lambda g, c: f"+{c} " + " ".join(g), lambda g, c: f"+{c}-" + "".join(g), lambda g, c: f"+{c}-" + "-".join(g),
           lambda g, c: f"+{c} " + "".join(g)],
    "JP": [lambda g, c: f"+{c} " + "-".join(g), lambda g, c: f"+{c} " + " ".join(g), lambda g, c: f"+{c}-" + "-".join(g)],
    "BR": [lambda g, c: f"+{c} {g[0]} {g[1]}-{g[2]}", lambda g, c: f"+{c} ({g[0]}) {g[1]}-{g[2]}",
           lambda g, c: f"+{c} {g[0]} {g[1]}{g[2]}"],
    "ES": [lambda g, c: f"+{c} " + " ".join(g), lambda g, c: f"00{c} " + " ".join(g), lambda g, c: f"(+{c}) " + " ".join(g)],
    "AU": [lambda g, c: f"+{c} " + " ".join(g), lambda g, c: f"+{c} " + " ".join(g), lambda g, c: f"+{c} (0)" + " ".join(g)],
}
INTL["CA"] = INTL["US"]


def fmt_phone(ph, style, v):
    g = groups(ph)
    if style == "e164":
        return "+" + ph.cc + ph.nsn
    if style == "nat":
        lst = NAT[ph.country]
        t = TRUNK[ph.country]
        if ph.country == "AU" and ph.kind == "mobile":
            return [lambda g, t: t + " ".join(g), lambda g, t: t + "".join(g), lambda g, t: t + g[0] + " " + "".join(g[1:])][v % 3](g, t)
        if ph.country == "IN" and ph.kind == "mobile":
            return [lambda g, t: " ".join(g), lambda g, t: "".join(g), lambda g, t: t + "".join(g), lambda g, t: t + " ".join(g)][v % 4](g, t)
        if ph.country == "IN" and ph.kind != "mobile":
            return [lambda g, t: t + " ".join(g), lambda g, t: t + g[0] + "-" + "".join(g[1:]), lambda g, t: t + "".join(g)][v % 3](g, t)
        return lst[v % len(lst)](g, t)
    lst = INTL.get(ph.country, INTL["GEN"])
    return lst[v % len(lst)](g, ph.cc)


def phone_typo(r, s):
    pos = [i for i, c in enumerate(s) if c.isdigit()]
    if len(pos) < 6:
        return s
    i = r.choice(pos[-7:])
    x = r.random()
    if x < 0.5:
        return s[:i] + str((int(s[i]) + r.choice([1, 9, 3])) % 10) + s[i + 1:]
    j = [p for p in pos if p > i]
    if x < 0.85 and j:
        j = j[0]
        return s[:i] + s[j] + s[i + 1:j] + s[i] + s[j + 1:]
    return s[:i] + s[i + 1:]


# ---------------------------------------------------------------------------
# entities
# ---------------------------------------------------------------------------
class Company:
    pass


class Job:
    pass


class Person:
    pass


class Gen:
    def __init__(self, seed, n_persons, n_events):
        self.r = _random.Random(seed)
        self.P = n_persons
        self.E = max(n_events, n_persons)
        self.used_domains = set()
        self.used_emails = set()
        self.used_ext = set()
        self.name_memory = {}
        self.cc_keys = list(COUNTRIES)
        self.cc_w = [COUNTRIES[c]["w"] for c in self.cc_keys]
        self.name_cum = {}
        for k, d in NAMES.items():
            self.name_cum[k] = {x: zipf_w(len(d[x]), 0.5) for x in ("m", "f", "l")}

    # ---------------- companies -----------------
    def pick_name(self, origin, part):
        d = NAMES[origin][part]
        return self.r.choices(d, weights=self.name_cum[origin][part])[0]

    def make_domain(self, base, country):
        r = self.r
        base = email_local(base).replace(".", "")
        tld = "com" if r.random() < 0.5 or country == "US" else r.choice(COUNTRIES[country]["tlds"])
        if country == "US" and r.random() < 0.08:
            tld = r.choice(["io", "co", "net", "ai"])
        cands = [base, base + "-" + r.choice(["group", "hq", "global", "inc"]), "get" + base, base + str(r.randint(2, 99))]
        if country in ("FR", "DE", "ES", "NL") and "-" not in base and r.random() < 0.2:
            cands.insert(0, base)
        for c in cands:
            d = f"{c}.{tld}"
            if d not in self.used_domains:
                self.used_domains.add(d)
                return d
        d = f"{base}{len(self.used_domains)}.{tld}"
        self.used_domains.add(d)
        return d

    def make_company(self, country):
        r = self.r
        c = Company()
        c.country = country
        c.kind = "company"
        cfg = COUNTRIES[country]
        if country in LOCAL_WORDS and r.random() < 0.8:
            a, b = LOCAL_WORDS[country]
            w1, w2 = r.choice(a), r.choice(b)
            if country in ("DE", "SE", "NL") and r.random() < 0.45:
                base = w1 + w2.lower()
            else:
                base = f"{w1} {w2}"
        else:
            x = r.random()
            if x < 0.08:
                o = r.choice(list(cfg["names"]))
                base = f"{self.pick_name(o, 'l')} & {self.pick_name(o, 'l')}"
            elif x < 0.15:
                base = r.choice(EN_A)
            else:
                base = f"{r.choice(EN_A)} {r.choice(EN_B)}"
        c.base = base
        suf = r.choices([s for s, _ in cfg["suffix"]], [w for _, w in cfg["suffix"]])[0]
        c.suffix = suf
        if country in ("US", "CA") and suf in ("Inc.", "Corp.") and r.random() < 0.4:
            c.legal = f"{base}, {suf}"
        else:
            c.legal = f"{base} {suf}".strip()
        words = [w for w in re.split(r"[\s&]+", base) if w]
        c.acronym = "".join(w[0].upper() for w in words) if len(words) >= 2 and r.random() < 0.25 else ""
        dom_base = words[0] if (len(words) > 1 and r.random() < 0.35) else base.replace("&", "and")
        c.domain = self.make_domain(dom_base, country)
        c.alias_domain = ""
        if r.random() < 0.10:
            if country != "US" and c.domain.endswith(".com"):
                c.alias_domain = self.make_domain(dom_base, country) if r.random() < 0.3 else c.domain[:-4] + "." + COUNTRIES[country]["tlds"][0]
            else:
                c.alias_domain = c.domain.rsplit(".", 1)[0] + ".com" if not c.domain.endswith(".com") else c.domain[:-4] + "-" + r.choice(["group", "global"]) + ".com"
            if c.alias_domain in self.used_domains and c.alias_domain != c.domain:
                c.alias_domain = ""
            else:
                self.used_domains.add(c.alias_domain)
        c.pattern = r.choices(["first.last", "flast", "f.last", "firstlast", "first", "firstl", "first_last", "last.first", "lastf"],
                              [42, 18, 8, 7, 7, 5, 5, 4, 4])[0]
        if country == "JP" and r.random() < 0.4:
            c.pattern = r.choice(["last.first", "f.last", "lastf"])
        c.city = r.choice(CITIES[country])
        c.switch = make_landline(r, country, c.city)
        c.street = r.choice(STREETS[country])
        c.num = str(r.choice([r.randint(1, 99), r.randint(1, 400), r.randint(100, 2500)]))
        c.unit = ""
        if country in ("US", "CA", "AU", "UK") and r.random() < 0.5:
            c.unit = str(r.choice([r.randint(100, 2400), r.randint(2, 40)]))
        c.zip = self.make_zip(country, c.city)
        c.industry = r.choice(INDUSTRIES)
        c.info = r.choice({"DE": ["info", "info", "kontakt", "office"], "FR": ["contact", "contact", "info"],
                           "ES": ["info", "contacto", "info"], "BR": ["contato", "comercial", "contato"],
                           "NL": ["info", "info", "contact"], "SE": ["info", "info", "kontakt"]}.get(
            country, ["info", "sales", "contact", "hello", "office"]))
        c.acct = r.choice({"DE": ["buchhaltung", "rechnung", "accounting"], "FR": ["compta", "facturation", "comptabilite"],
                           "ES": ["facturacion", "administracion", "contabilidad"], "BR": ["financeiro", "faturamento"],
                           "NL": ["administratie", "facturen", "finance"], "SE": ["ekonomi", "faktura"]}.get(
            country, ["accounts", "billing", "finance", "ap", "invoices", "accountspayable"]))
        c.it = r.choice(["it", "helpdesk", "itsupport", "admin"])
        c.emails = set()
        return c

    def make_zip(self, country, city):
        r = self.r
        spec = city[3]
        if country == "US":
            return r.choice(spec) + f"{r.randint(1, 99):02d}"
        if country == "CA":
            return r.choice(spec) + " " + str(r.randint(1, 9)) + r.choice("ABCEGHJKLMNPRSTVWXYZ") + str(r.randint(0, 9))
        if country == "UK":
            return r.choice(spec) + " " + str(r.randint(1, 9)) + r.choice("ABDEFGHJLNPQRSTUWXYZ") + r.choice("ABDEFGHJLNPQRSTUWXYZ")
        if country == "FR":
            return str(r.choice(spec)).zfill(5)
        if country == "JP":
            return r.choice(spec) + "-" + f"{r.randint(1, 9999):04d}"
        lo, hi = spec
        v = r.randint(lo, hi)
        if country == "DE" or country == "ES":
            return f"{v:05d}"
        if country == "IN":
            return str(v)
        if country == "BR":
            return f"{v:05d}-{r.randint(0, 999):03d}"
        if country == "NL":
            return f"{v} {r.choice('ABCEGHJKLMNPRTVWXZ')}{r.choice('ABCEGHJKLMNPRTVWXZ')}"
        if country == "SE":
            s = f"{v:05d}"
            return s[:3] + " " + s[3:]
        if country == "AU":
            return str(v)
        return str(v)

    def build_companies(self):
        r = self.r
        n = max(40, int(self.P * 0.22))
        self.companies = []
        for i in range(n):
            country = r.choices(self.cc_keys, self.cc_w)[0]
            c = self.make_company(country)
            c.idx = i
            self.companies.append(c)
        w = zipf_w(n, 0.75)
        r.shuffle(w)
        self.comp_w = w

    # ---------------- persons -----------------
    def new_person_name(self, p):
        r = self.r
        o = p.origin
        first = self.pick_name(o, p.gender)
        last = self.pick_name(o, "l")
        if o == "es" and r.random() < 0.85:
            l2 = self.pick_name(o, "l")
            if l2 != last:
                last = f"{last} {l2}"
        if o == "br" and r.random() < 0.6:
            l2 = self.pick_name(o, "l")
            if l2 != last:
                last = f"{l2} {last}"
        if o in ("en_us", "en_uk", "de") and r.random() < 0.025:
            l2 = self.pick_name(o, "l")
            if l2 != last and " " not in last + l2:
                last = f"{last}-{l2}"
        return first, last

    def build_persons(self):
        r = self.r
        self.persons = []
        comp_idx = list(range(len(self.companies)))
        for i in range(self.P):
            p = Person()
            p.pid = f"P{i + 1:05d}"
            p.idx = i
            freelance = r.random() < 0.06
            if freelance:
                country = r.choices(self.cc_keys, self.cc_w)[0]
                comp = None
            else:
                comp = self.companies[r.choices(comp_idx, self.comp_w)[0]]
                country = comp.country
            p.country = country
            cfg = COUNTRIES[country]
            p.origin = r.choices(list(cfg["names"]), list(cfg["names"].values()))[0]
            p.gender = "m" if r.random() < 0.55 else "f"
            p.partner = None
            namesake = None
            if self.persons and r.random() < 0.015:
                cands = [q for q in self.persons[-400:] if q.origin == p.origin]
                if cands:
                    namesake = r.choice(cands)
            if namesake is not None:
                p.first, p.last = namesake.first, namesake.last
                p.gender = namesake.gender
                if r.random() < 0.25 and namesake.jobs[0].company.kind == "company":
                    comp = namesake.jobs[0].company
                    freelance = False
                    p.country = country = comp.country
            else:
                p.first, p.last = self.new_person_name(p)
            # couples
            if namesake is None and self.persons and r.random() < 0.03:
                cands = [q for q in self.persons[-300:] if q.country == country and q.partner is None]
                if cands:
                    q = r.choice(cands)
                    p.partner = q
                    q.partner = p
                    p.gender = "f" if q.gender == "m" or r.random() < 0.1 else "m"
                    p.origin = q.origin
                    p.first = self.pick_name(p.origin, p.gender)
                    if r.random() < 0.6:
                        p.last = q.last
            p.middle = ""
            if p.origin in ("en_us", "en_uk") and r.random() < 0.3:
                p.middle = self.pick_name(p.origin, p.gender)
                if p.middle == p.first:
                    p.middle = ""
            elif p.origin in ("de", "fr", "se", "nl", "br") and r.random() < 0.12:
                p.middle = self.pick_name(p.origin, p.gender)
                if p.middle == p.first:
                    p.middle = ""
            p.goes_by = ""
            if p.first in NICK and NICK[p.first]:
                if p.first in DUTCH_FORMAL:
                    if r.random() < 0.9:
                        p.goes_by = NICK[p.first][0] if r.random() < 0.7 else r.choice(NICK[p.first])
                elif r.random() < 0.4:
                    p.goes_by = r.choice(NICK[p.first])
            if not p.goes_by and p.middle and r.random() < 0.04:
                p.goes_by = p.middle
            p.dr = p.origin == "de" and r.random() < 0.08
            p.jp_style = r.choices(["plain", "h", "u", "macron"], [65, 15, 10, 10])[0]
            p.in_initial = p.origin == "in" and r.random() < 0.12
            p.translit = r.random() < 0.6  # how this person folds umlauts when forced to ASCII
            p.case_habit = r.choices(["normal", "lower", "upper"], [90, 7, 3])[0]
            p.phone_habit = (r.choices(["nat", "intl", "e164"], [72, 20, 8])[0], r.randint(0, 99))
            p.plus_habit = r.random() < 0.05
            p.city = comp.city if comp else r.choice(CITIES[country])
            # phones
            p.mobile = make_mobile(r, country, p.city) if r.random() < 0.80 else None
            p.home = None
            # personal mail
            p.personal = []
            if freelance or r.random() < 0.52:
                p.personal.append(self.personal_email(p))
                if r.random() < 0.08:
                    p.personal.append(self.personal_email(p))
            p.shared = ""
            if p.partner is not None:
                q = p.partner
                p.shared = q.shared = self.couple_email(p, q)
                if r.random() < 0.5:
                    hp = make_landline(r, country, q.city)
                    p.home = q.home = hp
            # job(s)
            p.freelance = freelance
            if freelance:
                comp = self.freelance_company(p)
            p.jobs = [self.make_job(p, comp, 0.0)]
            p.ext = {}
            p.mar = None
            p.profile = r.choices(["prospect", "customer", "newsletter"], [55, 30, 15])[0]
            self.persons.append(p)

    def freelance_company(self, p):
        r = self.r
        c = Company()
        c.kind = "freelance"
        c.country = p.country
        c.city = p.city
        c.legal = ""
        if r.random() < 0.45:
            c.base = r.choice(["Self-employed", "Freelance", "Independent Consultant", "Self Employed", "Freelancer"])
        else:
            ln = fold(p.last.split(" ")[0]) if r.random() < 0.5 else p.last.split(" ")[0]
            c.base = r.choice([f"{ln} Consulting", f"{p.first} {p.last} Consulting", f"{ln} & Associates",
                               f"{ln} Design", f"{ln} Advisory"])
            c.legal = c.base + ("" if r.random() < 0.5 else " " + COUNTRIES[p.country]["suffix"][0][0])
        c.suffix = ""
        c.acronym = ""
        c.domain = ""
        if c.legal and r.random() < 0.4:
            c.domain = self.make_domain(email_local(c.base.split(" ")[0]) + email_local(c.base.split(" ")[-1]), p.country)
        c.alias_domain = ""
        c.pattern = "first"
        c.switch = None
        c.street = r.choice(STREETS[p.country])
        c.num = str(r.randint(1, 120))
        c.unit = ""
        c.zip = self.make_zip(p.country, c.city)
        c.industry = r.choice(["Consulting", "Design", "Software", "Media", "Education"])
        c.info = "info"
        c.acct = "info"
        c.it = "info"
        c.emails = set()
        return c

    def name_for_mail(self, p, nick_ok=True, last=None):
        first = p.goes_by if (nick_ok and p.goes_by and self.r.random() < 0.5) else p.first
        last = last or p.last
        if p.origin == "jp":
            first, last = jp_roman(first, p.jp_style if p.jp_style != "macron" else "plain"), jp_roman(last, p.jp_style if p.jp_style != "macron" else "plain")
        f = email_local(fold(first, p.translit and p.origin == "de").replace("-", ""))
        ls = last.split(" ")
        if p.origin == "es":
            lraw = ls[0]
        elif p.origin == "br":
            lraw = ls[-1]
        else:
            lraw = last
        l = email_local(fold(lraw, p.translit and p.origin == "de")).replace("-", "" if self.r.random() < 0.6 else "-")
        l = l.replace(".", "")
        return f or "x", l or "x"

    def personal_email(self, p):
        r = self.r
        prov = COUNTRIES[p.country]["providers"]
        dom = r.choices([d for d, _ in prov], [w for _, w in prov])[0]
        f, l = self.name_for_mail(p)
        yy = str(r.choice([r.randint(60, 99), r.randint(0, 5)])).zfill(2)
        if r.random() < 0.08:
            words = ["sunny", "blue", "tiger", "rocket", "maple", "pixel", "jazz", "storm", "coffee", "wolf",
                     "falcon", "shadow", "lucky", "happy", "surfer", "runner", "guitar", "panda", "ninja", "star"]
            local = r.choice(words) + r.choice(words) + str(r.randint(1, 999))
        else:
            local = r.choices([f"{f}.{l}", f"{f}{l}", f"{f[0]}{l}", f"{f}_{l}", f"{f}.{l}{yy}", f"{f}{l}{yy}",
                               f"{l}.{f}", f"{f}{yy}", f"{f}.{l[0]}", f"{f[0]}.{l}"],
                              [28, 16, 10, 6, 10, 10, 4, 5, 3, 8])[0]
        e = f"{local}@{dom}"
        k = 2
        while e in self.used_emails:
            e = f"{local}{r.randint(1, 99) if k > 2 else k}@{dom}"
            k += 1
        self.used_emails.add(e)
        return e

    def couple_email(self, p, q):
        r = self.r
        prov = COUNTRIES[p.country]["providers"]
        dom = r.choices([d for d, _ in prov], [w for _, w in prov])[0]
        f1, l1 = self.name_for_mail(q, False)
        f2, l2 = self.name_for_mail(p, False)
        local = r.choice([f"{l1}family", f"the{l1}s", f"{f1}.and.{f2}", f"{f1}{f2}", f"{f1}and{f2}",
                          f"{f1[0]}{f2[0]}{l1}", f"{l1}.{l2}" if l1 != l2 else f"{l1}home"])
        e = f"{local}@{dom}"
        while e in self.used_emails:
            e = f"{local}{r.randint(1, 99)}@{dom}"
        self.used_emails.add(e)
        return e

    def work_local(self, p, comp, last=None):
        r = self.r
        f, l = self.name_for_mail(p, nick_ok=r.random() < 0.2, last=last)
        m = email_local(p.middle)[:1] if p.middle else ""
        pat = comp.pattern
        if p.origin == "jp" and pat == "first.last" and r.random() < 0.3:
            pat = "last.first"
        base = {"first.last": f"{f}.{l}", "flast": f"{f[0]}{l}", "f.last": f"{f[0]}.{l}", "firstlast": f"{f}{l}",
                "first": f, "firstl": f"{f}{l[0]}", "first_last": f"{f}_{l}", "last.first": f"{l}.{f}",
                "lastf": f"{l}{f[0]}"}[pat]
        cand = [base]
        if m:
            cand.append({"first.last": f"{f}.{m}.{l}", "flast": f"{f[0]}{m}{l}", "f.last": f"{f[0]}.{m}.{l}",
                         "first": f"{f}.{l}", "firstl": f"{f}{m}{l[0]}"}.get(pat, f"{f}.{m}.{l}"))
        if pat == "first":
            cand.append(f"{f}.{l}")
            cand.append(f"{f}{l[0]}")
        for c in cand:
            if c not in comp.emails:
                comp.emails.add(c)
                return c
        k = 2
        while f"{base}{k}" in comp.emails:
            k += 1
        comp.emails.add(f"{base}{k}")
        return f"{base}{k}"

    def make_job(self, p, comp, start, last=None):
        r = self.r
        j = Job()
        j.company = comp
        j.start = start
        j.func = r.choice(FUNCS)
        j.level = r.choices(range(7), LEVEL_W)[0]
        if comp.kind == "freelance":
            j.level = r.choice([0, 1, 6])
        j.ic = r.choice(IC_TITLES[j.func])
        j.fn = {"HR": r.choice(["HR", "People", "Human Resources"])}.get(j.func, j.func)
        j.titles = {}
        j.promo = None
        j.ceo = r.random() < 0.3
        if comp.kind == "freelance":
            j.email = (comp.domain and f"{self.name_for_mail(p)[0]}@{comp.domain}") or (p.personal[0] if p.personal else "")
            if not j.email:
                p.personal.append(self.personal_email(p))
                j.email = p.personal[0]
            j.alias = ""
        else:
            local = self.work_local(p, comp, last=last)
            j.email = f"{local}@{comp.domain}"
            j.alias = ""
            if r.random() < 0.10:
                f, l = self.name_for_mail(p, False)
                alt = r.choice([f"{f[0]}{l}", f"{f}.{l}", f"{f}"])
                if alt != local and alt not in comp.emails:
                    comp.emails.add(alt)
                    j.alias = f"{alt}@{comp.domain}"
        j.email_after_mar = ""
        # direct line
        j.direct = None
        j.ext = ""
        j.bare_switch = False
        if comp.switch is not None and r.random() < 0.38:
            x = r.random()
            if x < 0.25:
                j.direct = comp.switch
                j.ext = str(r.randint(100, 4999))
            elif x < 0.33:
                j.direct = comp.switch
                j.bare_switch = True
            else:
                j.direct = make_landline(r, comp.country, comp.city)
        return j

    # ---------------- life events & schedule -----------------
    def allocate(self):
        r = self.r
        w = []
        for p in self.persons:
            x = math.exp(r.gauss(0, 1.25))
            x *= {"customer": 1.6, "prospect": 1.0, "newsletter": 0.6}[p.profile]
            if r.random() < 0.25:
                x *= 0.05
            w.append(min(x, 40.0))
        extra = self.E - self.P
        counts = [1] * self.P
        if extra > 0:
            for k in r.choices(range(self.P), weights=w, k=extra):
                counts[k] += 1
        for p, c in zip(self.persons, counts):
            p.n = c

    def build_campaigns(self):
        r = self.r
        self.webinars = []
        t = 10 * DAY
        while t < SPAN:
            self.webinars.append((t + r.choice([14, 15, 16, 17]) * 3600, f"{r.choice(WEBINAR_TOPICS)} ({dt.datetime.fromtimestamp(EPOCH.timestamp() + t, dt.timezone.utc):%b %Y})"))
            t += 10 * DAY + r.uniform(-2, 2) * DAY
        self.confs = []
        t = 20 * DAY
        while t < SPAN:
            self.confs.append((t, r.choice(CONFERENCES) + f" {2023 + int(t // (365 * DAY))}", r.choice(self.cc_keys)))
            t += 45 * DAY + r.uniform(-8, 8) * DAY
        self.batches = []
        t = 5 * DAY
        while t < SPAN:
            age = r.uniform(0, 300 * DAY) if r.random() < 0.6 else r.uniform(0, 30 * DAY)
            style = dict(upper=r.random() < 0.25, phone=(r.choice(["nat", "intl", "e164", "nat"]), r.randint(0, 99)),
                         cname=r.randint(0, 9), excel=r.random() < 0.3, age=age, fold=r.random() < 0.4)
            self.batches.append((t + r.uniform(8, 18) * 3600, style))
            t += SPAN / 60 * r.uniform(0.6, 1.4)

    def rand_time(self, lo, hi, tz):
        r = self.r
        u = r.uniform(lo, hi)
        day = math.floor(u / DAY) * DAY
        x = r.random()
        if x < 0.72:
            h = r.uniform(8, 18)
        elif x < 0.95:
            h = r.uniform(18, 23.5)
        else:
            h = r.uniform(0, 8)
        t = day + h * 3600 - tz * 3600
        return min(max(t, 0.0), SPAN - 60)

    def schedule(self):
        r = self.r
        evs = []
        for p in self.persons:
            tz = COUNTRIES[p.country]["tz"]
            n = p.n
            start = r.uniform(0, SPAN * 0.97)
            if n == 1:
                end = start
            else:
                end = start + (SPAN - start) * r.uniform(0.25, 1.0)
                if r.random() < 0.3:  # some people move back in time: whole history earlier
                    shift = r.uniform(0, start)
                    start, end = start - shift, end - shift
            prof = PROFILES[p.profile]
            srcs = list(prof)
            sw = [prof[s] for s in srcs]
            items = []
            for i in range(n):
                src = r.choices(srcs, sw)[0]
                meta = {}
                if items and r.random() < 0.30:
                    t = items[-1][0] + max(5.0, r.expovariate(1 / 1200.0))
                else:
                    t = self.rand_time(start, end, tz)
                if src == "webinar":
                    k = min(range(len(self.webinars)), key=lambda k: abs(self.webinars[k][0] - t))
                    wt, wname = self.webinars[k]
                    t = wt + r.uniform(0, 3600) if r.random() < 0.45 else wt - r.expovariate(1 / (3 * DAY))
                    meta["webinar"] = wname
                elif src == "events_app":
                    k = min(range(len(self.confs)), key=lambda k: abs(self.confs[k][0] - t))
                    ct, cname, _ = self.confs[k]
                    t = ct + r.randint(0, 2) * DAY + r.uniform(8, 18) * 3600
                    meta["conf"] = cname
                elif src == "import":
                    k = min(range(len(self.batches)), key=lambda k: abs(self.batches[k][0] - t))
                    bt, style = self.batches[k]
                    t = bt + r.uniform(0, 900)
                    meta["batch"] = style
                t = min(max(t, 0.0), SPAN - 1)
                items.append([t, src, meta])
            items.sort(key=lambda x: x[0])
            # exact re-sends
            for i in range(1, len(items)):
                if r.random() < 0.015:
                    items[i][1] = items[i - 1][1]
                    items[i][2] = dict(items[i - 1][2], dup=True)
                    items[i][0] = items[i - 1][0] + r.uniform(1, 90)
            items.sort(key=lambda x: x[0])
            p.t0, p.t1 = items[0][0], items[-1][0]
            self.life_events(p, [x[0] for x in items])
            for t, src, meta in items:
                evs.append((t, p, src, meta))
        return evs

    def life_events(self, p, times):
        r = self.r
        n = len(times)
        def gap_time():
            # life events happen in the quiet periods between a person's events (longer gap = likelier)
            gaps = [times[k + 1] - times[k] for k in range(n - 1)]
            ok = [k for k in range(n - 1) if gaps[k] >= 14 * DAY]
            if not ok:
                return None
            k = r.choices(ok, [gaps[k] for k in ok])[0]
            return r.uniform(times[k] + 3 * DAY, times[k + 1] - 3 * DAY)
        # marriage (decided first so that later jobs get a mailbox in the new name)
        if p.gender == "f" and n >= 3 and r.random() < 0.12 and p.origin not in ("es", "jp", "in"):
            t = gap_time()
            new_last = self.pick_name(p.origin, "l")
            if new_last != p.last and t is not None:
                p.mar = dict(t=t, new=new_last, hyph=r.random() < 0.2)
        mar_last = (f"{p.last}-{p.mar['new']}" if p.mar["hyph"] else p.mar["new"]) if p.mar else None
        if n >= 2 and r.random() < (0.20 if n >= 3 else 0.08):
            changes = 2 if (n >= 5 and r.random() < 0.06) else 1
            ts = sorted(x for x in (gap_time() for _ in range(changes)) if x is not None)
            for t in ts:
                old = p.jobs[-1]
                if r.random() < 0.92 or p.freelance:
                    cands = [c for c in self.companies if c.country == p.country and c is not old.company]
                else:
                    cands = [c for c in self.companies if c is not old.company]
                if r.random() < 0.05 and not p.freelance:
                    comp = self.freelance_company(p)
                else:
                    comp = r.choices(cands, [self.comp_w[c.idx] for c in cands])[0]
                use_new = mar_last if (p.mar and t > p.mar["t"] and r.random() < 0.85) else None
                j = self.make_job(p, comp, t, last=use_new)
                j.level = min(6, max(j.level, old.level + r.choice([0, 0, 1])))
                if r.random() < 0.6:
                    j.func, j.ic, j.fn = old.func, old.ic, old.fn
                p.jobs.append(j)
        for j in p.jobs:
            if r.random() < 0.2 and j.level < 6:
                nxt = [x.start for x in p.jobs if x.start > j.start]
                hi = nxt[0] if nxt else p.t1
                lo = max(j.start, p.t0)
                if hi > lo:
                    j.promo = r.uniform(lo, hi)
        if p.mar:
            for j in p.jobs:
                if j.start <= p.mar["t"] and j.company.kind == "company" and r.random() < 0.5:
                    local = self.work_local(p, j.company, last=mar_last)
                    j.email_after_mar = f"{local}@{j.company.domain}"
        # lifecycle
        if p.profile == "customer":
            p.lc_lo, p.lc_hi = r.choice([1, 1, 2, 3]), r.choice([5, 5, 5, 6])
        elif p.profile == "prospect":
            p.lc_lo, p.lc_hi = r.choice([0, 1, 1]), r.choice([1, 2, 2, 3, 3, 4])
        else:
            p.lc_lo, p.lc_hi = 0, r.choice([0, 0, 1])
        p.lc_hi = max(p.lc_hi, p.lc_lo)

    # ---------------- rendering -----------------
    def state(self, p, tau):
        job = p.jobs[0]
        for j in p.jobs:
            if j.start <= tau:
                job = j
        married = p.mar is not None and tau >= p.mar["t"]
        return job, married

    def ext_id(self, p, src):
        if src in p.ext:
            return p.ext[src]
        r = self.r
        while True:
            if src == "crm":
                v = sf_id(r)
            elif src == "billing":
                v = "cus_" + "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(14))
            elif src == "support":
                v = str(r.randint(360000000000, 399999999999))
            elif src == "events_app":
                v = "A" + str(r.randint(1000000, 9999999))
            else:
                v = "".join(r.choice("0123456789abcdef") for _ in range(24))
            if v not in self.used_ext:
                self.used_ext.add(v)
                p.ext[src] = v
                return v

    def render_first(self, p, src, formal):
        r = self.r
        f = p.first
        if p.goes_by:
            use_nick = r.random() < (0.35 if formal else 0.8)
            if p.goes_by == p.middle:
                use_nick = r.random() < (0.3 if formal else 0.75)
            if p.first in DUTCH_FORMAL:
                use_nick = r.random() < (0.55 if formal else 0.95)
            if use_nick:
                f = p.goes_by
        if f == p.first and " " in f and p.origin in ("es",) and r.random() < 0.25:
            f = f.split(" ")[0]
        if f == p.first and "-" in f and r.random() < 0.15:
            f = f.replace("-", " ") if r.random() < 0.6 else f.split("-")[0]
        if p.middle and f != p.middle:
            x = r.random()
            if x < (0.07 if formal else 0.03):
                f = f"{f} {p.middle[0]}."
            elif x < (0.11 if formal else 0.045):
                f = f"{f} {p.middle}"
        if r.random() < (0.02 if src in ("import", "billing", "crm") else 0.005):
            f = f[0] + ("." if r.random() < 0.7 else "")
        if p.dr and r.random() < 0.15 and src in ("crm", "events_app", "import", "billing"):
            f = "Dr. " + f
        if p.in_initial and r.random() < 0.1:
            f = f"{p.last[0]}. {f}"
        return f

    def render_last(self, p, src, married, formal):
        r = self.r
        last = p.last
        if married:
            m = p.mar
            use_new = r.random() < (0.75 if formal else 0.85)
            if use_new:
                last = f"{p.last}-{m['new']}" if (m["hyph"] and r.random() < 0.8) else m["new"]
        if p.origin == "es" and " " in last:
            x = r.random()
            if x < 0.4:
                last = last.split(" ")[0]
            elif x < 0.45:
                last = last.replace(" ", "-")
        elif p.origin == "br" and " " in last:
            x = r.random()
            if x < 0.45:
                last = last.split(" ")[-1]
            elif x < 0.52:
                last = last.split(" ")[0]
        elif p.origin == "nl" and last[0].islower():
            last = r.choices([last, last[0].upper() + last[1:], last.title(), last.replace("van der ", "v.d. ").replace("van den ", "v.d. "),
                              last.split(" ")[-1], last.replace(" ", "").capitalize()], [55, 20, 10, 5, 5, 5])[0]
        elif p.origin == "de" and last.startswith("von") and r.random() < 0.2:
            last = last.split(" ")[-1]
        if "'" in last and r.random() < 0.15:
            last = last.replace("'", "") if r.random() < 0.7 else last.replace("'", " ")
        if p.in_initial:
            x = r.random()
            if x < 0.4:
                last = last[0] + ("." if r.random() < 0.5 else "")
            elif x < 0.5:
                last = ""
        return last

    def fold_for(self, p, s, src):
        r = self.r
        rate = {"import": 0.45, "billing": 0.3, "chat": 0.25, "events_app": 0.2, "crm": 0.15}.get(src, 0.12)
        if has_accent(s) and r.random() < rate:
            if p.origin == "de":
                tr = (r.random() < 0.7) if src in TYPED else (r.random() < 0.35)
                return fold(s, tr)
            return fold(s)
        return s

    def case_fn(self, s, mode):
        if mode == "lower":
            return s.lower()
        if mode == "upper":
            return s.upper()
        if mode == "title":
            return s.title()
        return s

    def render_phone(self, p, job, src, batch, stale_job):
        r = self.r
        opts = []
        j = stale_job or job
        workish = src in ("crm", "events_app", "import", "billing", "support")
        if p.mobile:
            opts.append(("mobile", p.mobile, 3 if not workish else 2))
        if j.direct:
            opts.append(("work", j.direct, 3 if workish else 0.8))
        if p.home:
            opts.append(("home", p.home, 0.6))
        if not opts:
            return ""
        kind, ph = r.choices([o[:2] for o in opts], [o[2] for o in opts])[0]
        if src in TYPED or src == "events_app":
            style, v = p.phone_habit if r.random() < 0.75 else (r.choice(["nat", "intl", "nat", "e164"]), r.randint(0, 99))
        elif src == "crm":
            style, v = r.choices(["e164", "intl", "nat"], [45, 25, 30])[0], r.randint(0, 99)
        elif src == "billing":
            style, v = r.choices(["e164", "intl", "nat"], [70, 15, 15])[0], r.randint(0, 99)
        elif src == "import" and batch:
            style, v = batch["phone"]
        else:
            style, v = r.choices(["e164", "intl", "nat"], [25, 30, 45])[0], r.randint(0, 99)
        s = fmt_phone(ph, style, v)
        if kind == "work" and j.ext and not j.bare_switch:
            s += r.choice([" ext. ", " x", " ext ", " Ext. ", " x"]) + j.ext
        if src == "import" and batch and batch["excel"] and r.random() < 0.15:
            if s.startswith("+"):
                s = s[1:].replace(" ", "")
            elif s.startswith("0"):
                s = s[1:].replace(" ", "")
        typo_rate = 0.02 if src in TYPED else (0.012 if src in ("import", "events_app", "support") else 0.004)
        if r.random() < typo_rate:
            s = phone_typo(r, s)
        return s

    def render_company(self, c, src, batch):
        r = self.r
        if c.kind == "freelance":
            if c.legal and r.random() < 0.7:
                return c.legal if r.random() < 0.5 else c.base
            return r.choice(["Self-employed", "Self Employed", "Freelance", "Independent", "Freelancer", "self-employed", c.base])
        x = r.random()
        formal = src in ("billing", "crm")
        if x < (0.55 if formal else 0.3):
            s = c.legal
        elif x < 0.9:
            s = c.base
        elif x < 0.95 and c.acronym:
            s = c.acronym
        else:
            s = c.legal.replace(",", "").replace(".", "") if c.suffix else c.base
        if "&" in s and r.random() < 0.3:
            s = s.replace("&", "and")
        if c.suffix == "GmbH" and r.random() < 0.05:
            s = s.replace("GmbH", r.choice(["Gmbh", "GMBH", "G.m.b.H."]))
        if r.random() < (0.025 if src in TYPED else 0.008):
            s = typo(r, s)
        return s

    def canonical_title(self, p, job, lvl):
        """One canonical wording per (job, level); per-event rendering only varies the spelling."""
        key = lvl
        if key in job.titles:
            return job.titles[key]
        r = self.r
        f = job.func
        fn = job.fn
        if lvl == 6 and (job.ceo or job.company.kind == "freelance"):
            t = r.choice(["CEO", "Chief Executive Officer", "Founder & CEO", "CEO & Co-Founder", "Managing Director", "Founder"])
            lk = ("CEO", 6)
        else:
            lk = (f, lvl)
            if lvl == 0:
                t = job.ic
            elif lvl == 1:
                t = "Senior " + job.ic
            elif lvl == 2:
                t = r.choice([f"{fn} Manager", f"{fn} Team Lead", f"Lead {job.ic}", f"{fn} Manager"])
            elif lvl == 3:
                t = f"Head of {fn}"
            elif lvl == 4:
                t = f"Director of {fn}"
            elif lvl == 5:
                t = f"VP of {fn}"
            else:
                t = CXO[f][0]
        local = LOCAL_TITLES.get(p.country, {})
        if lk in local and COUNTRIES[p.country]["names"].get(p.origin, 0) > 50 and r.random() < 0.5:
            t = local[lk] + "|" + t     # local-language title used in part of the events
        job.titles[key] = t
        return t

    def render_title(self, p, job, tau, src):
        r = self.r
        lvl = job.level + (1 if (job.promo is not None and tau >= job.promo) else 0)
        t = self.canonical_title(p, job, min(lvl, 6))
        if "|" in t:
            loc, en = t.split("|")
            t = loc if r.random() < 0.6 else en
        if r.random() < 0.35:
            x = r.random()
            for a, b in (("Senior ", r.choice(["Sr. ", "Sr ", "Snr "])), ("VP of ", r.choice(["VP ", "VP, ", "Vice President, ", "Vice President of "])),
                         ("Head of ", r.choice(["Head ", "Head of "])), ("Manager", r.choice(["Mgr", "Manager"]) if x < 0.3 else "Manager"),
                         (" & ", " and "), ("Chief Executive Officer", "CEO"), ("CEO", r.choice(["CEO", "Chief Executive Officer"]))):
                if a in t:
                    t = t.replace(a, b, 1)
                    break
            else:
                m = re.match(r"Director of (.+)$", t)
                if m:
                    t = r.choice([f"{m.group(1)} Director", f"Director, {m.group(1)}", f"Dir. {m.group(1)}"])
                elif t in CXO_LONG:
                    t = CXO_LONG[t]
        return t

    def render_address(self, c, p, src, batch, props, want):
        """want: set of keys among address, city, state, zip, country"""
        r = self.r
        country = c.country
        city = c.city
        if "address" in want:
            props["address"] = self.street_variant(c, src)
        if "city" in want:
            cn = city[0]
            if city[5] and r.random() < 0.2:
                cn = r.choice(city[5])
            if r.random() < 0.15:
                cn = fold(cn)
            props["city"] = cn
        if "state" in want and (country not in ("FR", "UK", "JP") or r.random() < 0.2):
            if city[1] and r.random() < 0.65:
                props["state"] = city[1]
            else:
                props["state"] = city[2] if r.random() < 0.85 else fold(city[2])
        if "zip" in want:
            z = c.zip
            if r.random() < 0.12:
                z = z.replace(" ", "").replace("-", "") if country in ("UK", "NL", "SE", "CA", "JP", "BR") else z
            if country == "US" and r.random() < 0.1:
                z = z + "-" + f"{r.randint(1, 9999):04d}"
            if country == "UK" and r.random() < 0.05:
                z = z.lower()
            if src == "import" and batch and batch["excel"] and z.startswith("0") and r.random() < 0.6:
                z = z.lstrip("0")
            props["zip"] = z
        if "country" in want:
            names = COUNTRIES[country]["cname"]
            if src == "billing":
                v = names[0] if r.random() < 0.85 else names[2 if len(names) > 2 else 1]
            elif src == "crm":
                v = r.choices(names, [10, 20, 60] + [5] * (len(names) - 3))[0]
            elif src == "import" and batch:
                v = names[batch["cname"] % len(names)]
            else:
                v = r.choices(names, [15, 25, 45] + [6] * (len(names) - 3))[0]
            if country == "UK" and v in ("UK", "United Kingdom") and r.random() < 0.1:
                v = "Scotland" if city[2] == "Scotland" else "England"
            props["country"] = v

    def street_variant(self, c, src):
        r = self.r
        country = c.country
        st = c.street
        num = c.num
        ab = r.random() < (0.55 if src in ("billing", "import") else 0.35)
        if ab:
            if country in ("US", "CA", "AU", "UK"):
                for a, b in (("Street", "St"), ("Avenue", "Ave"), ("Boulevard", "Blvd"), ("Drive", "Dr"), ("Road", "Rd"),
                             ("Terrace", "Tce"), ("Place", "Pl"), (" West", " W"), (" East", " E"), ("Ouest", "O.")):
                    st = st.replace(a, b)
                if r.random() < 0.4:
                    st = st.replace(" St", " St.").replace(" Ave", " Ave.").replace(" Blvd", " Blvd.")
            elif country == "DE":
                st = st.replace("straße", r.choice(["str.", "strasse", "str."])).replace("Straße", r.choice(["Str.", "Strasse"]))
            elif country == "FR":
                st = st.replace("avenue", "av.").replace("boulevard", "bd").replace("rue", r.choice(["r.", "Rue"]))
            elif country == "ES":
                st = st.replace("Calle ", r.choice(["C/ ", "C/", "c/ "])).replace("Avenida", r.choice(["Avda.", "Av."])).replace("Paseo", "Pº")
            elif country == "BR":
                st = st.replace("Avenida", "Av.").replace("Rua", "R.")
            elif country == "SE":
                st = st.replace("gatan", r.choice(["g.", "gatan"]))
            elif country == "NL":
                st = st.replace("straat", "str.")
        if r.random() < 0.1:
            st = fold(st)
        unit = c.unit
        if country in ("US", "CA"):
            s = f"{num} {st}"
            if unit:
                s += r.choice([f", Suite {unit}", f" Suite {unit}", f", Ste {unit}", f" #{unit}", f", Ste. {unit}"])
        elif country == "UK":
            s = f"{num} {st}"
            if unit and r.random() < 0.6:
                s = r.choice([f"Unit {unit}, ", f"Floor {unit[:1]}, ", f"Suite {unit}, "]) + s
        elif country == "AU":
            s = f"{num} {st}"
            if unit and r.random() < 0.7:
                s = r.choice([f"Level {unit[:2]}, ", f"L{unit[:2]} ", f"Suite {unit}, "]) + s
        elif country in ("DE", "NL", "SE"):
            s = f"{st} {num}"
        elif country == "FR":
            s = f"{num} {st}" if r.random() < 0.85 else f"{num}, {st}"
        elif country in ("ES", "BR"):
            s = f"{st}, {num}" if r.random() < 0.7 else f"{st} {num}"
            if country == "BR" and r.random() < 0.3:
                s += r.choice([" - Conj. 52", " - Sala 101", ", 8º andar"])
            if country == "ES" and r.random() < 0.3:
                s += r.choice([", 3º B", ", 2ª planta", ", 1º"])
        elif country == "JP":
            n3 = f"{int(num) % 9 + 1}-{int(num) % 17 + 1}-{int(num) % 23 + 1}"
            s = r.choice([f"{n3} {st}", f"{st} {n3}", f"{n3}, {st}"])
        elif country == "IN":
            s = f"{num}, {st}" if r.random() < 0.7 else f"No. {num}, {st}"
        else:
            s = f"{num} {st}"
        return s

    def pick_email(self, p, job, married, src, tau, stale_job):
        r = self.r
        j = stale_job or job
        work = j.email
        if married and j.email_after_mar and tau >= p.mar["t"] + 20 * DAY and r.random() < 0.8:
            work = j.email_after_mar
        if j.alias and r.random() < 0.2:
            work = j.alias
        if j.company.alias_domain and r.random() < 0.1:
            work = work.split("@")[0] + "@" + j.company.alias_domain
        personal = (p.personal[1] if len(p.personal) > 1 and r.random() < 0.3 else p.personal[0]) if p.personal else ""
        w_work = {"crm": 85, "web_form": 62, "webinar": 80, "billing": 70, "support": 82, "import": 88, "events_app": 85, "chat": 50}[src]
        opts = [("work", work, w_work)]
        if personal:
            opts.append(("personal", personal, 100 - w_work))
        if p.shared:
            opts.append(("shared", p.shared, (100 - w_work) * 0.6))
        if j.company.kind == "company":
            role_w = {"billing": 15, "web_form": 2, "support": 3, "import": 3}.get(src, 0)
            if role_w:
                role = {"billing": j.company.acct, "support": j.company.it}.get(src, j.company.info)
                opts.append(("role", f"{role}@{j.company.domain}", role_w))
        kind, e = r.choices([o[:2] for o in opts], [o[2] for o in opts])[0]
        # rendering noise
        if kind in ("personal", "shared") and e.endswith("@gmail.com"):
            loc = e.split("@")[0]
            if r.random() < 0.04:
                loc = loc.replace(".", "") if "." in loc else loc[:len(loc) // 2] + "." + loc[len(loc) // 2:]
            if p.plus_habit and src in TYPED and r.random() < 0.5:
                loc = loc + "+" + r.choice(["news", "crm", "promo", "work", "webinar", "spam"])
            dom = "googlemail.com" if r.random() < 0.015 else "gmail.com"
            e = f"{loc}@{dom}"
        typo_rate = 0.02 if src in TYPED else (0.01 if src in ("events_app", "import") else 0.004)
        if r.random() < typo_rate:
            e = email_typo(r, e)
        if r.random() < (0.03 if src in TYPED or src == "import" else 0.01):
            loc, dom = e.split("@", 1) if "@" in e else (e, "")
            e = (loc.title() if r.random() < 0.6 else loc.capitalize()) + "@" + (dom if r.random() < 0.6 else dom.title())
        if src == "import" and r.random() < 0.005:
            e = f"{p.first} {p.last} <{e}>"
        if src in TYPED and r.random() < 0.01:
            e = r.choice([" " + e, e + " ", e + "  "])
        return e

    def render(self, t, p, src, meta):
        r = self.r
        batch = meta.get("batch")
        formal = src in ("crm", "billing", "support")
        # which moment of the person's life does this record describe?
        tau = t
        if src == "import" and batch:
            tau = t - batch["age"]
        elif src == "crm" and r.random() < 0.3:
            tau = t - r.expovariate(1 / (60 * DAY))
        elif src == "billing" and r.random() < 0.2:
            tau = t - r.expovariate(1 / (45 * DAY))
        job, married = self.state(p, tau)
        stale_job = None
        if src in ("webinar", "events_app") and len(p.jobs) > 1 and job is not p.jobs[0] and r.random() < 0.05:
            stale_job = p.jobs[p.jobs.index(job) - 1]
        cj = stale_job or job
        presence = {
            # email phone first last company
            "web_form": (0.97, 0.30, 0.88, 0.82, 0.55), "crm": (0.93, 0.65, 0.97, 0.96, 0.93),
            "billing": (0.97, 0.45, 0.88, 0.88, 0.93), "webinar": (0.99, 0.20, 0.97, 0.94, 0.80),
            "support": (0.90, 0.35, 0.78, 0.62, 0.35), "import": (0.78, 0.55, 0.95, 0.95, 0.92),
            "events_app": (0.82, 0.40, 0.99, 0.98, 0.95), "chat": (0.55, 0.20, 0.45, 0.22, 0.25),
        }[src]
        has = dict(zip(("email", "phone", "first", "last", "company"), (r.random() < x for x in presence)))
        # first and last name usually travel together (one "name" block in most forms)
        if has["first"] and not has["last"] and r.random() < 0.6:
            has["last"] = True
        elif not has["first"] and has["last"] and r.random() < 0.7:
            has["last"] = False
        sparse = r.random()
        mode = None
        if src == "web_form" and sparse < 0.15:
            mode = "email"
        elif src == "chat":
            mode = "email" if sparse < 0.25 else ("phone" if sparse < 0.33 else None)
        elif src == "support":
            mode = "phone" if sparse < 0.08 else ("email" if sparse < 0.18 else None)
        elif src == "import":
            mode = "namecomp" if sparse < 0.12 else None
        elif src == "events_app":
            mode = "namecomp" if sparse < 0.10 else None
        elif src == "billing" and sparse < 0.05:
            mode = "email"
        elif src == "crm" and sparse < 0.02:
            mode = "namecomp"
        if mode == "email":
            has = dict(email=True, phone=False, first=False, last=False, company=False)
        elif mode == "phone":
            has = dict(email=False, phone=True, first=r.random() < 0.5, last=False, company=False)
        elif mode == "namecomp":
            has = dict(email=False, phone=False, first=True, last=True, company=True)
        ext_p = {"crm": 1.0, "billing": 1.0, "support": 0.92, "events_app": 0.75, "chat": 0.85}.get(src, 0.0)
        ext = self.ext_id(p, src) if r.random() < ext_p else ""
        if mode == "phone" and not (p.mobile or cj.direct or p.home):
            has["phone"] = False
            has["email"] = True
        if not has["email"] and not has["phone"] and not (has["first"] and has["last"]) and (not ext or not has["first"]):
            has["email"] = True
        if has["phone"] and not (p.mobile or cj.direct or p.home):
            has["phone"] = False
        ev = {}
        ev["external_id"] = ext
        ev["email"] = self.pick_email(p, job, married, src, tau, stale_job) if has["email"] else ""
        ev["phone"] = self.render_phone(p, job, src, batch, stale_job) if has["phone"] else ""
        # record-keeping systems keep the spelling they first stored (85%); forms are typed afresh
        key = (p.idx, src, married, cj is p.jobs[0])
        if src in ("crm", "billing", "support", "events_app") and key in self.name_memory and r.random() < 0.85:
            f0, l0 = self.name_memory[key]
        else:
            f0, l0 = self.render_first(p, src, formal), self.render_last(p, src, married, formal)
            self.name_memory[key] = (f0, l0)
        first = f0 if has["first"] else ""
        last = l0 if has["last"] else ""
        # origin specific: romanisation
        if p.origin == "jp":
            sty = p.jp_style if r.random() < 0.75 else r.choice(["plain", "h", "u", "macron"])
            first, last = jp_roman(first, sty), jp_roman(last, sty)
        first = self.fold_for(p, first, src) if first else first
        last = self.fold_for(p, last, src) if last else last
        # structural swaps
        if first and last:
            sw = 0.12 if (p.origin == "jp" and src in ("import", "events_app", "crm", "webinar")) else (0.02 if src in ("import", "billing") else 0.006)
            if r.random() < sw:
                first, last = last, first
            fullname_rate = {"support": 0.12, "chat": 0.15, "billing": 0.04, "web_form": 0.02}.get(src, 0.0)
            if r.random() < fullname_rate:
                first, last = (f"{first} {last}" if r.random() < 0.85 else f"{last}, {first}"), ""
            elif src == "chat" and r.random() < 0.06 or src == "webinar" and r.random() < 0.02:
                last = last[0] + "."
        # case
        mode_case = "normal"
        if src in TYPED and p.case_habit != "normal" and r.random() < 0.7:
            mode_case = p.case_habit
        elif src in TYPED and r.random() < 0.04:
            mode_case = r.choice(["lower", "upper", "title"])
        elif src == "import" and batch and batch["upper"]:
            mode_case = "upper"
        elif src == "events_app" and r.random() < 0.05:
            mode_case = r.choice(["upper", "title"])
        first, last = self.case_fn(first, mode_case), self.case_fn(last, mode_case)
        # typos
        nt = {"web_form": 0.025, "webinar": 0.02, "chat": 0.03, "events_app": 0.02, "import": 0.02, "crm": 0.008,
              "support": 0.01, "billing": 0.005}[src]
        if first and r.random() < nt:
            first = typo(r, first)
        if last and r.random() < nt:
            last = typo(r, last)
        if src in TYPED and r.random() < 0.02:
            if first and r.random() < 0.5:
                first = r.choice([first + " ", " " + first, first.replace(" ", "  ")])
            elif last:
                last = r.choice([last + " ", " " + last])
        # garbage
        g = 0.008 if src in TYPED or src == "import" else 0.002
        if first and r.random() < g:
            first = r.choice(GARBAGE_NAME)
        if last and r.random() < g:
            last = r.choice(GARBAGE_NAME)
        if ev["email"] and r.random() < (0.01 if src in TYPED or src == "events_app" else 0.002):
            ev["email"] = r.choice(GARBAGE_EMAIL)
        if ev["phone"] and r.random() < (0.007 if src in TYPED or src == "import" else 0.002):
            ev["phone"] = r.choice(GARBAGE_PHONE)
        ev["first_name"] = first
        ev["last_name"] = last
        comp = self.render_company(cj.company, src, batch) if has["company"] else ""
        if comp and mode_case in ("lower", "upper") and src != "events_app":
            comp = self.case_fn(comp, mode_case)
        if comp and r.random() < (0.012 if src in TYPED or src == "import" else 0.002):
            comp = r.choice(GARBAGE_COMPANY)
        ev["company"] = comp
        # properties
        props = {}
        pp = {  # jobtitle, address-block, country, lifecyclestage
            "web_form": (0.30, 0.12, 0.45), "crm": (0.75, 0.55, 0.70), "billing": (0.10, 0.92, 0.95),
            "webinar": (0.60, 0.10, 0.55), "support": (0.05, 0.05, 0.15), "import": (0.70, 0.40, 0.60),
            "events_app": (0.80, 0.15, 0.65), "chat": (0.03, 0.0, 0.10)}[src]
        if mode in ("email", "phone"):
            pp = (pp[0] * 0.2, pp[1] * 0.2, pp[2] * 0.3)
        if r.random() < pp[0]:
            tt = self.render_title(p, cj, tau, src)
            if mode_case in ("lower", "upper"):
                tt = self.case_fn(tt, mode_case)
            elif r.random() < 0.04:
                tt = tt.lower()
            if r.random() < 0.004:
                tt = r.choice(GARBAGE_TITLE)
            props["jobtitle"] = tt
        want = []
        if r.random() < pp[1]:
            if src in ("billing", "crm"):
                want = ["address", "city", "state", "zip"] if r.random() < 0.75 else ["city", "state"]
            else:
                want = r.choice([["city"], ["city", "state"], ["address", "city", "zip"], ["zip"], ["city", "state", "zip"]])
        if r.random() < pp[2]:
            want.append("country")
        if want:
            self.render_address(cj.company, p, src, batch, props, set(want))
        if src == "crm":
            if r.random() < 0.92:
                frac = 0 if p.t1 <= p.t0 else (t - p.t0) / (p.t1 - p.t0)
                stage = p.lc_lo + int(round(frac * (p.lc_hi - p.lc_lo)))
                props["lifecyclestage"] = LIFECYCLE[stage]
            if r.random() < 0.3 and cj.company.kind == "company":
                props["industry"] = cj.company.industry
            if r.random() < 0.2 and cj.company.domain:
                props["website"] = r.choice(["https://www.", "www.", "http://", "https://", ""]) + cj.company.domain
        if src == "web_form" and r.random() < 0.5:
            props["form_name"] = r.choice(FORM_NAMES)
        if src == "webinar" and "webinar" in meta and r.random() < 0.8:
            props["webinar_name"] = meta["webinar"]
        if src == "events_app" and "conf" in meta and r.random() < 0.8:
            props["event_name"] = meta["conf"]
        ev["properties"] = props
        return ev

    # ---------------- main -----------------
    def run(self):
        self.build_companies()
        self.build_persons()
        self.allocate()
        self.build_campaigns()
        evs = self.schedule()
        evs.sort(key=lambda x: (x[0], x[1].idx))
        out = []
        last_payload = {}
        prev_t = -1
        for t, p, src, meta in evs:
            ts = int(t)
            if ts <= prev_t:
                ts = prev_t + 1
            prev_t = ts
            if meta.get("dup") and (p.idx, src) in last_payload:
                payload = json.loads(json.dumps(last_payload[(p.idx, src)]))
            else:
                payload = self.render(float(ts), p, src, meta)
            last_payload[(p.idx, src)] = payload
            eid = str(uuid.UUID(int=self.r.getrandbits(128), version=4))
            occurred = (EPOCH + dt.timedelta(seconds=ts)).strftime("%Y-%m-%dT%H:%M:%SZ")
            ev = {"event_id": eid, "source": src, "occurred_at": occurred}
            for k in ("external_id", "email", "phone", "first_name", "last_name", "company"):
                v = payload.get(k, "")
                if v or src not in OMIT_STYLE:
                    ev[k] = v
            if payload["properties"] or src not in OMIT_STYLE:
                ev["properties"] = dict(payload["properties"])
            out.append((ev, p.pid))
        return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--persons", type=int, default=2000)
    ap.add_argument("--events", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="events.jsonl")
    ap.add_argument("--labels", default="labels.jsonl")
    a = ap.parse_args(argv)
    g = Gen(a.seed, a.persons, a.events)
    rows = g.run()
    seen = set()
    with open(a.out, "w", encoding="utf-8") as fe, open(a.labels, "w", encoding="utf-8") as fl:
        for ev, pid in rows:
            assert ev["event_id"] not in seen
            seen.add(ev["event_id"])
            fe.write(json.dumps(ev, ensure_ascii=False) + "\n")
            fl.write(json.dumps({"event_id": ev["event_id"], "person": pid}) + "\n")
    print(f"wrote {len(rows)} events for {len(set(pid for _, pid in rows))} persons -> {a.out}, {a.labels}", file=sys.stderr)


if __name__ == "__main__":
    main()
