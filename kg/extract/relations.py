"""Relations within one article: appositions, deployments, formed branches, support,
containment, location, credits. Pure functions over the text, the candidates and the
resolution; every fact carries the sentence that states it."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from kg.extract.context import Context, from_fact
from kg.extract.dates import resolve_date
from kg.extract.recognize import BARE, Cand
from kg.extract.resolve import Draft, level_rank, place_key
from kg.extract.rules import RULE_KINDS, Rule, RuleError
from kg.read.lists import is_han, is_name_list, span_of
from kg.records import (
    ARTICLE,
    Candidate,
    CreditRole,
    EntityType,
    Evidence,
    Fact,
    OrgKind,
    PartialDate,
    PlaceLevel,
    Predicate,
)

_CLAUSE = re.compile(r"[，,；;：:。！？!?…—]")
_JOINERS = "、，, 　"
_GOV_LEVELS = {PlaceLevel.PROVINCE, PlaceLevel.CITY, PlaceLevel.DISTRICT, PlaceLevel.TOWN,
               PlaceLevel.COMMUNITY, PlaceLevel.VILLAGE}
_AUTHOR_ROLES = {CreditRole.REPORTER, CreditRole.SPECIAL_CORRESPONDENT, CreditRole.CORRESPONDENT,
                 CreditRole.AUTHOR}


def extract_facts(ctx: Context) -> list[Fact]:
    facts: list[Fact] = []
    facts += _by("appositions", appositions(ctx))
    facts += _by("appointments", appointments(ctx))
    facts += _by("deployments", deployments(ctx, facts))
    facts += _by("formed_units", formed_units(ctx, facts))
    facts += _by("stationed", stationed(ctx, facts))
    facts += _by("supports", supports(ctx))
    facts += _by("containment", containment(ctx))
    facts += _by("credits", credits(ctx))
    return _dedupe(facts)


def _by(rule: str, found: list[Fact]) -> list[Fact]:
    """The facts a relation function returned, each recorded as proposed by that function (its provenance)."""
    return [f if f.rule else replace(f, rule=rule) for f in found]


def _dedupe(facts: list[Fact]) -> list[Fact]:
    seen: dict[tuple[str, Predicate, str], Fact] = {}
    for f in facts:
        k = (f.subject, f.predicate, f.object)
        if k not in seen or f.confidence > seen[k].confidence:
            seen[k] = f
    return list(seen.values())


# --------------------------------------------------------------------------- appositions


def _ending_at(ctx: Context, pos: int, labels: tuple[str, ...]) -> Cand | None:
    best = None
    for c in ctx.cands:
        if c.end == pos and c.label in labels and (best is None or c.start < best.start):
            best = c
    return best


_LEVEL_WORDS = {"社区": PlaceLevel.COMMUNITY, "村": PlaceLevel.VILLAGE, "镇": PlaceLevel.TOWN,
                "街道": PlaceLevel.TOWN, "乡": PlaceLevel.TOWN}


def _place_in_focus(ctx: Context, level: PlaceLevel, pos: int) -> str | None:
    """The place of that level named last before ``pos`` (else the only one in the article)."""
    keys = [ctx.key(c) for c in ctx.cands if c.label == "PLACE" and c.start < pos]
    keys = [k for k in keys if k and ctx.draft(k).level is level]
    if keys:
        return keys[-1]
    every = {k for k, d in ctx.resolution.drafts.items() if d.type is EntityType.PLACE and d.level is level}
    return next(iter(every)) if len(every) == 1 else None


def _bracketed_unit(ctx: Context, pos: int) -> Cand | None:
    """``陈某（区卫健局）`` / ``陈某（区卫健局局长）``: the unit in brackets right after a name."""
    if pos >= len(ctx.text) or ctx.text[pos] not in "（(":
        return None
    unit = next((c for c in ctx.cands if c.label == "ORG" and c.start == pos + 1), None)
    if unit is None:
        return None
    end = unit.end
    post = next((c for c in ctx.cands if c.label == "POST" and c.start == end), None)
    if post is not None:
        end = post.end
    return unit if end < len(ctx.text) and ctx.text[end] in "）)" else None


def _bracketed_post(ctx: Context, pos: int) -> Cand | None:
    unit = _bracketed_unit(ctx, pos)
    if unit is None:
        return None
    return next((c for c in ctx.cands if c.label == "POST" and c.start == unit.end), None)


def appositions(ctx: Context) -> list[Fact]:
    """``单位 + 职务 + 姓名`` chains: memberOf every unit, jobTitle every post."""
    facts: list[Fact] = []
    roles = ctx.res.lexicons.roles
    for p in (c for c in ctx.cands if c.label == "PERSON"):
        pkey = ctx.key(p)
        if pkey is None:
            continue
        pos = p.start
        posts: list[Cand] = []
        units: list[Cand] = []
        party_prefix: dict[int, str] = {}
        while pos > 0:
            c = _ending_at(ctx, pos, ("POST",))
            if c is None and ctx.text[pos - 1] in "”’」":
                # 某村“第一书记”X: a quoted post
                q = _ending_at(ctx, pos - 1, ("POST",))
                if q is not None and ctx.text[q.start - 1:q.start] in ("“", "‘", "「"):
                    posts.append(q)
                    pos = q.start - 1
                    continue
            if c is not None:
                posts.append(c)
                pos = c.start
                continue
            c = _ending_at(ctx, pos, ("ORG", "PLACE"))
            gap = next((g for g in _PARTY_GAP if ctx.text.startswith(g, pos - len(g))), None)
            if gap is None and ctx.text.startswith("支部支部", pos - 4):
                gap = "支部"   # 某小区临时党支部|支部书记某某: the post repeats the branch's head
            if c is None and posts and gap is not None and not units:
                # 某局党建专职副书记X: a party-work word between the unit and the post
                c = _ending_at(ctx, pos - len(gap), ("ORG",))
                if c is not None:
                    party_prefix[c.start] = gap
            if c is not None and c.label == "PLACE" and any(u.label == "PLACE" for u in units):
                break   # 某区某镇党委副书记: the person belongs to the nearest division only
            if c is not None and (posts or c.label == "ORG"):
                units.append(c)
                pos = c.start
                continue
            role = next((r for r in roles if ctx.text.startswith(r, pos - len(r))), None)
            if role is not None and not posts and not units:
                pos -= len(role)
                continue
            if ctx.text[pos - 1] in "、" and posts and _ending_at(ctx, pos - 1, ("POST",)) is not None:
                pos -= 1
                continue
            break
        ev = ctx.evidence(p.start)
        after = _bracketed_unit(ctx, p.end)
        if after is not None and (ukey := ctx.key(after)):
            # 陈某某（区卫健局）: the unit in brackets after the name
            facts.append(Fact(pkey, Predicate.MEMBER_OF, ukey, ev, 0.75, derived="bracketed-unit"))
            bpost = _bracketed_post(ctx, p.end)
            if bpost is not None:
                facts.append(Fact(pkey, Predicate.JOB_TITLE, bpost.text, ev, 0.8, derived="bracketed-unit"))
        if posts and not units:
            level_word = next((w for w in _LEVEL_WORDS if ctx.text.startswith(w, pos - len(w))), None)
            own = next((w for w in _LEVEL_WORDS if posts[-1].text.startswith(w)
                        and len(posts[-1].text) > len(w)), None)
            if level_word is None and own is not None:
                # 社区工作者某某 / 社区网格员某某: a worker of the community in focus
                focus = _place_in_focus(ctx, _LEVEL_WORDS[own], p.start)
                if focus is not None:
                    facts.append(Fact(pkey, Predicate.MEMBER_OF, focus, ev, 0.7, derived="apposition:level-word"))
            focus = _place_in_focus(ctx, _LEVEL_WORDS[level_word], p.start) if level_word else None
            if focus is not None and level_word is not None:
                # 社区书记某某: the secretary of the community the article is about
                facts.append(Fact(pkey, Predicate.MEMBER_OF, focus, ev, 0.7, derived="apposition:level-word"))
                facts.append(Fact(pkey, Predicate.JOB_TITLE, level_word + posts[-1].text, ev, 0.8,
                                  derived="apposition"))
        if not posts and not units:
            continue
        for post in posts:
            facts.append(Fact(pkey, Predicate.JOB_TITLE, post.text, ev, 0.9, derived="apposition"))
        for u in units:
            ukey = ctx.key(u)
            if ukey is None:
                continue
            if u.label == "PLACE" and u.level not in _GOV_LEVELS and ctx.draft(ukey).level not in _GOV_LEVELS:
                continue
            conf = 0.9 if posts else 0.7
            facts.append(Fact(pkey, Predicate.MEMBER_OF, ukey, ev, conf, derived="apposition"))
            word = next((w for w in _LEVEL_WORDS if u.text.startswith(w)), None) if u.label == "ORG" else None
            if word is not None and u.text != ctx.draft(ukey).name:
                # 该社区党支部书记某某: the unit of the community in focus; a member of the community too
                focus = _place_in_focus(ctx, _LEVEL_WORDS[word], u.start)
                if focus is not None and ctx.draft(ukey).name.startswith(ctx.draft(focus).name):
                    facts.append(Fact(pkey, Predicate.MEMBER_OF, focus, ev, 0.7, derived="apposition:level-word"))
            body, prefix = _party_body(ctx, u), party_prefix.get(u.start, "")
            post_at = u.end + len(prefix)
            if body is not None:
                # 某局党组副书记X / 某局机关党委专职副书记X: a member of the body; the post keeps the party unit
                prefix = body[1]
                post_at = u.end
                facts.append(Fact(pkey, Predicate.MEMBER_OF, body[0], ev, 0.85, derived="apposition:party-body"))
            post_after = next((q for q in posts if q.start == post_at), None)
            if prefix and post_after is not None:
                facts.append(Fact(pkey, Predicate.JOB_TITLE, prefix + post_after.text, ev, 0.9,
                                  derived="apposition:party-body"))
            if u.label == "PLACE" and any("驻村" in p.text or p.text == "第一书记" for p in posts):
                # 某村驻村第一书记X: stationed in the village
                facts.append(Fact(pkey, Predicate.DEPLOYED_TO, ukey, ev, 0.8, role=posts[0].text,
                                  derived="stationed-post"))
    return facts


_PARTY_GAP = ("党建", "党务")
_PARTY_BODY_UNITS = ("机关党委", "机关党总支", "机关党支部", "党组", "党委", "党总支", "党支部", "党工委")


def _party_body(ctx: Context, u: Cand) -> tuple[str, str] | None:
    """The body a party unit belongs to (某局 of 某局党组) and the party unit's word (党组)."""
    ukey = ctx.key(u) if u.label == "ORG" else None
    parent = ctx.draft(ukey).parent if ukey else None
    if not parent or parent not in ctx.resolution.drafts:
        return None
    word = next((w for w in _PARTY_BODY_UNITS if u.text.endswith(w)), None)
    return (parent, word) if word else None


_BRANCH_POSTS = ("书记", "副书记", "联络员", "组织委员", "宣传委员", "纪检委员", "委员", "支部书记")
_APPOINT = re.compile(r"(?:同志)?(?:主动|自愿|临时|还|也|则|又|同时)?(?:兼任|担任|出任|任)")


_NAMING = re.compile(r"任命|推选|选举|选出|确定")


def _named_to_posts(ctx: Context, branches: list[str]) -> list[Fact]:
    """``任命甲为书记，乙为组织委员``: each person named to a post (of the one branch)."""
    facts: list[Fact] = []
    persons = {c.end: c for c in ctx.cands if c.label == "PERSON"}
    posts = {c.start: c for c in ctx.cands if c.label == "POST"}
    for m in _NAMING.finditer(ctx.text):
        s, e = ctx.sentences[ctx.sentence_index(m.start())] if ctx.sentences else (0, len(ctx.text))
        for w in re.finditer(r"为|担任", ctx.text[m.end():e]):
            at = m.end() + w.start()
            p, post = persons.get(at), posts.get(at + len(w.group(0)))
            if p is None or post is None or (pk := ctx.key(p)) is None:
                continue
            ev = ctx.evidence(m.start(), m.group(0))
            facts.append(Fact(pk, Predicate.JOB_TITLE, post.text, ev, 0.85, derived="named-to-post"))
            if post.text in _BRANCH_POSTS and len(branches) == 1:
                facts.append(Fact(pk, Predicate.MEMBER_OF, branches[0], ev, 0.8, derived="named-to-post"))
    return facts


def appointments(ctx: Context) -> list[Fact]:
    """``甲同志任临时党支部书记，乙、丙同志任副书记``: posts (and the unit) given by 任."""
    facts: list[Fact] = []
    by_end = {c.end: c for c in ctx.cands if c.label == "PERSON"}
    by_start = {c.start: c for c in ctx.cands if c.label in ("ORG", "POST")}
    last_unit: tuple[int, str] | None = None     # (sentence index, unit key)
    branches = sorted({k for k, d in ctx.resolution.drafts.items()
                       if d.type is EntityType.ORGANIZATION and d.kind is OrgKind.TEMPORARY_BRANCH})
    facts += _named_to_posts(ctx, branches)
    for m in _APPOINT.finditer(ctx.text):
        people = []
        pos = m.start()
        while pos in by_end:
            people.append(by_end[pos])
            pos = by_end[pos].start
            if pos > 0 and ctx.text[pos - 1] == "、":
                pos -= 1
        if not people:
            continue
        nxt = by_start.get(m.end())
        unit = None
        if nxt is not None and nxt.label == "ORG":
            unit = ctx.key(nxt)
            if nxt.source == BARE and nxt.kind is OrgKind.TEMPORARY_BRANCH and len(branches) == 1:
                unit = branches[0]   # a bare 临时党支部: the one branch the article names
            # 临时党支部|支部书记: the post repeats the unit's head
            nxt = by_start.get(nxt.end) or by_start.get(nxt.end + 2 if ctx.text.startswith("支部", nxt.end) else -1)
        if nxt is None or nxt.label != "POST":
            continue
        si = ctx.sentence_index(m.start())
        if unit is not None:
            last_unit = (si, unit)
        elif last_unit is not None and last_unit[0] == si:
            unit = last_unit[1]
        elif nxt.text in _BRANCH_POSTS and len(branches) == 1:
            unit = branches[0]   # 某某担任联络员: a post of the one temporary branch the article names
        ev = ctx.evidence(m.start(), m.group(0))
        for p in people:
            pk = ctx.key(p)
            if pk is None:
                continue
            facts.append(Fact(pk, Predicate.JOB_TITLE, nxt.text, ev, 0.85, derived="appointment"))
            if unit is not None:
                facts.append(Fact(pk, Predicate.MEMBER_OF, unit, ev, 0.85, derived="appointment"))
    return facts


# --------------------------------------------------------------------------- deployments


def _clause_bounds(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    s = pos
    while s > lo and not _CLAUSE.match(text[s - 1]):
        s -= 1
    e = pos
    while e < hi and not _CLAUSE.match(text[e]):
        e += 1
    return s, e


def _destination(ctx: Context, pos: int) -> list[Cand]:
    """The places written right after a cue: the innermost of each nested chain
    (武侯区玉林街道黄门街社区 -> 黄门街社区), for every item of a list (甲村、乙社区；丙镇丁村)."""
    text = ctx.text
    while pos < len(text) and text[pos] in "了到至在于 ":
        pos += 1
    places: dict[int, Cand] = {}
    for c in ctx.cands:
        # a checkpoint named after a village starts with it: the checkpoint is the innermost place
        if c.label == "PLACE" and (c.start not in places or c.end > places[c.start].end):
            places[c.start] = c
    out: list[Cand] = []
    while pos in places:
        last = places[pos]
        while last.end in places:
            last = places[last.end]
        out.append(last)
        pos = last.end
        if pos < len(text) and text[pos] in "、和及与；;" and pos + 1 in places:
            pos += 1
    return out


def _triggers(ctx: Context, cues: tuple[str, ...], lo: int, hi: int) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for cue in cues:
        start = lo
        while True:
            i = ctx.text.find(cue, start, hi)
            if i < 0:
                break
            if not any(a <= i < b for a, b, _ in found):
                found.append((i, i + len(cue), cue))
            start = i + 1
    return sorted(found)


def _date_near(ctx: Context, lo: int, pos: int, prev: PartialDate | None) -> PartialDate | None:
    dates = [c for c in ctx.cands if c.label == "DATE" and lo <= c.start < pos]
    resolved = prev
    for d in dates:
        # each date of the sentence anchors the next (11月20日 … 已于19日晚抵达)
        resolved = resolve_date(d.text, published=ctx.article.published, previous=resolved) or resolved
    return resolved if dates else None


def deployments(ctx: Context, known: list[Fact]) -> list[Fact]:
    facts: list[Fact] = []
    text = ctx.text
    member = {f.subject: f.object for f in known if f.predicate is Predicate.MEMBER_OF}
    roles = ctx.res.lexicons.roles
    prev_date: PartialDate | None = None
    lead: tuple[str, Evidence] | None = None   # 34名干部下沉到某社区: where the unnamed cadres went
    for s, e in ctx.sentences:
        for ts, te, cue in _triggers(ctx, ctx.res.lexicons.deploy_triggers, s, e):
            dests = [k for k in (ctx.key(d) for d in _destination(ctx, te)) if k is not None]
            if cue in _BACK_TO_POST:
                # 返回某村 is going back to one's post; 返回武汉 (a city) is going home
                dests = [k for k in dests if level_rank(ctx.draft(k).level) >= 4]
            if not dests and cue in _PRESENCE:
                # 在某社区某卡口，……干部某某正在值守: the place framed by 在 earlier in the sentence
                frame = _framed_place(ctx, s, ts)
                dests = [frame] if frame else []
            if not dests:
                continue
            dkey = dests[0]
            cs, ce = _clause_bounds(text, ts, s, e)
            agents = [c for c in ctx.cands if c.label == "PERSON" and cs <= c.start < ts]
            confidence = 0.9
            if not agents:
                agents = [c for c in ctx.cands if c.label == "ORG" and cs <= c.start < ts
                          and c.end <= ts and ctx.key(c) is not None]
            if not agents and _SUBJECTLESS_HEAD.fullmatch(text[cs:ts].strip()):
                # subjectless cue clause (抵达某村，张三、李四……): the subject opens the next clause
                if cs > s:
                    # 某局科员某某主动请缨，来到某社区: the subject of the clause before
                    ps, _pe = _clause_bounds(text, cs - 1, s, e)
                    agents = _apposed_subjects(ctx, ps, cs - 1)
                ns, ne = _clause_bounds(text, min(ce + 1, e), s, e) if ce < e else (e, e)
                opening = [c for c in ctx.cands if c.label == "PERSON" and ns <= c.start < ne]
                agents = agents or _subject_run(text, opening, ns, roles)
                if not agents and cs > s:
                    # ……组成某某服务队，到达某社区: the unit formed in the clause before went there
                    agents = _formed_in(ctx, _clause_bounds(text, cs - 1, s, e))
                    # 成立某某临时党支部，由6名党员组成，前往某街道: formed earlier in the sentence
                    agents = agents or _formed_in(ctx, (s, cs - 1))
                confidence = 0.8
            date = _date_near(ctx, s, ts, prev_date)
            if _VISIT.search(text, te, e):
                continue   # 来到某社区考察/慰问: a visit, not a deployment
            sent = _SENT_TEAM.search(text, cs, ts)
            senders = [a for a in agents if a.label == "ORG" and a.end <= sent.start()] if sent else []
            if sent and senders and all(a.label == "ORG" for a in agents):
                # 某医院派出医疗队驰援某区: the unit that sent the team supports the place; it did not go
                for a in senders:
                    ak = ctx.key(a)
                    for dk in dests:
                        if ak:
                            facts.append(Fact(ak, Predicate.SUPPORTS, dk, ctx.evidence(ts, cue), 0.75,
                                              derived="sent-team"))
                # the team itself, when named, did go
                agents = [a for a in agents if a.start >= sent.start()]
                if not agents:
                    continue
            if not agents and _SUPPORT_TEAM.search(text, cs, ts):
                # 某市组建的144人支援队伍抵达某区: the place that sent the team supports the destination
                sender = _clause_initial_place(ctx, cs, ts)
                for dk in dests:
                    if sender and sender != dk and not _within(ctx, dk, sender):
                        facts.append(Fact(sender, Predicate.SUPPORTS, dk, ctx.evidence(ts, cue), 0.75,
                                          derived="support-team"))
            if not agents and "下沉" in cue and lead is None:
                lead = (dkey, ctx.evidence(ts, cue))
            for a in agents:
                akey = ctx.key(a)
                if akey is None:
                    continue
                role = next((r for r in roles if text.startswith(r, a.start - len(r))), None)
                for dk in dests:
                    if dk != akey:
                        facts.append(Fact(akey, Predicate.DEPLOYED_TO, dk, ctx.evidence(ts, cue), confidence,
                                          date=date, origin=member.get(akey), role=role))
        prev = [c for c in ctx.cands if c.label == "DATE" and s <= c.start < e]
        if prev:
            prev_date = resolve_date(prev[-1].text, published=ctx.article.published,
                                     previous=prev_date) or prev_date
    facts += _reporting_in(ctx, {f.subject for f in facts})
    if lead is not None:
        # article-level: people introduced later as 下沉干部/下沉组 are the cadres the lead sent there
        placed = {f.subject for f in facts}
        for p in (c for c in ctx.cands if c.label == "PERSON"):
            key = ctx.key(p)
            if key is None or key in placed:
                continue
            j = p.start
            while j > 0 and text[j - 1] in "、":
                prior = [q for q in ctx.cands if q.label == "PERSON" and q.end == j - 1]
                if not prior:
                    break
                j = prior[0].start
            role = next((r for r in roles if text.startswith(r, j - len(r))), None)
            if role is not None and "下沉" in role:
                facts.append(Fact(key, Predicate.DEPLOYED_TO, lead[0], lead[1], 0.6, role=role,
                                  derived="article-level"))
                placed.add(key)
    return facts + _team_members(ctx, facts, known)


def _team_members(ctx: Context, deployed: list[Fact], known: list[Fact]) -> list[Fact]:
    """A team sent to a place takes its members there: members by apposition (某医疗队队员X),
    and people introduced as 队员 when the article sent exactly one team."""
    teams = {f.subject: f for f in deployed if f.subject.startswith("org:")
             and ctx.draft(f.subject).kind is OrgKind.TEAM}
    if not teams:
        return []
    out: list[Fact] = []
    placed = {f.subject for f in deployed}
    for f in known:
        if f.predicate is Predicate.MEMBER_OF and f.object in teams and f.subject not in placed:
            t = teams[f.object]
            out.append(Fact(f.subject, Predicate.DEPLOYED_TO, t.object, f.evidence, 0.6, date=t.date,
                            origin=t.origin, derived="team-member"))
            placed.add(f.subject)
    for t in teams.values():
        # 医疗队抵达武汉，其中某医院护士长某某……: people singled out of the team just sent
        if t.evidence is None:
            continue
        i = ctx.text.find("其中", t.evidence.start, t.evidence.end)
        if i >= 0:
            for p in _apposed_subjects(ctx, i + 2, _clause_bounds(ctx.text, i + 2, i, t.evidence.end)[1]):
                key = ctx.key(p)
                if key and key not in placed:
                    out.append(Fact(key, Predicate.DEPLOYED_TO, t.object, t.evidence, 0.6, date=t.date,
                                    derived="team-member"))
                    out.append(Fact(key, Predicate.MEMBER_OF, t.subject, t.evidence, 0.6,
                                    derived="team-member"))
                    placed.add(key)
    if len({f.subject for f in teams.values()}) == 1:
        team = next(iter(teams.values()))
        leaders = [c for c in ctx.cands if c.label == "POST" and c.text in ("队长", "副队长", "领队")
                   and _ending_at(ctx, c.start, ("ORG", "PLACE")) is None]
        for post in leaders:
            # 队长某某 / 领队、某医院副院长某某 with no unit written: the leader of the one team sent
            end = _clause_bounds(ctx.text, post.end, post.start, len(ctx.text))[1]
            chain = _apposed_subjects(ctx, post.end, end)
            leader = chain[0] if chain else None
            key = ctx.key(leader) if leader else None
            if leader is not None and key and key not in placed:
                ev = ctx.evidence(leader.start, post.text)
                out.append(Fact(key, Predicate.MEMBER_OF, team.subject, ev, 0.6, derived="team-leader"))
                out.append(Fact(key, Predicate.DEPLOYED_TO, team.object, ev, 0.6, date=team.date,
                                role=post.text, derived="team-member"))
                placed.add(key)
        for m in re.finditer(r"队员(?:包括|有|分别是|为)?[：:]?", ctx.text):
            people = _enumerated_after(ctx, m.end())
            for p in people:
                key = ctx.key(p)
                if key and key not in placed:
                    ev = ctx.evidence(p.start, "队员")
                    out.append(Fact(key, Predicate.DEPLOYED_TO, team.object, ev, 0.6, date=team.date,
                                    role="队员", derived="team-member"))
                    out.append(Fact(key, Predicate.MEMBER_OF, team.subject, ev, 0.6, derived="team-member"))
                    placed.add(key)
    return out


def _enumerated_after(ctx: Context, pos: int) -> list[Cand]:
    """Persons listed from ``pos`` on (each possibly after a unit and post), up to the clause end."""
    _s, end = _clause_bounds(ctx.text, pos, pos, len(ctx.text))
    persons = (c for c in ctx.cands if c.label == "PERSON" and pos <= c.start < end)
    return sorted(persons, key=lambda c: c.start)


_FORMING_VERBS = ("组成", "组建", "成立", "组建了", "成立了")


def _reporting_in(ctx: Context, placed: set[str]) -> list[Fact]:
    """``某某带队到某社区报到`` / ``在某社区报到``: the agents of the clause report for duty there."""
    out: list[Fact] = []
    text = ctx.text
    for p in (c for c in ctx.cands if c.label == "PLACE"):
        if not text.startswith("报到", p.end) or p.start == 0 or text[p.start - 1] not in "到在":
            continue
        s = ctx.sentences[ctx.sentence_index(p.start)][0] if ctx.sentences else 0
        cs, _ce = _clause_bounds(text, p.start, s, p.end)
        pk = ctx.key(p)
        agents = [c for c in ctx.cands if c.label in ("PERSON", "ORG") and cs <= c.start < p.start
                  and c.end <= p.start - 1 and ctx.key(c)]
        persons = [a for a in agents if a.label == "PERSON"]
        for a in persons or agents:
            ak = ctx.key(a)
            if ak and pk and ak not in placed:
                out.append(Fact(ak, Predicate.DEPLOYED_TO, pk, ctx.evidence(p.start, "报到"), 0.8))
    return out


def _formed_in(ctx: Context, bounds: tuple[int, int]) -> list[Cand]:
    ps, pe = bounds
    for c in ctx.cands:
        head = ctx.text[max(0, c.start - 4):c.start].rstrip("“‘「")
        formed = any(head.endswith(v) for v in _FORMING_VERBS)   # 成立了“某某小组”: quoted name
        if c.label == "ORG" and ps <= c.start < pe and formed:
            return [c]
    return []


_SENT_TEAM = re.compile(r"(?:派出|组建|选派|抽调|组织)(?:的)?[^，。；]{0,10}?"
                        r"(?:队伍|医疗队|小分队|突击队|支援队|工作队)")
_SUPPORT_TEAM = re.compile(r"(?:支援|援助|驰援|援)(?:队|队伍|医疗队|工作队|小分队)")
_VISIT = re.compile(r"考察|视察|调研|看望|慰问|参观")
# a subjectless cue clause may open with a conjunction and a time (并于当天前往, 随后于次日赶赴)
_SUBJECTLESS_HEAD = re.compile(r"(?:先后|随即|立即|迅速|一同|便|并|随后|当即|第一时间)?"
                               r"(?:于?(?:当天|当日|次日|第二天|当晚|同日))?(?:便|就|即)?")
_BACK_TO_POST = {"返回", "回到", "扎根"}
_PRESENCE = {"值守", "驻守", "坚守在", "值守在", "驻守在", "奋战在", "战斗在", "驻扎"}


def _framed_place(ctx: Context, lo: int, hi: int) -> str | None:
    """The innermost place of a ``在 + places`` frame in [lo, hi)."""
    for i in range(lo, hi):
        if ctx.text[i] == "在":
            chain = _destination(ctx, i + 1)
            if chain:
                return ctx.key(chain[0])
    return None


def _apposed_subjects(ctx: Context, lo: int, hi: int) -> list[Cand]:
    """Persons that open the clause [lo, hi), possibly after their unit, post or role."""
    out = []
    pos = lo
    labels = ("ORG", "PLACE", "POST", "PERSON")
    spans = sorted((c for c in ctx.cands if lo <= c.start < hi and c.label in labels), key=lambda c: c.start)
    for c in spans:
        gap = ctx.text[pos:c.start]
        for r in ctx.res.lexicons.roles:
            gap = gap.replace(r, "")
        if gap.strip(_JOINERS + "和及与") != "":
            break
        if c.label == "PERSON":
            out.append(c)
        pos = max(pos, c.end)
    return out


def _subject_run(text: str, persons: list[Cand], clause_start: int, roles: tuple[str, ...]) -> list[Cand]:
    """Persons opening a clause (after role words), and those enumerated with them."""
    persons = sorted(persons, key=lambda c: c.start)
    out: list[Cand] = []
    pos = clause_start
    for p in persons:
        gap = text[pos:p.start]
        for r in roles:
            gap = gap.replace(r, "")
        if gap.strip(_JOINERS + "和及与") == "":
            out.append(p)
            pos = p.end
        else:
            break
    return out


# --------------------------------------------------------------------------- formed units


def formed_units(ctx: Context, known: list[Fact]) -> list[Fact]:
    """``张三、李四等10人……便成立临时党支部``: the people are its members; it sits at the
    place they were deployed to (or the place named with it)."""
    facts: list[Fact] = []
    deployed = {(f.subject, f.evidence.start if f.evidence else -1): f.object
                for f in known if f.predicate is Predicate.DEPLOYED_TO}
    places = {c.start: c for c in ctx.cands if c.label == "PLACE"}
    named = (c for c in ctx.cands
             if c.label == "ORG" and c.kind is OrgKind.TEMPORARY_BRANCH and not c.generic)
    for o in named:
        # 某村临时党支部 named after its place: it sits there (the innermost place of the name)
        chain = _destination(ctx, o.start) if o.start in places else []
        okey = ctx.key(o)
        if chain and okey and chain[-1].end < o.end:
            pk = ctx.key(chain[-1])
            if pk and level_rank(ctx.draft(pk).level) >= 4:
                facts.append(Fact(okey, Predicate.LOCATED_IN, pk, ctx.evidence(o.start), 0.8,
                                  derived="named-after"))
    for o in (c for c in ctx.cands if c.label == "ORG" and c.generic and c.source != BARE):
        okey = ctx.key(o)
        if okey is None:
            continue
        si = ctx.sentence_index(o.start)
        s, _e = ctx.sentences[si]
        members = [c for c in ctx.cands if c.label == "PERSON" and s <= c.start < o.start]
        if ctx.text.startswith("的", o.end):
            members = []   # 宣读了成立临时党支部的批复: the unit is named, not formed by the people before
        ev = ctx.evidence(o.start, "成立")
        place_key_ = None
        for m in members:
            pk = ctx.key(m)
            if pk and (pk, s) in deployed:
                place_key_ = deployed[(pk, s)]
        own = [f.object for f in known if f.predicate is Predicate.DEPLOYED_TO and f.subject == okey]
        if place_key_ is None and own:
            place_key_ = own[0]   # 组成临时党支部，进驻某社区: the unit itself went there
        if place_key_ is None:
            before = [c for c in ctx.cands if c.label == "PLACE" and s <= c.start < o.start]
            before = [p for p in before if ctx.key(p) and level_rank(ctx.draft(ctx.key(p) or "").level) >= 5]
            if before and ctx.key(before[-1]):
                place_key_ = ctx.key(before[-1])
        for m in members:
            mk = ctx.key(m)
            if mk:
                facts.append(Fact(mk, Predicate.MEMBER_OF, okey, ev, 0.8, derived="formed-branch"))
        if place_key_ is not None:
            facts.append(Fact(okey, Predicate.LOCATED_IN, place_key_, ev, 0.8, derived="formed-at"))
            # name the generic unit after its place (新立村临时党支部), keeping the bare form
            d = ctx.draft(okey)
            pname = ctx.draft(place_key_).name
            if not d.name.startswith(pname) and d.name == o.canonical:   # a bare name only
                if d.name not in d.aliases:
                    d.aliases.append(d.name)
                d.name = pname + d.name
    return facts


# --------------------------------------------------------------------------- stationed people


def stationed(ctx: Context, known: list[Fact]) -> list[Fact]:
    """Deployments and memberships stated without a motion cue: first secretaries of a
    village, people from a unit (来自某局的X), members listed after a team was sent,
    habitual visits (每天到某社区) and a sentence framed by a place (在某小区，X……)."""
    placed = {f.subject for f in known if f.predicate is Predicate.DEPLOYED_TO}
    out: list[Fact] = []
    for rule in (_sent_people, _posted_subject, _branch_posts, _stationing_units, _first_secretaries,
                 _coming_from, _team_lists, _sent_down_of_place, _copula_unit, _habitual_visits, _opening_frame):
        new = rule(ctx, known + out, placed)
        out += new
        placed |= {f.subject for f in new if f.predicate is Predicate.DEPLOYED_TO}
    return out


_SENDING = re.compile(r"(?:选派|下派|派驻|派出|抽调|委派|安排)(?P<who>[^，。；;！？]{2,16}?)"
                      r"(?:到|至|赴|进驻|前往|下沉到)")


def _sent_people(ctx: Context, known: list[Fact], placed: set[str]) -> list[Fact]:
    """``县委选派机关干部某某到某村`` / ``某局下派干部某某到某村``: the people named between the
    sending verb and the destination go there (the sender stays)."""
    out: list[Fact] = []
    for m in _SENDING.finditer(ctx.text):
        dests = [k for k in (ctx.key(d) for d in _destination(ctx, m.end())) if k]
        if not dests:
            continue
        people = [c for c in ctx.cands if c.label == "PERSON"
                  and m.start("who") <= c.start and c.end <= m.end("who")]
        ev = ctx.evidence(m.start(), m.group(0)[:2])
        last = max(d.end for d in _destination(ctx, m.end()))
        appointed = _APPOINTED_THERE.match(ctx.text, last)
        post = next((c for c in ctx.cands if c.label == "POST" and appointed
                     and c.start == appointed.end()), None)
        for p in people:
            pk = ctx.key(p)
            if pk is None:
                continue
            for dk in dests:
                out.append(Fact(pk, Predicate.DEPLOYED_TO, dk, ev, 0.8, role=post.text if post else None,
                                derived="sent"))
            if post is not None:
                # 选派某某到某村担任第一书记: the post held there
                out.append(Fact(pk, Predicate.JOB_TITLE, post.text, ev, 0.8, derived="sent"))
    return out


# 到某村担任第一书记 / 到某村，担任驻村第一书记: the post held at the destination
_APPOINTED_THERE = re.compile(r"[，,]?(?:担任|任)")
_POSTED = re.compile(r"被(?:派驻|选派|下派|委派|派)(?:到|至|进驻)")


def _posted_subject(ctx: Context, known: list[Fact], placed: set[str]) -> list[Fact]:
    """``某办副主任X，某年被派驻到某村担任驻村第一书记``: the person named before the passive
    sending verb in the sentence goes to the place and holds the post there."""
    out: list[Fact] = []
    for m in _POSTED.finditer(ctx.text):
        chain = _destination(ctx, m.end())
        dests = [k for k in (ctx.key(d) for d in chain) if k]
        if not dests:
            continue
        s = ctx.sentences[ctx.sentence_index(m.start())][0] if ctx.sentences else 0
        people = [c for c in ctx.cands if c.label == "PERSON" and s <= c.start and c.end <= m.start()]
        if not people or (pk := ctx.key(people[-1])) is None:
            continue
        last = max(d.end for d in chain)
        appointed = _APPOINTED_THERE.match(ctx.text, last)
        post = next((c for c in ctx.cands if c.label == "POST" and appointed
                     and c.start == appointed.end()), None)
        ev = ctx.evidence(m.start(), m.group(0))
        for dk in dests if pk not in placed else ():   # already placed by a cue: only the post
            out.append(Fact(pk, Predicate.DEPLOYED_TO, dk, ev, 0.8, role=post.text if post else None,
                            derived="sent"))
        if post is not None:
            out.append(Fact(pk, Predicate.JOB_TITLE, post.text, ev, 0.8, derived="sent"))
    return out


_BRANCH_BEFORE_POST = re.compile(r"(?:临时党支部(?:支部)?|[，,、；;：:\s]支部)$")


def _branch_posts(ctx: Context, known: list[Fact], placed: set[str]) -> list[Fact]:
    """``临时党支部支部书记X`` / ``成立某临时党支部，支部书记X``: with one temporary branch in the
    article, a branch post written without the branch's name is a post of that branch."""
    branches = sorted({k for k, d in ctx.resolution.drafts.items()
                       if d.type is EntityType.ORGANIZATION and d.kind is OrgKind.TEMPORARY_BRANCH})
    if len(branches) != 1:
        return []
    had = {(f.subject, f.object) for f in known if f.predicate is Predicate.MEMBER_OF}
    posts = {c.end: c for c in ctx.cands if c.label == "POST"}
    out: list[Fact] = []
    for p in (c for c in ctx.cands if c.label == "PERSON"):
        post = posts.get(p.start)
        pk = ctx.key(p)
        if post is None or pk is None or (pk, branches[0]) in had:
            continue
        if not _BRANCH_BEFORE_POST.search(ctx.text, 0, post.start + (2 if post.text.startswith("支部") else 0)):
            continue
        ev = ctx.evidence(post.start, post.text)
        out.append(Fact(pk, Predicate.MEMBER_OF, branches[0], ev, 0.75, derived="branch-post"))
        had.add((pk, branches[0]))
    return out


def _stationing_units(ctx: Context, known: list[Fact], placed: set[str]) -> list[Fact]:
    """``某局驻某社区工作组``: the unit (and its team) serve at the place."""
    out: list[Fact] = []
    for u in (c for c in ctx.cands if c.label == "ORG"):
        if ctx.text[u.end:u.end + 1] != "驻":
            continue
        chain = _destination(ctx, u.end + 1)
        uk = ctx.key(u)
        if not chain or uk is None or (pk := ctx.key(chain[-1])) is None:
            continue
        ev = ctx.evidence(u.start, "驻")
        out.append(Fact(uk, Predicate.DEPLOYED_TO, pk, ev, 0.75, derived="stationed-unit"))
        team = next((c for c in ctx.cands if c.label == "ORG" and c.start == u.start and c.end > chain[-1].end), None)
        if team is not None and (tk := ctx.key(team)) is not None and tk != uk:
            out.append(Fact(tk, Predicate.DEPLOYED_TO, pk, ev, 0.75, derived="stationed-unit"))
    return out


def _sent_down_of_place(ctx: Context, known: list[Fact], placed: set[str]) -> list[Fact]:
    """``某社区的下沉党员志愿者X``: a cadre sent down to the place written before."""
    out: list[Fact] = []
    places = {c.end: c for c in ctx.cands if c.label == "PLACE"}
    for p in (c for c in ctx.cands if c.label == "PERSON"):
        role = next((r for r in ctx.res.lexicons.roles if "下沉" in r and ctx.text.startswith(r, p.start - len(r))),
                    None)
        pk = ctx.key(p)
        if role is None or pk is None or pk in placed:
            continue
        at = p.start - len(role)
        at -= 1 if ctx.text[at - 1:at] == "的" else 0
        place = places.get(at)
        if place is not None and (dk := ctx.key(place)) is not None:
            out.append(Fact(pk, Predicate.DEPLOYED_TO, dk, ctx.evidence(p.start, role), 0.75, role=role,
                            derived="sent-down-of-place"))
    return out


def _copula_unit(ctx: Context, known: list[Fact], placed: set[str]) -> list[Fact]:
    """``X是某小学老师`` / ``X是某局的干部``: X belongs to the unit after the copula."""
    out: list[Fact] = []
    orgs = {c.start: c for c in ctx.cands if c.label == "ORG"}
    for p in (c for c in ctx.cands if c.label == "PERSON"):
        m = re.compile(r"是(?:一名|一位|名|位)?").match(ctx.text, p.end)
        unit = orgs.get(m.end()) if m else None
        if unit is None or (pk := ctx.key(p)) is None or (uk := ctx.key(unit)) is None:
            continue
        units = [uk]
        while unit.end in orgs and (sk := ctx.key(orgs[unit.end])) is not None:
            unit = orgs[unit.end]   # 某区管委会|扶贫办副主任: the sub-unit holds the post, X is in both
            units.append(sk)
        tail = ctx.text[unit.end:unit.end + 8]
        post = next((c for c in ctx.cands if c.label == "POST" and c.start in (unit.end, unit.end + 1)), None)
        role = next((r for r in ctx.res.lexicons.roles if tail.lstrip("的").startswith(r)), None)
        staff = re.match(r"的?(?:老师|教师|医生|护士|干部|职工|员工|民警|工作人员|党员|志愿者)", tail)
        if post is None and role is None and staff is None:
            continue   # 某某是某局牵头的……: not a statement of membership
        ev = ctx.evidence(p.start, "是")
        for uk in units:
            out.append(Fact(pk, Predicate.MEMBER_OF, uk, ev, 0.75, derived="copula"))
        if post is not None:
            out.append(Fact(pk, Predicate.JOB_TITLE, post.text, ev, 0.8, derived="copula"))
    return out


_FIRST_SECRETARY = re.compile(r"(?:驻村)?[“\"]?第一书记[”\"]?$")
_VILLAGE_LEVELS = (PlaceLevel.VILLAGE, PlaceLevel.COMMUNITY, PlaceLevel.NATURAL_VILLAGE)


def _first_secretaries(ctx: Context, known: list[Fact], placed: set[str]) -> list[Fact]:
    """``某村驻村第一书记X`` / ``某村“第一书记”X`` / ``驻某村第一书记X`` / ``某局对口帮扶的某村的驻村
    第一书记X``: stationed in the village, a member of the unit that sent them."""
    out: list[Fact] = []
    text = ctx.text
    for p in (c for c in ctx.cands if c.label == "PERSON"):
        pk = ctx.key(p)
        s = ctx.sentences[ctx.sentence_index(p.start)][0] if ctx.sentences else 0
        cs, _ce = _clause_bounds(text, p.start, s, p.end)
        m = _FIRST_SECRETARY.search(text, cs, p.start)
        if pk is None or m is None:
            continue
        villages = [c for c in ctx.cands if c.label == "PLACE" and cs <= c.start and c.end <= m.start()
                    and ctx.key(c) and ctx.draft(ctx.key(c) or "").level in _VILLAGE_LEVELS]
        if not villages:
            continue
        village = villages[-1]
        vk = ctx.key(village)
        if vk is None:
            continue
        ev = ctx.evidence(p.start, "第一书记")
        out.append(Fact(pk, Predicate.JOB_TITLE, "第一书记", ev, 0.85, derived="first-secretary"))
        out.append(Fact(pk, Predicate.DEPLOYED_TO, vk, ev, 0.8, role="第一书记", derived="first-secretary"))
        # the sending unit: 某局对口帮扶的某村 / 某局驻某村 / 某局派驻某村
        units = [c for c in ctx.cands if c.label == "ORG" and cs <= c.start and c.end <= village.start
                 and re.fullmatch(r"(?:对口帮扶的?|驻|派驻|选派到|派驻到)?(?:[^，。]{0,12})?",
                                  text[c.end:village.start]) is not None and ctx.key(c)]
        uk = ctx.key(units[-1]) if units else None
        if uk is None:
            # 某航空基地对口帮扶的某村: the zone's administrative committee (某航空基地管委会) sent them
            zone = next((c for c in ctx.cands if c.label == "PLACE" and cs <= c.start and c.end < village.start
                         and text.startswith("对口帮扶", c.end)), None)
            zkey = ctx.key(zone) if zone else None
            zname = ctx.draft(zkey).name if zkey else None
            uk = next((k for k, d in sorted(ctx.resolution.drafts.items()) if zname and d.type is
                       EntityType.ORGANIZATION and d.name.startswith(zname) and d.kind is OrgKind.GOVERNMENT), None)
        if uk:
            out.append(Fact(pk, Predicate.MEMBER_OF, uk, ev, 0.75, derived="first-secretary"))
    return out


_FROM_UNIT = re.compile(r"来自")


def _coming_from(ctx: Context, known: list[Fact], placed: set[str]) -> list[Fact]:
    """``来自某局的X`` / ``X是一名来自某医院的志愿者``: X is a member of the unit."""
    out: list[Fact] = []
    text = ctx.text
    orgs = {c.start: c for c in ctx.cands if c.label == "ORG"}
    persons = sorted((c for c in ctx.cands if c.label == "PERSON"), key=lambda c: c.start)
    for m in _FROM_UNIT.finditer(text):
        unit = orgs.get(m.end())
        if unit is None or (uk := ctx.key(unit)) is None:
            continue
        after = text[unit.end:unit.end + 1]
        if after in "、和及与":
            continue   # 来自甲局、乙局的30名党员: several units, no one person
        s, e = ctx.sentences[ctx.sentence_index(m.start())] if ctx.sentences else (0, len(text))
        before = re.search(r"([是为])(?:一名|一位|一个|名|位)?$", text[max(s, m.start() - 4):m.start()])
        who: list[Cand] = []
        if before is not None:
            # X是一名来自某医院的志愿者: the person before the copula
            k = m.start() - len(before.group(0))
            who = [c for c in persons if c.end == k]
        elif after == "的":
            # 来自某局的X: the first person after 的 in the clause
            _cs, ce = _clause_bounds(text, unit.end, s, e)
            who = [c for c in persons if unit.end < c.start < ce][:1]
        ev = ctx.evidence(m.start(), "来自")
        for p in who:
            if pk := ctx.key(p):
                out.append(Fact(pk, Predicate.MEMBER_OF, uk, ev, 0.8, derived="coming-from"))
    return out


_MEMBERS = re.compile(r"作为(?:成员|队员|组员)|(?:成员|组员)(?:包括|有|为|是|分别是)[：:]?")
_TEAM_KINDS = (OrgKind.TEAM, OrgKind.TEMPORARY_BRANCH, OrgKind.PARTY_BRANCH, OrgKind.OTHER)


def _team_lists(ctx: Context, known: list[Fact], placed: set[str]) -> list[Fact]:
    """``A担任组长，B、C等5名党员作为成员`` / ``成员包括B、C``, after a team was sent somewhere:
    the people are members of the team and go where it went (article-level reference)."""
    out: list[Fact] = []
    text = ctx.text
    # the last deployment stated before (a unit's first, else anyone's: 甲带领工作队进驻某村)
    deployed = sorted((f for f in known if f.predicate is Predicate.DEPLOYED_TO and f.evidence is not None),
                      key=lambda f: (f.evidence.start if f.evidence else 0, not f.subject.startswith("org:")))
    sent = [f for f in deployed if f.subject.startswith("org:")] or deployed
    branches = sorted({k for k, d in ctx.resolution.drafts.items()
                       if d.type is EntityType.ORGANIZATION and d.kind is OrgKind.TEMPORARY_BRANCH})
    for m in _MEMBERS.finditer(text):
        si = ctx.sentence_index(m.start())
        s, e = ctx.sentences[si] if ctx.sentences else (0, len(text))
        # a team sent in the last few sentences (members are listed soon after)
        before = [f for f in sent if f.evidence is not None and f.evidence.start <= s
                  and ctx.sentence_index(f.evidence.start) >= si - 5]
        if not before and not branches:
            continue
        team = before[-1] if before else None
        cs, ce = _clause_bounds(text, m.start(), s, e)
        if m.group(0).startswith("作为"):
            people = [c for c in ctx.cands if c.label == "PERSON" and cs <= c.start < m.start()]
        else:
            people = _enumerated_after(ctx, m.end())
        # 甲担任组长/联络员/书记 in the same sentence: the lead of the same team
        for a in _APPOINT.finditer(text, s, e):
            people += [c for c in ctx.cands if c.label == "PERSON" and c.end == a.start()]
        ev = ctx.evidence(m.start(), m.group(0))
        for p in people:
            pk = ctx.key(p)
            if pk is None:
                continue
            if team is not None:
                tkind = ctx.draft(team.subject).kind
                if team.subject.startswith("org:") and tkind in _TEAM_KINDS:
                    out.append(Fact(pk, Predicate.MEMBER_OF, team.subject, ev, 0.7, derived="team-list"))
                if pk not in placed:
                    out.append(Fact(pk, Predicate.DEPLOYED_TO, team.object, ev, 0.65, date=team.date,
                                    derived="team-list"))
            if len(branches) == 1:
                out.append(Fact(pk, Predicate.MEMBER_OF, branches[0], ev, 0.7, derived="team-list"))
            for a in _APPOINT.finditer(text, s, e):
                post = next((c for c in ctx.cands if c.label == "POST" and c.start == a.end()), None)
                if post is not None and p.end == a.start():
                    out.append(Fact(pk, Predicate.JOB_TITLE, post.text, ev, 0.8, derived="team-list"))
    return out


_HABIT = re.compile(r"(?:每天|每日|天天|每晚|每周|每逢|每次)[^。；;！？]{0,16}?(?:到|去|来到|赶到|走进)")


def _habitual_visits(ctx: Context, known: list[Fact], placed: set[str]) -> list[Fact]:
    """``志愿者X每天都会到某社区帮忙``: a repeated presence at the place is a deployment."""
    out: list[Fact] = []
    text = ctx.text
    for m in _HABIT.finditer(text):
        dests = [d for d in _destination(ctx, m.end()) if ctx.key(d)]
        if not dests or _VISIT.search(text, dests[-1].end, dests[-1].end + 6):
            continue
        s, e = ctx.sentences[ctx.sentence_index(m.start())] if ctx.sentences else (0, len(text))
        cs, _ce = _clause_bounds(text, m.end() - 1, s, e)
        # the people of the clause that goes there (每天早上，志愿者X都会到某社区): not a speaker before
        agents = [c for c in ctx.cands if c.label == "PERSON" and cs <= c.start and c.end <= m.end()]
        dk = ctx.key(dests[0])
        for a in agents:
            ak = ctx.key(a)
            if ak and dk and ak not in placed:
                out.append(Fact(ak, Predicate.DEPLOYED_TO, dk, ctx.evidence(m.start(), "到"), 0.65,
                                derived="habitual"))
    return out


_STAFF = ("工作人员", "干部", "党员", "职工", "志愿者", "安排", "派出", "组织")


def _opening_frame(ctx: Context, known: list[Fact], placed: set[str]) -> list[Fact]:
    """``在某小区（某社区），X正……``: a sentence opened by a sub-town place frames the people
    who open its next clause."""
    out: list[Fact] = []
    text = ctx.text
    for s, e in ctx.sentences:
        i = s
        date_end = next((c.end for c in ctx.cands if c.label == "DATE" and c.start == s), None)
        if date_end is not None:
            i = date_end + (1 if text[date_end:date_end + 1] in "，," else 0)
        if text[i:i + 1] != "在":
            continue
        chain = _destination(ctx, i + 1)
        if not chain:
            continue
        pk = ctx.key(chain[0])
        if pk is None or level_rank(ctx.draft(pk).level) < 5:
            continue
        _cs, ce = _clause_bounds(text, i, s, e)
        if ce >= e:
            continue
        ns, ne = _clause_bounds(text, ce + 1, s, e)
        agents = _apposed_subjects(ctx, ns, ne)
        if not agents:
            # 在某小区，区某局工作人员…值守: the unit whose staff serve there (the gold convention)
            unit = next((c for c in ctx.cands if c.label == "ORG" and c.start == ns), None)
            if unit is not None and text.startswith(_STAFF, unit.end):
                agents = [unit]
        own = {f.subject for f in known if f.predicate is Predicate.MEMBER_OF and f.object == pk}
        for a in agents:
            ak = ctx.key(a)
            if re.match(r"(?:介绍|说|表示|告诉|坦言)", text[a.end:a.end + 3]) or ak in own:
                continue   # a speaker, or the place's own staff: not sent there
            if ak and ak not in placed:
                out.append(Fact(ak, Predicate.DEPLOYED_TO, pk, ctx.evidence(i, "在"), 0.6, derived="frame"))
    return out


# --------------------------------------------------------------------------- support


def supports(ctx: Context) -> list[Fact]:
    """``对口支援甲、乙`` / ``援助某区``: the home division (or the place written before the
    cue) supports each place after it."""
    facts: list[Fact] = []
    text = ctx.text
    home = ctx.resolution.home
    places = {c.start: c for c in ctx.cands if c.label == "PLACE"}
    for s, e in ctx.sentences:
        for ts, te, cue in _triggers(ctx, ctx.res.lexicons.support_triggers, s, e):
            objects: list[Cand] = []
            pos = te
            if text.startswith("的", pos) and pos + 1 in places:
                pos += 1   # 某区对口帮扶的某村: the cue as a modifier of the place
            while pos in places:
                chain_end = places[pos]
                while chain_end.end in places:
                    chain_end = places[chain_end.end]
                objects.append(chain_end)
                pos = chain_end.end
                while pos < e and text[pos] in _JOINERS + "和及与":
                    pos += 1
            if not objects:
                continue
            cs, _ = _clause_bounds(text, ts, s, e)
            subject = home
            if subject is None:
                # no home division: the place opening a clause of the sentence is the one helping
                subject = _clause_initial_place(ctx, s, ts)
            before = [c for c in ctx.cands if c.label == "PLACE" and cs <= c.start and c.end <= ts]
            if before:
                k = ctx.key(before[-1])
                if k and level_rank(ctx.draft(k).level) <= 3:
                    subject = k
            if subject is None:
                continue
            for o in objects:
                okey = ctx.key(o)
                if okey is None or okey == subject or _within(ctx, okey, subject):
                    continue
                facts.append(Fact(subject, Predicate.SUPPORTS, okey, ctx.evidence(ts, cue), 0.85))
    return facts


def _clause_initial_place(ctx: Context, lo: int, hi: int) -> str | None:
    """The place (or 我区-style deixis) that opens a clause in [lo, hi)."""
    places = {c.start: c for c in ctx.cands if c.label == "PLACE" or (c.label == "DEIXIS" and ctx.key(c))}
    for i in range(lo, hi):
        if (i == lo or _CLAUSE.match(ctx.text[i - 1])) and i in places:
            last = places[i]
            while last.end in places:
                last = places[last.end]
            return ctx.key(last)
    return None


def _within(ctx: Context, inner: str, outer: str) -> bool:
    a, b = ctx.draft(inner), ctx.draft(outer)
    return len(a.path) > len(b.path) and a.path[: len(b.path)] == b.path and bool(b.path)


# --------------------------------------------------------------------------- containment


_COPULA = re.compile(r"是|位于|地处|隶属于?|属于")


def _stated_containment(ctx: Context, places: list[Cand]) -> list[Fact]:
    """``甲社区是某区乙街道最大的社区`` / ``甲村位于乙镇``: in the place written after the copula."""
    out: list[Fact] = []
    starts = {c.start: c for c in places}
    for a in places:
        m = _COPULA.match(ctx.text, a.end)
        if m is None or m.end() not in starts:
            continue
        chain = _destination(ctx, m.end())
        ka, kb = ctx.key(a), ctx.key(chain[0]) if chain else None
        if ka and kb and ka != kb and level_rank(ctx.draft(ka).level) > level_rank(ctx.draft(kb).level):
            out.append(Fact(ka, Predicate.CONTAINED_IN, kb, ctx.evidence(a.start, m.group(0)), 0.85,
                            derived="copula"))
    return out


def containment(ctx: Context) -> list[Fact]:
    """Nested mentions (某区某镇某村) and gazetteer parents of places in the article."""
    facts: list[Fact] = []
    # the shorter first at one start: 某镇|某村 chain before the checkpoint named after 某村
    places = sorted((c for c in ctx.cands if c.label == "PLACE"), key=lambda c: (c.start, c.end))
    for a, b in zip(places, places[1:], strict=False):
        if a.end != b.start:
            continue
        ka, kb = ctx.key(a), ctx.key(b)
        if not ka or not kb or ka == kb:
            continue
        if level_rank(ctx.draft(kb).level) > level_rank(ctx.draft(ka).level):
            facts.append(Fact(kb, Predicate.CONTAINED_IN, ka, ctx.evidence(a.start), 0.95, derived="nesting"))
    # a checkpoint named after the place it guards (某村村口检查站, 某县高速卡口) is in that place
    for b in places:
        if b.source != "rule:checkpoint":
            continue
        inner = [a for a in places if a.start == b.start and a.end < b.end]
        ka, kb = (ctx.key(inner[-1]) if inner else None), ctx.key(b)
        if ka and kb and ka != kb:
            facts.append(Fact(kb, Predicate.CONTAINED_IN, ka, ctx.evidence(b.start), 0.9, derived="nesting"))
    facts += _stated_containment(ctx, places)
    drafts = ctx.resolution.drafts
    by_code = {d.code: k for k, d in drafts.items() if d.type is EntityType.PLACE and d.code}
    gaz = ctx.res.gazetteer
    nested = {f.subject for f in facts}
    for k, d in drafts.items():
        if d.type is not EntityType.PLACE or k in nested:
            continue
        if d.code:
            for anc in gaz.ancestors(d.code):
                if anc in by_code:
                    facts.append(Fact(k, Predicate.CONTAINED_IN, by_code[anc], None, 0.9,
                                      derived="gazetteer"))
                    break
        elif len(d.path) > 1:
            pk = next((kk for kk, dd in drafts.items() if dd.type is EntityType.PLACE
                       and dd.path == d.path[:-1]), None)
            if pk:
                facts.append(Fact(k, Predicate.CONTAINED_IN, pk, None, 0.85, derived="nesting"))
    return facts


# --------------------------------------------------------------------------- credits


def credits(ctx: Context) -> list[Fact]:
    """Author and photographer of the article from its credits; the reporter's title."""
    facts: list[Fact] = []
    persons = {d.name: k for k, d in ctx.resolution.drafts.items() if d.type is EntityType.PERSON}
    lex = ctx.res.lexicons
    for cr in ctx.article.credits:
        if cr.name in lex.posts or cr.name in lex.roles or not lex.is_surname_start(cr.name):
            continue   # a title read as a name (``记者`` before a list of names)
        key = persons.get(cr.name)
        if key is None:
            key = f"person:{cr.name}"
            d = Draft(key, EntityType.PERSON, cr.name)
            ctx.resolution.drafts[key] = d
            persons[cr.name] = key
            d.add(Cand("PERSON", cr.start, cr.end, cr.name, "credit"), ctx.sentence_index(cr.start))
        ev = ctx.evidence(cr.start, cr.title)
        if cr.role is CreditRole.PHOTOGRAPHER:
            facts.append(Fact(ARTICLE, Predicate.PHOTOGRAPHER, key, ev, 0.95, derived="credit"))
        elif cr.role in _AUTHOR_ROLES:
            facts.append(Fact(ARTICLE, Predicate.AUTHOR, key, ev, 0.95, derived="credit"))
        title = cr.title.strip()
        post = next((p for p in _CREDIT_POSTS if title.endswith(p) and len(title) > len(p)), None)
        paper = title[: len(title) - len(post)] if post else ""
        if paper in _OWN_OUTLET:
            paper = (ctx.article.site or "").strip()   # 本报记者: the outlet publishing the article
        if post and paper and _MEDIA_WORD.search(paper):
            # 某某日报社全媒体记者 / 中青报·中青网记者: the reporter works for the paper
            okey = f"org:{paper}"
            if okey not in ctx.resolution.drafts:
                ctx.resolution.drafts[okey] = Draft(okey, EntityType.ORGANIZATION, paper, kind=OrgKind.MEDIA)
            facts.append(Fact(key, Predicate.MEMBER_OF, okey, ev, 0.9, derived="credit"))
            title = post
        if title and title not in ("摄", "摄影", "文", "图", "文/图", "作者"):
            facts.append(Fact(key, Predicate.JOB_TITLE, title, ev, 0.9, derived="credit"))
    if not ctx.article.credits:
        facts += _credits_from_text(ctx, persons)
    facts += _reporters_in_text(ctx)
    return facts


_REPORTER_OF = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:日报社|日报|晚报|报社|新闻网|网|电视台|广播电视台|融媒体中心))"
                          r"(?:·[\u4e00-\u9fff]{2,8})?(全媒体记者|特约记者|首席记者|见习记者|摄影记者|记者|通讯员)$")


_OWN_OUTLET = ("本报", "本网", "本台", "本刊")
_OWN_REPORTER = re.compile(r"本(?:报|网|台|刊)(全媒体记者|特约记者|首席记者|见习记者|记者|通讯员)[ \u3000]*$")


def _reporters_in_text(ctx: Context) -> list[Fact]:
    """``新民晚报记者张三`` / ``某某网记者张三`` in the text: the reporter works for the outlet."""
    out: list[Fact] = []
    for p in (c for c in ctx.cands if c.label == "PERSON"):
        m = _REPORTER_OF.search(ctx.text, max(0, p.start - 16), p.start)
        own = _OWN_REPORTER.search(ctx.text, max(0, p.start - 8), p.start)
        pk = ctx.key(p)
        if own is not None and ctx.article.site and _MEDIA_WORD.search(ctx.article.site):
            paper, post = ctx.article.site.strip(), own.group(1)   # 本网记者X: the site's reporter
        elif m is None or pk is None or m.group(1).startswith(("本报", "本网", "本台", "据")):
            continue
        else:
            paper, post = m.group(1), m.group(2)
        if pk is None:
            continue
        okey = f"org:{paper}"
        if okey not in ctx.resolution.drafts:
            ctx.resolution.drafts[okey] = Draft(okey, EntityType.ORGANIZATION, paper, kind=OrgKind.MEDIA)
        ev = ctx.evidence(p.start, post)
        out.append(Fact(pk, Predicate.MEMBER_OF, okey, ev, 0.85, derived="reporter"))
        out.append(Fact(pk, Predicate.JOB_TITLE, post, ev, 0.85, derived="reporter"))
    return out


_CREDIT_POSTS = ("全媒体记者", "特约记者", "首席记者", "见习记者", "摄影记者", "实习记者", "融媒记者", "记者",
                 "通讯员", "责任编辑", "编辑", "责编")
_MEDIA_WORD = re.compile(r"报|网|电视台|广播|融媒|新闻|传媒|杂志")
_LINE_SPACE = " \t\u3000"
_PHOTO_SEPS = " \t\u3000、，,"
_PHOTO_MARKS = ("摄影", "摄")
_SENTENCE_END = re.compile(r"[。！？]")
# （记者 张三 李四）: the bracket and title; the names up to the closing bracket are read by a loop
_BYLINE_HEAD = re.compile(r"[（(]\s*(特约记者|记者|通讯员|见习记者)\s*")
_NAME_RUN = re.compile(r"[\u4e00-\u9fff]{2,4}")


def _photo_lines(text: str) -> Iterator[tuple[int, str]]:
    """``(start, names)`` of each line that is a photo credit: ``X 摄`` / ``X、Y摄影`` (names first),
    then ``摄影 X`` / ``……。 摄影：X`` (title first, also after a caption's last sentence).

    The names are runs of two or more Han characters between spaces and commas
    (:func:`kg.read.lists.is_name_list`), read in one pass per line.
    """
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    for pos, line in lines:                       # names first: 张三、李四 摄
        body = line.lstrip(_LINE_SPACE)
        rest = body.rstrip(_LINE_SPACE)
        mark = next((m for m in _PHOTO_MARKS if rest.endswith(m)), None)
        if mark is None:
            continue
        names = rest[: len(rest) - len(mark)]
        if is_name_list(names, _PHOTO_SEPS):
            yield pos + len(line) - len(body), names
    for pos, line in lines:                       # title first: 摄影 张三 / ……。摄影：张三
        ends = [m.end() for m in _SENTENCE_END.finditer(line)]
        for start in (0, ends[-1]) if ends else (0,):
            head = line[start:].lstrip(_LINE_SPACE)
            if not head.startswith("摄影"):
                continue
            names = head[2:].lstrip(_LINE_SPACE + "：:")
            if is_name_list(names, _PHOTO_SEPS):
                yield pos + len(line) - len(names), names
                break


def _bylines(text: str) -> Iterator[tuple[str, int, str]]:
    """``(title, start, names)`` of bracketed bylines: ``（记者 张三 李四）`` / ``(通讯员 王五、赵六)``."""
    for head in _BYLINE_HEAD.finditer(text):
        end = span_of(text, head.end(), lambda ch: is_han(ch) or ch.isspace() or ch in "、，,")
        names = text[head.end():end]
        if text[end:end + 1] in ("）", ")") and end < len(text) and is_name_list(names, "、，,", spaces=True):
            yield head.group(1), head.end(), names


def _credits_from_text(ctx: Context, persons: dict[str, str]) -> list[Fact]:
    """Fallback when the reading stage found no credits: ``X 摄`` lines and ``（记者 X）``."""
    facts: list[Fact] = []
    for start, names in _photo_lines(ctx.text):
        for nm in _NAME_RUN.findall(names):
            if nm in persons:
                ev = ctx.evidence(start, "摄")
                facts.append(Fact(ARTICLE, Predicate.PHOTOGRAPHER, persons[nm], ev,
                                  0.9, derived="credit"))
    for title, start, names in _bylines(ctx.text):
        for nm in _NAME_RUN.findall(names):
            if nm in persons:
                ev = ctx.evidence(start, title)
                facts.append(Fact(ARTICLE, Predicate.AUTHOR, persons[nm], ev, 0.9, derived="credit"))
                facts.append(Fact(persons[nm], Predicate.JOB_TITLE, title, ev, 0.9, derived="credit"))
    return facts


__all__ = ["Context", "extract_facts", "place_key", "OrgKind"]


# --------------------------------------------------------------------------- as rule kinds

_FUNCTIONS = ("appositions", "appointments", "deployments", "formed_units", "stationed", "supports",
              "containment", "credits")


@RULE_KINDS.register("sentence-function")
def sentence_function(ctx: Context, rule: Rule) -> list[Candidate]:
    """The facts one of this module's relation functions (``params.function``) finds, as candidates.

    The functions run together once per article (later ones read earlier ones' facts).
    """
    function = rule.params.get("function")
    if function not in _FUNCTIONS:
        raise RuleError(f"{rule.source}: rule {rule.name!r}: params.function must be one of {', '.join(_FUNCTIONS)}")
    facts: list[Fact] = ctx.cache.get("sentence-functions") or ctx.cache.setdefault("sentence-functions",
                                                                                    extract_facts(ctx))
    return [from_fact(ctx, f, rule.name, (f"derived:{f.derived}",) if f.derived else ())
            for f in facts if f.rule == function and f.predicate is rule.relation]
