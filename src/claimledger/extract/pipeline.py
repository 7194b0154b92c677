"""The extraction pipeline: figures first, then everything around them.

1. ``numbers.find_figures`` runs one compiled pattern over the whole text.
2. ``filters.is_not_claim`` drops dates, times, durations, names… by looking a
   few characters around each figure.
3. Only paragraphs holding a surviving figure are segmented into sentences and
   analysed: hedge, event, subject, place, time and attribution.

This keeps the costly work proportional to the figures, not to the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from datetime import date
from functools import cache

from ..model import Claim, Party, Span
from .attribution import (
    Frame,
    State,
    across_semicolon,
    choose,
    doc_speaker,
    is_transcript,
    quotes,
    remember,
    resolve,
    sentence_frames,
    speaker_after_quote,
    speaker_of,
    subject_aside,
    trailing_cue,
)
from .events import (
    AGENT_AND,
    SentenceEvents,
    area_count,
    armed_count,
    capacity_of,
    compared_with,
    compatible,
    displacement_site,
    escaped_custody,
    exchange_receipt,
    force_agent,
    force_appositive,
    force_by,
    force_group,
    force_size,
    force_transport,
    force_whole,
    mine_work,
    munitions_by,
    noun_class,
    noun_event,
    noun_event_before,
    own_clause,
    people_at_site,
    people_left,
    people_moved,
    people_shot,
    people_taken,
    qualified_noun,
    remained,
    rescued_captives,
    returned_home,
    still_held,
    supply_run,
    target_strike,
    things_taken,
    toll_of,
    topic,
)
from .filters import is_not_claim, material_quantity, past_date
from .hedges import Reading, modal, read_hedge
from .lexicon import Hit, in_range, scan
from .numbers import Figure, find_figures
from .segment import Paragraph, paragraphs
from .subjects import find_subject, nearest_place, sentence_places
from .timeref import TimeRef, nearest_time, sentence_times
from .vocab import RULES_VERSION, load, longest_first

_OF_ANAPHOR = re.compile(
    r"[ \u00a0]+of[ \u00a0]+(?:them|those|these|which|whom|us|the dead|the total)\b", re.I
)


@cache
def _breaks() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """Clause breaks that stop a noun-phrase attribution (cues.json ``attribution_breaks``),
    and the substrings without which the pattern cannot match, so most sentences skip its scan."""
    words = load("cues")["attribution_breaks"]
    marks = [w for w in words if not w[0].isalnum()]
    named = [w for w in words if w[0].isalnum()]
    pattern = "|".join([*(re.escape(m) for m in marks), *(rf"\b{re.escape(w)}\b" for w in named)])
    return re.compile(pattern), tuple(words)


_OF_WORD = re.compile(r"[ \u00a0]+of\b", re.I)
_BARE_PRONOUN = re.compile(r"^(?:it|they|he|she|we|i)$", re.I)


def extract_claims(text: str, published: date | None) -> list[Claim]:
    figures = [f for f in (past_date(text, g) for g in find_figures(text)) if is_not_claim(text, f) is None]
    if not figures:
        return []
    starts = [f.start for f in figures]
    state = State(doc_speaker=doc_speaker(text))
    claims: list[Claim] = []
    paras = paragraphs(text)
    transcript = is_transcript(text, [(p.start, p.end) for p in paras])
    context: str | None = None
    head: str | None = None  # the event a list's header names ("Deaths by facility:"), for its items
    entries = _live_entries(text, paras)
    for para in paras:
        item = _LIST_ITEM.match(text, para.start, para.end) is not None
        if para.start in entries:
            _new_entry(state, para.start)
        if transcript:
            lab = speaker_of(text, (para.start, para.end), state)
            if lab is not None:
                state.speaker = lab
        i = bisect_left(starts, para.start)
        if i >= len(figures) or figures[i].start >= para.end:
            if transcript:  # a question with no figure still sets the topic of the answer
                hits = scan(text, para.start, para.end)
                para_topic = topic(hits)  # every sentence was given the whole paragraph's hits
                topics = [para_topic for _ in para.sentences]
                asks = text[para.start : para.end].rstrip().endswith("?")
                context = next((t for t in reversed(topics) if t), None) if asks else None
            if not item:
                head = _list_head(text, para)
            continue
        if not item:
            head = None
        found, last = _paragraph_claims(
            text, para.sentences, figures, starts, state, published, context if transcript else None, head
        )
        claims.extend(found)
        context = last if text[para.start : para.end].rstrip().endswith("?") else None
    return claims


#: a live blog's entry opens with its clock time and a mark: "09:40 - ", "14.05 GMT:", "7:15 pm –"
_ENTRY_CLOCK = re.compile(
    r"[ \t\u00a0]*\d{1,2}[:.]\d{2}"
    r"(?:[ \u00a0]*(?:GMT|UTC|[AaPp]\.?[Mm]\.?|local(?: time)?))?[ \u00a0]*[-\u2013\u2014:|]"
)


#: a list item's opening mark: "- ", "• ", "* ", "1. ", "2) "
_LIST_ITEM = re.compile(r"[ \t\u00a0]*(?:[-\u2013\u2022*]|\d{1,2}[.)])[ \t\u00a0]+")


#: the most words a list's header line has ("Deaths by facility:", "Displaced people by province:")
_HEAD_WORDS = 6


def _list_head(text: str, para: Paragraph) -> str | None:
    """The event a figureless line ending in a colon names for the list under it ("Deaths by
    facility:", "Displaced by district:"): the items' labels then say where or when, not what is
    counted ("- Sollen jail: 87" counts deaths, not detainees). Only a line whose strong triggers
    all name one event heads a list; "Killed and wounded by town:" leaves each item its own label.
    A header is a title, not a sentence: a prose line that ends in a colon ("Here are key facts about
    the fighting, where troops have besieged the east since June:") heads no list."""
    line = text[para.start : para.end].rstrip()
    if not line.endswith(":") or len(line.split()) > _HEAD_WORDS:
        return None
    events = {
        h.event for h in scan(text, para.start, para.end) if h.kind in ("trigger", "weak") and h.weight >= 0.9
    }
    return events.pop() if len(events) == 1 and "other" not in events else None


def _item_value(text: str, sent_start: int, fig: Span, lead: int | None) -> bool:
    """Whether a figure is the value of its list item's label: right after the item's colon."""
    start = lead if lead is not None and lead <= fig[0] else fig[0]
    colon = text.rfind(":", sent_start, start)
    return colon >= 0 and not text[colon + 1 : start].strip()


def _live_entries(text: str, paras: Sequence[Paragraph]) -> frozenset[int]:
    """Where a live blog's entries start: paragraphs that open with a clock time, when two or more do
    (one time at a paragraph's start is just a time)."""
    starts = frozenset(p.start for p in paras if _ENTRY_CLOCK.match(text, p.start, p.end))
    return starts if len(starts) >= 2 else frozenset()


def _new_entry(state: State, start: int) -> None:
    """A live blog's entry is a report of its own, often on another war: no speaker, pronoun antecedent
    or named body of an earlier entry speaks in it ("09:40 - the health ministry says" is not the
    ministry an 09:05 entry named for another country)."""
    state.speaker = None
    state.carry = None
    state.last_person = None
    state.last_source = None
    state.named.clear()
    state.previous = None
    state.floor = start


def _paragraph_claims(
    text: str,
    sentences: tuple[Span, ...],
    figures: list[Figure],
    starts: list[int],
    state: State,
    published: date | None,
    context_event: str | None = None,
    list_head: str | None = None,
) -> tuple[list[Claim], str | None]:
    out: list[Claim] = []
    state.carry = None
    hits = scan(text, sentences[0][0], sentences[-1][1])
    hit_starts = [h.start for h in hits]
    breaks_re, break_gates = _breaks()
    for i, sent in enumerate(sentences):
        state.previous = sentences[i - 1] if i else None
        sent_hits = in_range(hits, hit_starts, sent[0], sent[1])
        lo = bisect_left(starts, sent[0])
        hi = bisect_left(starts, sent[1])
        figs = [f for f in figures[lo:hi] if f.end <= sent[1]]
        if (
            figures[lo:hi]
            or any(h.kind in ("cue", "stance") for h in sent_hits)
            or "accord" in text[sent[0] : sent[1]]
        ):
            frames = _resolve_in_order(sentence_frames(text, sent, sent_hits, not figs), state, text)
        else:
            frames = []  # no figure and no cue: nothing here can attribute or carry
        if not figs:
            _after_sentence(frames, state, None)
            if context_event is None or frames:
                context_event = topic(sent_hits) or context_event
            continue
        se = SentenceEvents(text, sent, sent_hits)
        sent_text = text[sent[0] : sent[1]]
        breaks = (
            [m.start() for m in breaks_re.finditer(text, sent[0], sent[1])]
            if any(g in sent_text for g in break_gates)
            else []
        )
        first_time = next((h.start for h in sent_hits if h.kind == "time"), None)
        times = sentence_times(text, sent, published, first_time)
        quoted = quotes(text, sent) if ("“" in sent_text or '"' in sent_text) else []
        prev_event: str | None = None
        prev_end: int | None = None  # where the previous figure of the sentence ends
        counted: str | None = None  # the event of the sentence's latest figure that counts one
        part_of: str | None = None  # the event of the whole a list of parts belongs to ("70, including 10")
        used: Frame | None = None
        # "killing six guards, the garrison said": a speaker read as a clause that counts is no party
        frames = [f for f in frames if not _clause_source(text, f.source_span, figs, sent_hits)]
        exclude = tuple(
            f.source_span for f in frames if f.source_span and sent[0] <= f.source_span[0] < sent[1]
        )
        # a figure inside an attribution ("according to two people briefed") counts sources, not events
        figs = [f for f in figs if not any(s0 <= f.start and f.end <= s1 for s0, s1 in exclude)]
        if not figs:
            _after_sentence(frames, state, None)
            continue
        # a quantity of material is no conjunct of the sentence's counts: it takes no verb from them
        se.figures = tuple((f.start, f.end) for f in figs if not material_quantity(text, f.end))
        subjects = _subjects(text, figs, sent, [t.span for t in se.triggers])
        places = sentence_places(text, sent)
        agents = _force_agents(text, figs, subjects, sent)
        for fig, subj, agent in zip(figs, subjects, agents, strict=True):
            span = (fig.start, fig.end)
            ncls = noun_class(subj[0] if subj else None)
            reading = read_hedge(text, fig)
            hs = reading.hedge_span
            lead = hs[0] if hs is not None and hs[1] <= fig.start else None
            anaphor = _OF_ANAPHOR.match(text, fig.end, sent[1]) is not None
            # "two of them killing their owners": a noun after "of them" is no noun of the figure's
            best = se.best(span, ncls, subj[1] if subj and not anaphor else None, exclude, lead=lead)
            weak_guess = best is not None and best[3]
            inherited = prev_event or context_event
            # ", and that 11 of the district's 30 pumps had run dry": a clause of its own, no topic
            alone = own_clause(text, prev_end, span, subj[1] if subj and not anaphor else None, sent[1])
            if alone or (inherited and not compatible(inherited, ncls)):
                inherited = None
            if best and inherited == "other":
                inherited = None  # "other" is no topic: the figure's own word still says what it counts
            if (
                weak_guess
                and best is not None
                and best[0] == "forces"
                and prev_event is None
                and _OF_WORD.match(text, fig.end) is None
            ):
                # "the group has about 4,000 members": a force's size, whatever came before; but
                # "received 125 of its servicemen" counts some of those the paragraph is about
                inherited = None
            if best and not (((anaphor and best[2] < 0.7) or weak_guess) and inherited):
                event, event_span = best[0], best[1]
            elif inherited:
                event, event_span = inherited, None
            elif ncls == "places" or alone:
                # "driven the junta from 40 per cent of the district": a share of land takes no event
                # from a far clause ("attacked the base …"), only one near it
                event, event_span = "other", None
            else:
                wide = se.best(span, ncls, subj[1] if subj else None, exclude, relaxed=True) or se.best(
                    span, ncls, subj[1] if subj else None, (), relaxed=True
                )
                event, event_span = (wide[0], wide[1]) if wide else ("other", None)
            event = se.custody_of(event, event_span, prev_event or context_event, span)
            event = returned_home(text, event, event_span, se.triggers, prev_event or context_event, ncls)
            event = rescued_captives(text, sent, event, event_span, se.triggers)
            event = remained(text, event, event_span, prev_event or context_event)
            held = still_held(text, sent[0], span, lead, se.triggers, prev_event or context_event)
            if held is not None:
                event, event_span = held  # "all but 15 … had been released": the 15 are still held
            if event == "loss":  # a bare loss word: the paragraph says whether people or equipment
                event = inherited if inherited in ("killed", "destroyed") else "killed"
            part_of = _part_of(text, prev_end, span, prev_event, part_of, best)
            own_event = noun_event(subj[0] if subj else None)
            before = noun_event_before(text, sent[0], span) if own_event is None else None
            having = force_size(
                text, sent[0], span, lead, subj[0] if subj else None, ncls, subj[1][1] if subj else None
            ) or force_by(
                text, sent[0], span, lead, subj[0] if subj else None, ncls
            )
            qualified = (
                se.qualified(subj[1])
                if subj is not None and (own_event == "other" or qualified_noun(subj[0]))
                else None
            )
            escape = escaped_custody(
                text, subj[0] if subj else None, subj[1] if subj else None, span, sent[0]
            )
            transport = force_transport(text, sent, span, lead, ncls, subj[1] if subj else None)
            struck = target_strike(text, sent[0], span, lead, subj[0] if subj else None)
            if capacity_of(text, fig.end):
                event, event_span = "other", None  # "a 60-seat coach": the size of a thing, not a count
            elif (area := area_count(text, sent, span, lead)) is not None:
                event, event_span = "other", area  # "in 12 of the 24 regions": where, not what
            elif (labelled := se.label(span, lead, ncls)) is not None:
                event, event_span = labelled  # "Killed: 14; Wounded: 31": the item's label says what it is
            elif struck is not None:
                event, event_span = "attacks", struck  # "missiles had hit six sites": strikes on targets
            elif (mined := mine_work(text, sent, span, lead, subj)) is not None:
                event, event_span = mined  # "minelayers have laid 600 mines": what the verb did to them
            elif (
                taken_things := things_taken(text, sent, span, lead, ncls, subj[1] if subj else None)
            ) is not None:
                event, event_span = "other", taken_things  # "took seven assault rifles": things taken
            elif (
                bombs := munitions_by(text, sent[0], span, lead, subj[0] if subj else None)
            ) is not None:
                event, event_span = "attacks", bombs  # "hit by four guided bombs": the strikes made
            elif qualified is not None:
                event, event_span = qualified  # "23 cases of people who vanished": what the cases were
            elif own_event is not None and subj is not None:
                event, event_span = own_event, subj[1]  # the figure counts events: "eight massacres"
            elif (taken := people_taken(text, sent, span, lead, ncls, subj[1] if subj else None)) is not None:
                event, event_span = "captive", taken  # "They took 312 children": people taken are held
            elif (moved := people_moved(text, sent, span, lead, ncls, subj[1] if subj else None)) is not None:
                event, event_span = "displaced", moved  # "sending thousands of people across the river"
            elif (
                left := people_left(
                    text, sent, span, lead, ncls, subj[1] if subj else None, subj[0] if subj else None
                )
            ) is not None:
                event, event_span = "displaced", left  # "roughly 2,000 people left Tamsel through the gap"
            elif (shot := people_shot(text, sent, span, lead, ncls)) is not None:
                event, event_span = "killed", shot  # "They shot 11 of our herders": a killing
            elif (
                swap := exchange_receipt(text, sent, span, lead, subj[0] if subj else None)
            ) is not None:
                event, event_span = "captive", swap  # "received 42 persons" in an exchange of prisoners
            elif (toll := toll_of(text, sent[0], span, lead, ncls)) is not None:
                event, event_span = "killed", toll  # "violence has claimed 64 militants": their lives
            elif having is not None:
                event, event_span = "forces", having  # "the faction fields up to 1,500 men"
            elif agent is not None:
                event, event_span = "forces", agent  # "hundreds of militants overran the post"
            elif (
                whole := force_whole(text, sent[0], span, lead, ncls, subj[1] if subj else None)
            ) is not None:
                event, event_span = "forces", whole  # "a fifth of the garrison's 250 soldiers were killed"
            elif (
                band := force_group(text, sent[0], span, lead, subj[0] if subj else None, ncls)
            ) is not None and event not in _HELD_OR_HARMED:
                event, event_span = "forces", band  # "a faction of about 200 men": the group's size
            elif (
                armed := armed_count(span, text, ncls, subj[1] if subj else None)
            ) is not None and event not in _HELD_OR_HARMED:
                event, event_span = "forces", armed  # "3,000 armed extremists remain": armed people
            elif (group := force_appositive(text, sent[0], span, lead)) is not None:
                event, event_span = "forces", group  # "The attackers, about 40 men on motorcycles, shot"
            elif (site := displacement_site(text, sent[0], span, lead)) is not None and compatible(
                "displaced", ncls
            ):
                event, event_span = "displaced", site  # "camps which once held about 300,000 people"
            elif (camp := people_at_site(text, span, event, event_span)) is not None and compatible(
                "displaced", ncls
            ):
                event, event_span = "displaced", camp  # "3,214 people at the three temporary shelter areas"
            elif escape is not None:
                event, event_span = "other", escape  # "more than 800 inmates escaped": out of custody
            elif transport is not None:
                event, event_span = "forces", transport  # "the attackers arrived on around 150 motorcycles"
            elif anaphor and prev_event == "killed" and event == "injured":
                event, event_span = prev_event, None  # "21 bodies, four of them with gunshot wounds"
            elif before is not None:
                event, event_span = before  # "cholera cases have risen to 312"
            elif part_of is not None and compatible(part_of, ncls):
                event, event_span = part_of, None  # a part counts what its whole counts
            if counted is not None and compared_with(
                text, sent[0], span, lead, subj[1] if subj else None
            ):
                event, event_span = counted, None  # "6,240 displaced people …, up from about 4,000"
            if supply_run(text, sent, event, event_span):
                event, event_span = "other", None  # "flown 37 sorties …, releasing 410 pallets of flour"
            if list_head and compatible(list_head, ncls) and _item_value(text, sent[0], span, lead):
                event, event_span = list_head, None  # "Deaths by facility:" then "- Sollen jail: 87"
            prev_event, prev_end = event, fig.end
            counted = event if event != "other" else counted
            frame = trailing_cue(text, sent, span, frames, choose(frames, span, breaks, quoted))
            frame = across_semicolon(text, sent, span, frames, frame, quoted)
            frame = subject_aside(text, span, frame, frames)
            # a quotation the sentence does not close runs on into the next one
            running = [] if quoted or sent_text[:1] not in "“\"" else [sent]
            if (frame is None or frame.source is None) and (quoted or running) and i + 1 < len(sentences):
                # '“We counted 26 bodies.” Petar Ilm, a driver, said …': the next sentence names the speaker
                nxt = sentences[i + 1]
                nxt_frames = sentence_frames(text, nxt, in_range(hits, hit_starts, nxt[0], nxt[1]), True)
                frame = speaker_after_quote(text, sent, span, quoted or running, nxt_frames, nxt[0]) or frame
            if frame is None:
                frame = _default_frame(state, _background(text, sent, span, published))
            else:
                frame = resolve(frame, state, text)
                used = frame
            when = nearest_time(times, span, text, se.figures)
            out.append(_claim(text, fig, sent, event, event_span, subj, frame, when, places, reading))
        context_event = prev_event
        _after_sentence(frames, state, used)
    return out, context_event


#: what a group counted by its men may still have suffered ("a band of 30 gunmen was wiped out")
_HELD_OR_HARMED = frozenset({"killed", "injured", "missing", "captive", "detained"})

_PART_END = re.compile(r",|\band\b|\bor\b", re.IGNORECASE)


def _in_part(text: str, fig: Span, trigger: Span) -> bool:
    """Whether a trigger after the figure is still in its part ("including 12 who were wounded"),
    not past the list ("including 11 children, and wounding 47")."""
    return trigger[1] <= fig[0] or _PART_END.search(text, fig[1], trigger[0]) is None


@cache
def _part_gap() -> re.Pattern[str]:
    """The words between a whole and its first part: a part marker (events.json ``part_markers``)."""
    markers = "|".join(re.escape(m) for m in sorted(load("events")["part_markers"], key=len, reverse=True))
    return re.compile(rf"[^.;:()\d]{{0,60}}?\b(?:{markers})\b(?P<rest>[^.;:()\d]{{0,30}})$", re.IGNORECASE)


_LIST_GAP = re.compile(r"[^.;:()\d]{0,40}?(?:,|\band\b|\bor\b)[^.;:()\d]{0,10}$", re.IGNORECASE)


def _part_of(
    text: str,
    prev_end: int | None,
    fig: Span,
    prev_event: str | None,
    part_of: str | None,
    best: tuple[str, Span, float, bool] | None,
) -> str | None:
    """The event a figure takes as a part of the previous figure: "killed 70 people, including 10
    women and three infants" (10 and three are among the 70 killed), unless a trigger of its own
    stands after "including" ("including 12 who were wounded"). None when the figure is no part."""
    if prev_end is None or prev_event is None:
        return None
    m = _part_gap().match(text, prev_end, fig[0])
    if m is not None:
        own = best is not None and best[1][0] >= m.start("rest") and not best[3]
        own = own and best is not None and _in_part(text, fig, best[1])
        return None if own else prev_event
    if part_of is not None and _LIST_GAP.match(text, prev_end, fig[0]):
        own = best is not None and best[1][0] >= prev_end and not best[3]  # "…, and wounding 47"
        return None if own else part_of  # "…, including 10 women and three infants": the list goes on
    return None


def _force_agents(
    text: str, figs: list[Figure], subjects: list[tuple[str, Span] | None], sent: Span
) -> list[Span | None]:
    """Each figure's agent verb when it counts armed people acting on others (``force_agent``); a
    figure coordinated with the next one shares its verb ("200 soldiers and 350 police officers
    retook the prison")."""
    out: list[Span | None] = []
    for fig, subj in zip(figs, subjects, strict=True):
        cls = noun_class(subj[0]) if subj else None
        out.append(force_agent(text, fig.end, sent[1], cls, subj[1] if subj else None))
    for i in range(len(figs) - 2, -1, -1):
        subj = subjects[i]
        if (
            out[i] is None
            and out[i + 1] is not None
            and subj is not None
            and noun_class(subj[0]) == "personnel"
            and AGENT_AND.fullmatch(text, subj[1][1], figs[i + 1].start)
        ):
            out[i] = out[i + 1]
    return out


_COORD_GAP = re.compile(r"[^.;:!?()\d]{0,40}?\b(?:and|or)\b[^.;:!?()\d]{0,40}$|\s*,\s*[^.;:!?()\d]{0,30}$")
#: "540, and that police had registered 212 cases": a new clause, whose noun is not the first figure's
#: "571, the ministry said, including 74 children": a part of the first figure, whose noun is no noun of it
_NEW_CLAUSE = re.compile(r"\bthat\b|\bincluding\b|\bamong\s+them\b|\bof\s+(?:whom|them)\b", re.IGNORECASE)


def _subjects(
    text: str, figs: list[Figure], sent: Span, triggers: Sequence[Span] = ()
) -> list[tuple[str, Span] | None]:
    """Each figure's subject noun; a figure with none shares the next coordinated figure's
    ("1,318 verified Tamburian and 2,947 verified Norvish equipment losses"), unless an event word
    stands between them: then the second figure is another clause's ('killed "dozens" of soldiers and
    burned 12 vehicles', "put its losses at 11 dead and said it had destroyed four vehicles")."""
    subs = [find_subject(text, (f.start, f.end), sent[1]) for f in figs]
    for i in range(len(figs) - 2, -1, -1):
        a, b = figs[i].end, figs[i + 1].start
        if (
            subs[i] is None
            and subs[i + 1] is not None
            and _COORD_GAP.match(text, a, b)
            and _NEW_CLAUSE.search(text, a, b) is None
            and not any(a <= t0 and t1 <= b for t0, t1 in triggers)
        ):
            subs[i] = subs[i + 1]
    return subs


def _clause_source(text: str, source: Span | None, figs: list[Figure], hits: Sequence[Hit]) -> bool:
    """Whether a frame's source span is a clause that reports a count, not a party: it holds a figure
    with an event verb before it ("Armed herders killed six guards, said the ministry"; "…, killing six
    guards, the garrison said", where the speaker's own noun phrase was not read): the event verb
    governs the figure, a hedge at most between them. A party that counts its members ("according to
    two people briefed on the raid", "relatives who attended the funeral of the 12") has none.
    Such a frame is dropped, so the figure stays a claim and no misread speaker is given to it."""
    if source is None:
        return False
    a, b = source
    return any(
        a <= f.start
        and f.end <= b
        and any(
            h.kind == "trigger"
            and a <= h.start
            and h.end <= f.start
            and _VERB_GAP.fullmatch(text, h.end, f.start) is not None
            for h in hits
        )
        for f in figs
    )


#: between an event verb and the figure it governs: a hedge of a few words at most, no clause break
#: ("killed six", "killing at least 23"; not "who attended the funeral of the 12")
_VERB_GAP = re.compile(r"(?:[ \u00a0]+[a-z]+){0,3}?[ \u00a0]+")


def _resolve_in_order(frames: list[Frame], state: State, text: str) -> list[Frame]:
    """Resolve pronoun sources in reading order, so "X said … it had" finds X in the same sentence."""
    out: list[Frame] = []
    for f in sorted(frames, key=lambda f: f.at):
        g = resolve(f, state, text)
        out.append(g)
        if g.source:
            remember(g, state)
    return out


def _default_frame(state: State, background: bool = False) -> Frame | None:
    if state.speaker is not None and state.speaker.source:
        return state.speaker
    if state.carry is not None and not background:
        return state.carry
    return state.doc_speaker


@cache
def _background_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """cues.json ``background_years`` (the words that date a clause in a year: "in 2030") and
    ``background_times`` ("before the war"); and the words that open a sentence referring back to
    the last speaker's report (its ``pronouns`` and ``back_references``: "It", "Of those")."""
    d = load("cues")
    preps = longest_first(d["background_years"])
    times = longest_first(d["background_times"])
    dated = re.compile(
        rf"(?<!\w)(?:(?:{preps})[ \u00a0]+(?P<year>(?:1[89]|20)\d\d)(?![\w-])|(?:{times})(?!\w))", re.I
    )
    back = sorted({*d["pronouns"], *d["back_references"]}, key=len, reverse=True)
    refers = re.compile(r"[\W_]*(?:" + "|".join(re.escape(w) for w in back) + r")(?!\w)", re.I)
    return dated, refers


def _background(text: str, sent: Span, fig: Span, published: date | None) -> bool:
    """Whether a sentence with no attribution of its own is the outlet's background, not the last
    speaker's report carried on: it is dated in a year before the story's ("The two countries fought
    a war in 2030 that killed 3,900", "which disarmed in 2009 under a deal that saw 6,200 …
    demobilised") or "before the war", and does not open by pointing back at the report ("It said",
    "Of those, …"). A year in a "since" clause after the figure starts its running count ("900 killed
    since the insurgency began in 2021"): no background. Such a sentence speaks in the article's own
    voice; a transcript's speaker or a document's own voice still covers it."""
    if published is None:
        return False
    dated, refers = _background_patterns()
    for m in dated.finditer(text, sent[0], sent[1]):
        year = m.group("year")
        if year is not None and int(year) >= published.year:
            continue
        if m.start() >= fig[1] and _SINCE.search(text, fig[1], m.start()) is not None:
            continue
        return refers.match(text, sent[0], sent[1]) is None
    return False


_SINCE = re.compile(r"(?<!\w)since(?!\w)", re.I)


def _after_sentence(frames: list[Frame], state: State, used: Frame | None) -> None:
    carrying = [f for f in frames if f.carries and f.source]
    for f in frames:
        if f.source and not _BARE_PRONOUN.match(f.source):
            remember(f, state)
    if used is not None and used.source:
        remember(used, state)
        if used.carries:
            state.carry = used
    elif carrying:
        state.carry = carrying[-1]


def _claim(
    text: str,
    fig: Figure,
    sent: Span,
    event: str,
    event_span: Span | None,
    subj: tuple[str, Span] | None,
    frame: Frame | None,
    when: TimeRef | None,
    places: list[tuple[str, Span]],
    written: Reading,
) -> Claim:
    span = (fig.start, fig.end)
    reading = modal(text, sent, span, event_span, written)
    place = nearest_place(places, span)
    source = frame.source if frame else None
    chain: tuple[Party, ...] = ()
    if frame is not None and frame.source and frame.source_span:
        # outermost first: who carried it ("told Meridian Wire"), the source, whom it cites
        said = Party(frame.source, frame.source_span, frame.cue, frame.cue_span)
        chain = (*frame.outer, said, *frame.chain)
    return Claim(
        span=span,
        text=text[span[0] : span[1]],
        low=reading.low,
        high=reading.high,
        hedge=reading.hedge,
        unit=fig.unit,
        event=event,
        sentence_span=sent,
        rules=RULES_VERSION,
        hedge_span=reading.hedge_span,
        event_span=event_span,
        subject=subj[0] if subj else None,
        subject_span=subj[1] if subj else None,
        place=place[0] if place else None,
        place_span=place[1] if place else None,
        as_of=when.as_of if when else None,
        period_start=when.period_start if when else None,
        time_text=when.text if when else None,
        time_span=when.span if when else None,
        source=source,
        source_span=frame.source_span if frame and source else None,
        cue=frame.cue if frame else None,
        cue_span=frame.cue_span if frame else None,
        reported_by=chain,
    )
