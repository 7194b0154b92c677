"""Build and validate gold.json for the second held-out set (k01-k10).

Claims are written compactly: optional claims as (context, figure); core claims as
(context, figure, low, high, hedge, unit, event, sources).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
N = None

HD = ["Health Directorate", "Ondrasse Health Directorate", "insurgent-run Health Directorate"]
SANZ = ["Mirela Sanz", "Sanz", "Directorate official Mirela Sanz", "Health Directorate"]
NAVY = ["Estmarran navy", "navy", "navy statement"]
OSF = ["Ondrasse Sovereignty Front", "Sovereignty Front", "OSF", "Front", "Military Command", N]
AHCO = ["Archipelago Humanitarian Coordination Office", "AHCO"]
HLR = ["Harbourlight Relief", "Harbourlight", N]
BESSAK = ["Oriane Bessak", "Bessak", "Harbourlight's country director, Oriane Bessak", "Harbourlight"]
WIT = ["harbour master", "a harbour master from Kethrin", "first witness", "witness"]
OST = ["Hanne Ostrava", "Ostrava", "Dr Hanne Ostrava"]
DUS = ["Raimo Duskin", "Duskin", "Colonel Raimo Duskin", "Ministry of Defence"]
MOI = ["Ministry of the Interior", "Interior Ministry", "Ministry", N]
HALDT = ["Corvina Haldt", "Haldt", "Minister Corvina Haldt"]
ANC = ["Pieter Ancell", "Ancell", "AHCO", "Archipelago Humanitarian Coordination Office"]
DASH = [*AHCO, N]
PEL = ["Agathe Pellin", "Pellin"]
VAS = ["Ilario Vasquel", "Vasquel", "the mayor, Ilario Vasquel", "mayor"]

DOCS = {
    "k01": ("2031-06-04", [
        ("17 dead, officials say", "17"),
        ("killing 17 people", "17", 17, 17, "exact", "count", "killed", HD),
        ("wounding 42 others", "42", 42, 42, "exact", "count", "injured", HD),
        ("nine of the dead", "nine", 9, 9, "exact", "count", "killed", SANZ),
        ("Around 30 homes", "30", 30, 30, "about", "count", "destroyed", SANZ),
        ("intercepted 212 boats", "212", 212, 212, "exact", "count", "other", NAVY),
        ("at least six of the vessels", "six"),
        ("at more than 140", "140", 140, N, "more_than", "count", "destroyed",
         ["Teodor Makaisi", "Makaisi", "Ondrasse Sovereignty Front", "Sovereignty Front"]),
        ("roughly 380,000 people", "380,000"),
        ("two-thirds of its food", "two-thirds"),
        ("says 61,500 people", "61,500", 61500, 61500, "exact", "count", "displaced", AHCO),
    ]),
    "k02": ("2031-06-09", [
        ("an estimated 120,000 people", "120,000", 120000, 120000, "about", "count", "other", HLR),
        ("almost a third", "a third", 33.33, 33.33, "about", "percent", "other", HLR),
        ("Of the 1,340 children", "1,340", 1340, 1340, "exact", "count", "other", BESSAK),
        ("218 were severely", "218", 218, 218, "exact", "count", "other", BESSAK),
        ("only 37 of the 96", "37", 37, 37, "exact", "count", "other", HLR),
        ("of the 96 relief", "96", 96, 96, "exact", "count", "other", HLR),
        ("some 2,400 tonnes", "2,400"),
        ("Two of the island's", "Two"),
        ("three hospitals", "three"),
        ("at least 20 cargo ships", "20"),
        ("up to 150 wounded", "150", N, 150, "up_to", "count", "injured", HLR),
        ("the 64 local staff", "64", 64, 64, "exact", "count", "other", HLR),
        ("works in 14 countries", "14"),
    ]),
    "k03": ("2031-06-16", [
        ("against three former officers", "three"),
        ("detained 58 fishermen", "58", 58, 58, "exact", "count", "detained", WIT),
        ("eleven at a time", "eleven"),
        ("23 of the men were still held", "23", 23, 23, "exact", "count", "detained", WIT),
        ("could be 50,", "50"),
        ("could be 60", "60"),
        ("examined 31 released detainees", "31", 31, 31, "exact", "count", "detained", OST),
        ("roughly half bore injuries", "half", 50, 50, "about", "percent", "injured", OST),
        ("a total of 412 people", "412", 412, 412, "exact", "count", "detained", DUS),
        ("all but 19 had been released", "19", 19, 19, "exact", "count", "detained", DUS),
    ]),
    "k04": ("2031-06-21", [
        ("conducted 47 operations", "47", 47, 47, "exact", "count", "attacks", MOI),
        ("neutralising 36 militants", "36", 36, 36, "exact", "count", "killed", MOI),
        ("arresting a further 88", "88", 88, 88, "exact", "count", "detained", MOI),
        ("1.2 tonnes of explosives", "1.2"),
        ("310 firearms", "310", 310, 310, "exact", "count", "other", MOI),
        ("destroyed nine weapons workshops", "nine", 9, 9, "exact", "count", "destroyed", MOI),
        ("Over 90 per cent", "90 per cent", 90, N, "more_than", "percent", "other", HALDT),
        ("a few hundred armed men", "a few hundred", 200, 999, "vague", "count", "forces", HALDT),
        ("tens of thousands of civilians", "tens of thousands", 20000, 99999, "vague", "count", "displaced",
         ["certain foreign organisations", "foreign organisations"]),
        ("4,300 residents", "4,300", 4300, 4300, "exact", "count", "displaced",
         ["Provincial Governor's office", "Provincial Governor"]),
        ("2.1m Estmarran dinars", "2.1m"),
        ("no fewer than 14 members", "14", 14, N, "at_least", "count", "killed", MOI),
    ]),
    "k05": ("2031-06-29", [
        ("carried out 19 operations", "19", 19, 19, "exact", "count", "attacks", OSF),
        ("two guided rockets", "two", 2, 2, "exact", "count", "attacks", OSF),
        ("at least 12 enemy sailors", "12"),
        ("three armoured vehicles", "three", 3, 3, "exact", "count", "destroyed", OSF),
        ("killing 22 soldiers", "22", 22, 22, "exact", "count", "killed", OSF),
        ("Seven of our fighters", "Seven", 7, 7, "exact", "count", "killed", OSF),
        ("holds 9 enemy soldiers", "9", 9, 9, "exact", "count", "captive", OSF),
        ("more than 400 patriots", "400", 400, N, "more_than", "count", "detained", OSF),
        ("numbers \"a few hundred\"", "a few hundred", 200, 999, "vague", "count", "forces",
         ["occupation", "The occupation"]),
        ("more than 5,000 sons", "5,000", 5000, N, "more_than", "count", "forces", OSF),
    ]),
    "k06": ("2031-07-02", [
        ("74,000 internally displaced", "74,000", 74000, 74000, "exact", "count", "displaced", ANC),
        ("up from 61,500", "61,500", 61500, 61500, "exact", "count", "displaced", ANC),
        ("About 9,000 of them", "9,000", 9000, 9000, "about", "count", "displaced", ANC),
        ("it's only 4,300", "4,300", 4300, 4300, "exact", "count", "displaced",
         ["Interior Ministry", "Malin Orsay", "Orsay"]),
        ("recorded 1,126 civilian deaths", "1,126", 1126, 1126, "exact", "count", "killed", ANC),
        ("between 1,500 and 2,000", "1,500 and 2,000", 1500, 2000, "range", "count", "killed", ANC),
        ("a quarter of the deaths", "a quarter", 25, 25, "exact", "percent", "killed", ANC),
        ("60% happened", "60%", 60, 60, "exact", "percent", "killed", ANC),
    ]),
    "k07": ("2031-07-08", [
        ("more than 30,000 times", "30,000"),
        ("\"over 300 civilians\"", "300", 300, N, "more_than", "count", "killed",
         ["post", "social media post", "a post shared more than 30,000 times on social media"]),
        ("reported 17 deaths", "17", 17, 17, "exact", "count", "killed", HD),
        ("42 injuries", "42", 42, 42, "exact", "count", "injured", HD),
        ("death toll to 26", "26", 26, 26, "exact", "count", "killed", HD),
        ("after nine wounded people died", "nine", 9, 9, "exact", "count", "killed", HD),
        ("no more than a handful", "a handful"),
        ("show 24 burials", "24", 24, 24, "exact", "count", "killed",
         ["burial records", "Kethrin municipal cemetery", "records", N]),
        ("Two further victims", "Two", 2, 2, "exact", "count", "killed", []),
        ("figure of 300", "300"),
        ("some 300 homes", "300", 300, 300, "about", "count", "destroyed", ["AHCO", "AHCO report"]),
        ("toll is 26 dead", "26", 26, 26, "exact", "count", "killed", []),
        ("about one-tenth", "one-tenth"),
    ]),
    "k08": ("2031-07-15", [
        ("78,200 internally displaced", "78,200", 78200, 78200, "exact", "count", "displaced", DASH),
        ("up 4%", "4%"),
        ("1,184 civilians killed", "1,184", 1184, 1184, "exact", "count", "killed", DASH),
        ("3,950 civilians injured", "3,950", 3950, 3950, "exact", "count", "injured", DASH),
        ("146 people reported missing", "146", 146, 146, "exact", "count", "missing", DASH),
        ("38 fishermen lost at sea", "38", 38, 38, "exact", "count", "missing", DASH),
        ("2,740 homes", "2,740", 2740, 2740, "exact", "count", "destroyed", DASH),
        ("6 of 11 health", "6"),
        ("of 11 health", "11"),
        ("0 aid convoys", "0"),
        ("An estimated 41%", "41%", 41, 41, "about", "percent", "other", DASH),
        ("one meal a day", "one"),
        ("reached 22,500 people", "22,500", 22500, 22500, "exact", "count", "other",
         ["Tideline Foods", "Partner agency Tideline Foods"]),
        ("target of 90,000", "90,000"),
        ("risen to 312", "312", 312, 312, "exact", "count", "other", ["Health Directorate"]),
        ("with 7 deaths", "7"),
        ("between 1,800 and 2,200", "1,800 and 2,200", 1800, 2200, "range", "count", "other", ["Partners"]),
        ("is 23% funded", "23%"),
        ("$41.6m", "41.6m"),
        ("$180m", "180m"),
    ]),
    "k09": ("2031-07-19", [
        ("34 boats worked", "34"),
        ("Now there are five", "five"),
        ("Eleven men from this village", "Eleven", 11, 11, "exact", "count", "detained", PEL),
        ("about 900 inhabitants", "900"),
        ("fewer than half remain", "half", N, 50, "less_than", "percent", "other", PEL),
        ("estimate 12,000 people", "12,000", 12000, 12000, "about", "count", "displaced",
         ["relief agencies"]),
        ("Forty-one people", "Forty-one", 41, 41, "exact", "count", "killed", VAS),
        ("eight of them children", "eight", 8, 8, "exact", "count", "killed", VAS),
        ("one of them my nephew", "one"),
        ("Twice they hit", "Twice"),
        ("just three times", "three"),
        ("dozens of families", "dozens"),
    ]),
    "k10": ("2031-07-21", [
        ("two navy drones", "two", 2, 2, "exact", "count", "destroyed", ["OSF"]),
        ("turned back 3 more vessels", "3", 3, 3, "exact", "count", "other", NAVY),
        ("total since March to 241", "241", 241, 241, "exact", "count", "other", NAVY),
        ("saying 14 people were wounded", "14", 14, 14, "exact", "count", "injured",
         ["hospital official", "a hospital official in Kethrin", "Keystone Wire"]),
        ("at least 40 lorries", "40", 40, N, "at_least", "count", "other",
         ["Bram Tellier", "Tellier", "correspondent", "Our correspondent Bram Tellier"]),
        ("release 120 detainees", "120", 120, 120, "exact", "count", "detained",
         ["Sofia Liang", "Liang", "Mediator Sofia Liang"]),
        ("free the nine soldiers", "nine", 9, 9, "exact", "count", "captive",
         ["Sofia Liang", "Liang", "Mediator Sofia Liang"]),
        ("estimates 80,000 people", "80,000", 80000, 80000, "about", "count", "displaced", ["AHCO"]),
        ("one in five", "one in five", 20, 20, "about", "percent", "displaced", ["AHCO"]),
        ("figure at 4,600", "4,600", 4600, 4600, "exact", "count", "displaced", ["Interior Ministry"]),
        ("a sailor was killed", "a sailor"),
        ("3 were hurt", "3", 3, 3, "exact", "count", "injured", ["navy"]),
    ]),
}

KEYS = ("context", "figure", "low", "high", "hedge", "unit", "event", "sources")


def build():
    out = {
        "about": "Second held-out gold: 10 invented-world articles (Ondrasse blockade), written blind to the "
                 "extractor's rules and annotated per GUIDE.md.",
        "docs": {},
    }
    errors = []
    for doc, (published, claims) in DOCS.items():
        with open(os.path.join(HERE, "docs", doc + ".txt"), encoding="utf-8") as f:
            text = f.read()
        rows = []
        for c in claims:
            row = dict(zip(KEYS, c, strict=False))
            row["scope"] = "core" if len(c) == len(KEYS) else "optional"
            n = text.count(row["context"])
            if n != 1:
                errors.append(f"{doc}: context {row['context']!r} occurs {n} times")
            if row["figure"] not in row["context"]:
                errors.append(f"{doc}: figure {row['figure']!r} not in context {row['context']!r}")
            rows.append(row)
        out["docs"][doc] = {"published": published, "claims": rows}
    return out, errors


def main():
    gold, errors = build()
    for e in errors:
        print(e)
    if errors:
        sys.exit(1)
    with open(os.path.join(HERE, "gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=1)
        f.write("\n")
    n = sum(len(d["claims"]) for d in gold["docs"].values())
    core = sum(c["scope"] == "core" for d in gold["docs"].values() for c in d["claims"])
    print(f"ok: {len(gold['docs'])} docs, {n} claims ({core} core)")


if __name__ == "__main__":
    main()
