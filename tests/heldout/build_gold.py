#!/usr/bin/env python3
"""Builds gold.json for the held-out set (written blind to the extractor rules) and validates it."""

import itertools
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = {}


def c(ctx, fig, low, high, hedge, event, sources, unit="count"):
    return {
        "context": ctx,
        "figure": fig,
        "low": low,
        "high": high,
        "hedge": hedge,
        "unit": unit,
        "event": event,
        "sources": sources,
        "scope": "core",
    }


def p(ctx, fig, low, high, hedge, event, sources):
    return c(ctx, fig, low, high, hedge, event, sources, unit="percent")


def opt(ctx, fig):
    return {"context": ctx, "figure": fig, "scope": "optional"}


HROM = ["Assembly Human Rights Observer Mission", "Human Rights Observer Mission", "observer mission", "HROM"]

# h01 wire story
PRAX = ["Ysolde Praxer", "Praxer", "Mayor Ysolde Praxer", "mayor"]
AF = ["Tamburia's air force", "Tamburian air force", "air force"]
NDM = ["Norvish Defence Ministry", "Defence Ministry"]
DOCS["h01"] = (
    "2031-06-13",
    [
        opt("kills 17, mayor", "17"),
        c("killing 17 people", "17", 17, 17, "exact", "killed", PRAX),
        c("injuring 43", "43", 43, 43, "exact", "injured", PRAX),
        c("Six of the dead", "Six", 6, 6, "exact", "killed", PRAX),
        c("more than 200 people without a roof", "200", 200, None, "more_than", "displaced", PRAX),
        c(
            "as many as nine people",
            "nine",
            None,
            9,
            "up_to",
            "missing",
            ["State Emergency Directorate", "Emergency Directorate"],
        ),
        c("launched 112 drones", "112", 112, 112, "exact", "attacks", AF),
        c("six cruise missiles", "six", 6, 6, "exact", "attacks", AF),
        c("94 of the drones", "94", 94, 94, "exact", "destroyed", AF),
        c("four of the missiles", "four", 4, 4, "exact", "destroyed", AF),
        c("destroyed two warehouses", "two", 2, 2, "exact", "destroyed", NDM),
        opt("60 km", "60"),
        opt("about 380,000 residents", "380,000"),
        p(
            "roughly a fifth",
            "a fifth",
            20,
            20,
            "about",
            "displaced",
            ["city administration", "Hesk city administration", "administration"],
        ),
        c("verified 6,218", "6,218", 6218, 6218, "exact", "killed", HROM),
        c("including 402 children", "402", 402, 402, "exact", "killed", HROM),
    ],
)

# h02 situation report
PART = ["Humanitarian partners"]
DOCS["h02"] = (
    "2031-06-16",
    [
        c("More than 2.4m people", "2.4m", 2400000, None, "more_than", "displaced", []),
        c("640,000 of them", "640,000", 640000, 640000, "exact", "displaced", []),
        c("27 attacks on education", "27", 27, 27, "exact", "attacks", []),
        c("damaging 16 schools", "16", 16, 16, "exact", "destroyed", []),
        c("convoy of 14 trucks", "14", 14, 14, "exact", "other", []),
        c("recorded 88 civilian deaths", "88", 88, 88, "exact", "killed", HROM),
        c("301 injuries", "301", 301, 301, "exact", "injured", HROM),
        p("Nearly two-thirds", "two-thirds", 66.67, 66.67, "about", "killed", HROM),
        c("35,000–40,000 people", "35,000–40,000", 35000, 40000, "range", "other", PART),
        c("fewer than 5,000 are children", "5,000", None, 5000, "less_than", "other", PART),
        c("some 210,000 people", "210,000", 210000, 210000, "about", "other", []),
        c("19 health facilities", "19", 19, 19, "exact", "destroyed", []),
        c("at least four are no longer", "four", 4, None, "at_least", "destroyed", []),
        p("About 12 per cent", "12 per cent", 12, 12, "about", "destroyed", []),
        c("118,500 people", "118,500", 118500, 118500, "exact", "other", []),
        opt("3,200 hygiene kits", "3,200"),
        opt("three hospitals", "three"),
        opt("$1.9 billion", "1.9 billion"),
        opt("31 per cent funded", "31 per cent"),
    ],
)

# h03 live blog
VILKO = [
    "Renata Vilko",
    "Vilko",
    "regional military administration",
    "head of the regional military administration",
]
GS = ["Tamburia's General Staff", "General Staff"]
ODUYA = ["Mireille Oduya", "Oduya", "Assembly relief office"]
CCPA = ["Coordination Centre for Prisoner Affairs"]
DOCS["h03"] = (
    "2031-06-18",
    [
        opt("brings 95 home", "95"),
        c("killed three civilians", "three", 3, 3, "exact", "killed", VILKO),
        c("wounded 11", "11", 11, 11, "exact", "injured", VILKO),
        c("repelled 38 Norvish", "38", 38, 38, "exact", "attacks", GS),
        p("nearly half of them", "half", 50, 50, "about", "attacks", GS),
        c("downed 27 Tamburian", "27", 27, 27, "exact", "destroyed", NDM),
        c(
            "a dozen people",
            "a dozen",
            12,
            12,
            "exact",
            "detained",
            ["Sabine Achterberg", "Achterberg", "Interior Minister Sabine Achterberg", "Interior Minister"],
        ),
        c("Tens of thousands of people", "Tens of thousands", 20000, 99999, "vague", "other", ODUYA),
        p("About 40 percent", "40 percent", 40, 40, "about", "destroyed", ODUYA),
        c("says 95 Tamburian", "95", 95, 95, "exact", "captive", CCPA),
        c("12 of whom", "12", 12, 12, "exact", "captive", CCPA),
        c(
            "that 90 of its own",
            "90",
            90,
            90,
            "exact",
            "captive",
            [
                "Arkady Polunin",
                "Polunin",
                "Deputy Defence Minister Arkady Polunin",
                "Vesna",
                "Norvish news agency Vesna",
            ],
        ),
        opt("roughly 120,000 residents", "120,000"),
        p("perhaps one in four", "one in four", 25, 25, "about", "other", []),
    ],
)

# h04 Norvish MoD briefing (the issuer's own document: issuer or no attribution accepted)
MOD = [
    "Lev Strakhos",
    "Strakhos",
    "Major-General Lev Strakhos",
    "Ministry of Defence of the Norvish Union",
    "Ministry of Defence",
    "Defence Ministry",
    None,
]
DOCS["h04"] = (
    "2031-06-20",
    [
        c("repelled six attacks", "six", 6, 6, "exact", "attacks", MOD),
        c("as many as 260 servicemen", "260", None, 260, "up_to", "killed", MOD),
        c("killed, three tanks", "three", 3, 3, "exact", "destroyed", MOD),
        c("eight armoured vehicles", "eight", 8, 8, "exact", "destroyed", MOD),
        c("11 field artillery", "11", 11, 11, "exact", "destroyed", MOD),
        c("including two 155mm", "two", 2, 2, "exact", "destroyed", MOD),
        c("shot down 41", "41", 41, 41, "exact", "destroyed", MOD),
        c("seven Tarvo-9", "seven", 7, 7, "exact", "destroyed", MOD),
        c("struck 128 areas", "128", 128, 128, "exact", "attacks", MOD),
        c("498 aircraft", "498", 498, 498, "exact", "destroyed", MOD),
        c("19,340 unmanned", "19,340", 19340, 19340, "exact", "destroyed", MOD),
        c("4,102 tanks", "4,102", 4102, 4102, "exact", "destroyed", MOD),
        c(
            "some 900 Norvish",
            "900",
            900,
            900,
            "about",
            "killed",
            ["Quorra regime's propaganda", "propaganda", "Quorra regime"],
        ),
        opt("ten times lower", "ten"),
        c("more than 4,600 residents", "4,600", 4600, None, "more_than", "displaced", MOD),
    ],
)

# h05 armed group communique (issuer's own document)
LEG = ["Cobalt Legion", "General Command", "General Command of the Cobalt Legion", None]
DOCS["h05"] = (
    "2031-06-21",
    [
        opt("stormed three outposts", "three"),
        c("no fewer than 40", "40", 40, None, "at_least", "killed", LEG),
        c("destroyed two armoured", "two", 2, 2, "exact", "destroyed", LEG),
        c("took eleven soldiers", "eleven", 11, 11, "exact", "captive", LEG),
        c("Four of our brothers", "Four", 4, 4, "exact", "killed", LEG),
        c(
            "that 60 Legion fighters",
            "60",
            60,
            60,
            "exact",
            "killed",
            ["regime's media", "The regime's media"],
        ),
        c("more than 300 operations", "300", 300, None, "more_than", "attacks", LEG),
        c("hundreds of young men", "hundreds", 200, 999, "vague", "forces", LEG),
        c("thousands of our sons", "thousands", 2000, 9999, "vague", "detained", LEG),
    ],
)

# h06 press-conference transcript
QUIST = ["Amara Quist", "Quist", "Health Minister Amara Quist", "Health Minister"]
WREN = ["Tobias Wren", "Wren", "Assembly Resident Coordinator Tobias Wren", "Resident Coordinator"]
DOCS["h06"] = (
    "2031-06-22",
    [
        c("registered 7,904", "7,904", 7904, 7904, "exact", "killed", QUIST),
        c("19,255 injuries", "19,255", 19255, 19255, "exact", "injured", QUIST),
        c("recorded 61 deaths", "61", 61, 61, "exact", "killed", QUIST),
        p("Roughly one in three", "one in three", 33.33, 33.33, "about", "injured", QUIST),
        c(
            "verified about 6,300",
            "6,300",
            6300,
            6300,
            "about",
            "killed",
            ["observer mission", "Assembly Human Rights Observer Mission"],
        ),
        c("Fifty-eight medics", "Fifty-eight", 58, 58, "exact", "killed", QUIST),
        c("212 ambulances", "212", 212, 212, "exact", "destroyed", QUIST),
        c("Thirty-five of those", "Thirty-five", 35, 35, "exact", "destroyed", QUIST),
        c("4.1 million people", "4.1 million", 4100000, 4100000, "exact", "other", WREN),
        c("3.6 million in 2030", "3.6 million", 3600000, 3600000, "exact", "other", WREN),
        c("about 1.7 million", "1.7 million", 1700000, 1700000, "about", "other", WREN),
        c("Nine have been killed", "Nine", 9, 9, "exact", "killed", WREN),
        c("twenty-three since", "twenty-three", 23, 23, "exact", "killed", WREN),
    ],
)

# h07 op-ed
DOCS["h07"] = (
    "2031-06-23",
    [
        c(
            "passed 212,000",
            "212,000",
            212000,
            None,
            "more_than",
            "killed",
            ["General Staff", "Tamburian General Staff"],
        ),
        c("under 9,000 of its own", "9,000", None, 9000, "less_than", "killed", ["Gradmir"]),
        c("between 60,000 and 75,000", "60,000 and 75,000", 60000, 75000, "range", "killed", []),
        c("destroyed 3,800", "3,800", 3800, 3800, "exact", "destroyed", ["Quorra"]),
        c(
            "roughly 2,900",
            "2,900",
            2900,
            2900,
            "about",
            "destroyed",
            ["Open Atlas Collective", "Open Atlas"],
        ),
        c(
            "lists 11,460 names",
            "11,460",
            11460,
            11460,
            "exact",
            "missing",
            ["Registry of Missing Persons", "Registry"],
        ),
        p(
            "as many as a quarter",
            "a quarter",
            None,
            25,
            "up_to",
            "missing",
            ["officials there", "officials", "Registry of Missing Persons"],
        ),
        c("more than 600,000 of our children", "600,000", 600000, None, "more_than", "other", []),
    ],
)

# h08 open-source investigation
RO = ["Regional officials"]
DOCS["h08"] = (
    "2031-06-24",
    [
        opt("roughly 9 km", "9"),
        c("column of 30 armoured", "30", 30, 30, "exact", "destroyed", NDM),
        c('"up to 150"', "150", None, 150, "up_to", "killed", NDM),
        opt("reviewed 14 videos", "14"),
        opt("two sets of commercial", "two"),
        c("at least 9 destroyed", "9", 9, None, "at_least", "destroyed", []),
        c("four Varta-2", "four", 4, 4, "exact", "destroyed", []),
        c("two fuel trucks", "two", 2, 2, "exact", "destroyed", []),
        c("11-13 separate munitions", "11-13", 11, 13, "range", "attacks", []),
        c("19 soldiers had been killed", "19", 19, 19, "exact", "killed", RO),
        c('"around 40" wounded', "40", 40, 40, "about", "injured", RO),
        c("higher, at 22", "22", 22, 22, "exact", "killed", ["Tamburian military source", "military source"]),
        c("1,318 verified Tamburian", "1,318", 1318, 1318, "exact", "destroyed", []),
        c("2,947 verified Norvish", "2,947", 2947, 2947, "exact", "destroyed", []),
        p("Roughly 60%", "60%", 60, 60, "about", "destroyed", []),
    ],
)

# h09 correction notice (erroneous/superseded figures and the headline are optional)
TOLL = ["Casimir Tollund", "Tollund", "President Casimir Tollund", "President"]
DOCS["h09"] = (
    "2031-06-25",
    [
        opt("reported that 1,250", "1,250"),
        opt("correct figure is 125", "125"),
        opt("estimate that more than 8,000", "8,000"),
        opt("swap 250 prisoners", "250"),
        c(
            "exchanged 250 prisoners",
            "250",
            250,
            250,
            "exact",
            "captive",
            ["officials on both sides", "officials"],
        ),
        c("said 125 Tamburians", "125", 125, 125, "exact", "captive", TOLL),
        c("17 of them civilians", "17", 17, 17, "exact", "captive", TOLL),
        c("received 125 of its", "125", 125, 125, "exact", "captive", NDM),
        c(
            "More than 8,000 Tamburians remain in Norvish custody, according",
            "8,000",
            8000,
            None,
            "more_than",
            "captive",
            CCPA,
        ),
        c(
            "documented 61 deaths",
            "61",
            61,
            61,
            "exact",
            "killed",
            ["Assembly's observer mission", "observer mission", "Assembly"],
        ),
    ],
)

# h10 long-form feature
RASK = ["Ilona Rask", "Rask"]
DOCS["h10"] = (
    "2031-06-26",
    [
        opt("240 staff", "240"),
        c("fewer than 30 were still", "30", None, 30, "less_than", "other", RASK),
        c("Eleven of her colleagues", "Eleven", 11, 11, "exact", "killed", [*RASK, None]),
        c(
            "more than 1,400 wounded",
            "1,400",
            1400,
            None,
            "more_than",
            "injured",
            ["regional health department"],
        ),
        opt("roughly 15 a day", "15"),
        opt("it was sixty", "sixty"),
        c("about 60 other families", "60", 60, 60, "about", "displaced", []),
        opt("52,000 residents", "52,000"),
        opt("two rented offices", "two"),
        c(
            "no more than 4,000 remain",
            "4,000",
            None,
            4000,
            "at_most",
            "other",
            ["town council", "The town council"],
        ),
        p("two-thirds of the town", "two-thirds", 66.67, 66.67, "exact", "destroyed", RASK),
    ],
)

# h11 radio bulletin
HOLLO = ["Tamsin Hollo", "Hollo", "Governor Tamsin Hollo", "regional governor", "governor"]
DOCS["h11"] = (
    "2031-06-27",
    [
        c("At least eight people", "eight", 8, None, "at_least", "killed", HOLLO),
        c("26 others were wounded", "26", 26, 26, "exact", "injured", HOLLO),
        c("five of them critically", "five", 5, 5, "exact", "injured", HOLLO),
        c(
            "more than a hundred",
            "a hundred",
            100,
            None,
            "more_than",
            "captive",
            ["Norvish state television", "state television", "Defence Ministry"],
        ),
        c(
            "fewer than 20 of its troops",
            "20",
            None,
            20,
            "less_than",
            "missing",
            ["General Staff", "General Staff in Quorra"],
        ),
        c(
            "12,000 to 15,000 people",
            "12,000 to 15,000",
            12000,
            15000,
            "range",
            "displaced",
            ["Aid agencies"],
        ),
        opt("301 deputies", "301"),
    ],
)

# h12 ministry statement refuting "reports" (issuer's own document)
MFA = [
    "Ministry of Foreign Affairs of the Norvish Union",
    "Ministry of Foreign Affairs",
    "Foreign Ministry",
    "Norvish Foreign Ministry",
    "Information and Press Department",
    "The Ministry",
    None,
]
CLW = ["Civil Liberties Watch"]
DOCS["h12"] = (
    "2031-06-28",
    [
        c("as many as 9,000 civilians", "9,000", None, 9000, "up_to", "detained", CLW),
        c("“dozens” of them", "dozens", 24, 99, "vague", "killed", CLW),
        c("Fewer than 300 persons", "300", None, 300, "less_than", "detained", MFA),
        c("41 have been charged", "41", 41, 41, "exact", "detained", MFA),
        c("1.5 million residents", "1.5 million", 1500000, 1500000, "exact", "displaced", [*CLW, "report"]),
        c(
            "over 30,000 people have returned",
            "30,000",
            30000,
            None,
            "more_than",
            "other",
            ["regional civil registry", "civil registry"],
        ),
        c("more than 2,600 Norvish", "2,600", 2600, None, "more_than", "captive", MFA),
        c("among them 340 women", "340", 340, 340, "exact", "captive", MFA),
    ],
)

ABOUT = (
    "Held-out gold for figure-claim extraction: 12 invented-world conflict articles "
    "(Tamburia / Norvish Union; fictional places, groups, officials and outlets), "
    "written blind to the extractor's rules and annotated per /work/shared/eval/GUIDE.md. "
    "Each claim is located by a context string that occurs once in the doc and a "
    "figure substring inside it. scope core = counted in recall; optional = ignored "
    "either way. sources = acceptable attributions (any one matches; null = no "
    "attribution also accepted); [] = the article's own voice."
)


def main():
    out = {"about": ABOUT, "docs": {}}
    bad = 0
    for doc, (pub, claims) in sorted(DOCS.items()):
        with open(os.path.join(HERE, "docs", doc + ".txt"), encoding="utf-8") as fh:
            text = fh.read()
        spans = []
        for cl in claims:
            n = text.count(cl["context"])
            if n != 1 or cl["figure"] not in cl["context"]:
                print(f"BAD {doc}: {cl['context']!r} occurs {n}x / figure {cl['figure']!r}")
                bad += 1
                continue
            at = text.index(cl["context"]) + cl["context"].index(cl["figure"])
            spans.append((at, at + len(cl["figure"]), cl["context"]))
            if cl["scope"] == "core":
                assert cl["unit"] in ("count", "percent")
                assert cl["event"] in (
                    "killed",
                    "injured",
                    "captive",
                    "detained",
                    "displaced",
                    "missing",
                    "destroyed",
                    "attacks",
                    "forces",
                    "other",
                ), cl
                assert cl["hedge"] in (
                    "exact",
                    "about",
                    "more_than",
                    "at_least",
                    "less_than",
                    "at_most",
                    "up_to",
                    "range",
                    "vague",
                ), cl
                lo, hi, h = cl["low"], cl["high"], cl["hedge"]
                ok = {
                    "exact": lo is not None and lo == hi,
                    "about": lo is not None and lo == hi,
                    "more_than": lo is not None and hi is None,
                    "at_least": lo is not None and hi is None,
                    "less_than": lo is None and hi is not None,
                    "at_most": lo is None and hi is not None,
                    "up_to": lo is None and hi is not None,
                    "range": lo is not None and hi is not None and lo < hi,
                    "vague": lo is not None and hi is not None and lo < hi,
                }[h]
                if not ok:
                    print(f"BAD values {doc}: {cl}")
                    bad += 1
        spans.sort()
        for a, b in itertools.pairwise(spans):
            if a[1] > b[0]:
                print(f"BAD overlap {doc}: {a[2]!r} / {b[2]!r}")
                bad += 1
        out["docs"][doc] = {"published": pub, "claims": claims}
    if bad:
        raise SystemExit(f"{bad} problems")
    with open(os.path.join(HERE, "gold.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    n = sum(len(v["claims"]) for v in out["docs"].values())
    core = sum(c["scope"] == "core" for v in out["docs"].values() for c in v["claims"])
    print(f"ok: {len(out['docs'])} docs, {n} claims ({core} core)")


if __name__ == "__main__":
    main()
