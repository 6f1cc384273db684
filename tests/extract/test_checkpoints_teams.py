"""Checkpoints as sites, modifier clauses before places, quoted teams with a branch (also in
Traditional script), full credit names and people posted to a village after their unit.
Sentences invented about many provinces."""
from __future__ import annotations

import pytest

from .conftest import names, triples

SITES = [
    # a checkpoint named after the village it guards: a site inside it, never a unit
    ("在石门村村口疫情防控检查站，党员轮流值守。", "石门村村口疫情防控检查站", "石门村"),
    ("在柳溪村村口检查站，党员轮流值守。", "柳溪村村口检查站", "柳溪村"),
    ("志愿者来到宁乡高速卡口值守。", "宁乡高速卡口", "宁乡市"),
    ("干部来到白沙镇检查站值守。", "白沙镇检查站", "白沙镇"),
]


@pytest.mark.parametrize(("text", "site", "inside"), SITES)
def test_checkpoints_are_sites_in_their_place(run, text: str, site: str, inside: str) -> None:
    ex = run(text)
    assert site in names(ex, "Place")
    assert site not in names(ex, "Organization")
    assert (site, "containedIn", inside) in triples(ex)
    assert next(e for e in ex.entities if e.name == site).level.value == "site"


@pytest.mark.parametrize("text", ["干部来到东城检查站和南街服务点值守。", "干部来到东城检查站、南街服务点值守。"])
def test_checkpoint_without_known_place(run, text: str) -> None:
    ex = run(text)
    assert {"东城检查站", "南街服务点"} <= names(ex, "Place")
    assert not names(ex, "Organization") & {"东城检查站", "南街服务点"}


MODIFIED = [
    ("干部下沉到防控难度大的建设路38号院值守。", "建设路38号院", "防控难度大的建设路38号院"),
    ("李明来到老旧楼栋最多的长江路6号院值守。", "长江路6号院", "老旧楼栋最多的长江路6号院"),
]


@pytest.mark.parametrize(("text", "place", "bad"), MODIFIED)
def test_place_names_never_hold_de(run, text: str, place: str, bad: str) -> None:
    ex = run(text)
    assert place in names(ex, "Place")
    assert not any("的" in n for n in names(ex, "Place"))
    assert bad not in names(ex)


BRANCH = ("4月5日，{unit}成立{q0}{team}{q1}临时党支部，前往{town}开展工作。"
          "{a}担任书记，{b}担任联络员，{c}、{d}、{e}作为成员。")
TEAMS = [
    dict(unit="县税务局", team="支援基层抗疫小组", town="城关街道", a="王建华", b="李明辉", c="赵小军", d="周海涛",
         e="孙丽萍", q0="“", q1="”"),
    dict(unit="市审计局", team="下沉社区服务小组", town="东关街道", a="刘德胜", b="陈晓燕", c="杨志强", d="黄丽君",
         e="吴国庆", q0="“", q1="”"),
]


@pytest.mark.parametrize("traditional", [False, True])
@pytest.mark.parametrize("case", TEAMS)
def test_quoted_team_branch_members(run, case: dict[str, str], traditional: bool) -> None:
    text = BRANCH.format(**case)
    if traditional:
        from opencc import OpenCC

        text = OpenCC("s2t").convert(text).replace("“", "「").replace("”", "」")
    ex = run(text)
    orgs = names(ex, "Organization")
    branch = case["team"]   # one unit: the team set up as a temporary branch, known by both forms
    assert branch in orgs and not any(o.endswith("临时党支部") for o in orgs)
    unit = next(e for e in ex.entities if e.name == branch)
    assert any(a.replace("“", "").replace("”", "") == branch + "临时党支部" for a in unit.aliases)
    assert not any(o.endswith("支部支部") for o in orgs)
    t = triples(ex)
    for who in "abcde":
        assert (case[who], "deployedTo", case["town"]) in t
        assert (case[who], "memberOf", branch) in t
    assert (case["a"], "jobTitle", "书记") in t and (case["b"], "jobTitle", "联络员") in t


@pytest.mark.parametrize("name", ["张傑人", "歐陽明", "黃志強"])
@pytest.mark.parametrize("line", ["\n攝影 {n}\n", "\n攝影：{n}\n", "。 攝影 {n}"])
def test_photo_credit_keeps_the_full_name(run, name: str, line: str) -> None:
    from opencc import OpenCC

    full = OpenCC("t2s").convert(name)
    ex = run("志愿者在社区值守" + line.format(n=name))
    persons = names(ex, "Person")
    assert full in persons
    assert not any(p != full and full.startswith(p) for p in persons)   # no truncated piece
    assert ("ARTICLE", "photographer", full) in triples(ex)


POSTED = [
    ("西安航空基地管委会扶贫办副主任张海波，2019年被派驻到关山村担任驻村第一书记。",
     "张海波", "关山村", "西安航空基地管委会"),
    ("长沙经济技术开发区管委会扶贫办副主任罗志明，2020年被派驻到石门村担任驻村第一书记。",
     "罗志明", "石门村", "长沙经济技术开发区管委会"),
]


@pytest.mark.parametrize(("text", "who", "village", "unit"), POSTED)
def test_posted_first_secretary(run, text: str, who: str, village: str, unit: str) -> None:
    t = triples(run(text))
    assert (who, "deployedTo", village) in t
    assert (who, "memberOf", unit) in t
    # the post kept whole with its office (扶贫办副主任, not 副主任)
    assert (who, "jobTitle", "扶贫办副主任") in t and (who, "jobTitle", "驻村第一书记") in t


SAME_UNIT = [
    ("中共宝鸡市市直机关工委组织党员下沉到东风社区。宝鸡市市直机关工委副书记王强带队，宝鸡市市直机关工委干部李明参加。",
     "市直机关工委"),
    ("4月2日，金台区东风社区党委组织党员。东风社区党委书记李华带头，东风社区党委把党员编入网格。", "社区党委"),
    ("常州市市直机关工委组织党员下沉。常州市市直机关工委书记王强说，常州市市直机关工委将继续支持。", "市直机关工委"),
]


@pytest.mark.parametrize(("text", "ending"), SAME_UNIT)
def test_one_unit_written_twice_is_one_entity(run, text: str, ending: str) -> None:
    orgs = [n for n in names(run(text), "Organization") if n.endswith(ending)]
    assert len(orgs) == 1, orgs


FORMED_EARLIER = [
    "县审计局于4月5日成立“下沉社区服务小组”临时党支部，由6名党员组成，前往东关街道协助开展工作。"
    "刘德胜担任书记，陈晓燕担任联络员，杨志强、黄丽君作为成员。",
    "县审计局党委于4月5日成立“下沉社区服务小组”临时党支部，并于当天前往东关街道报到。"
    "其中，刘德胜担任书记，陈晓燕担任联络员，杨志强、黄丽君作为成员。",
]


@pytest.mark.parametrize("text", FORMED_EARLIER)
def test_branch_formed_earlier_in_the_sentence_goes(run, text: str) -> None:
    t = triples(run(text))
    assert ("下沉社区服务小组", "deployedTo", "东关街道") in t
    for who in ("刘德胜", "陈晓燕", "杨志强", "黄丽君"):
        assert (who, "deployedTo", "东关街道") in t
        assert (who, "memberOf", "下沉社区服务小组") in t


BRANCH_POSTS = [
    ("4月5日，市审计局成立临时党支部，前往东关街道开展工作。临时党支部支部书记刘德胜说。", "刘德胜"),
    ("市审计局成立“下沉社区服务小组”临时党支部，支部书记刘德胜，联络员陈晓燕。", "刘德胜"),
]


@pytest.mark.parametrize(("text", "who"), BRANCH_POSTS)
def test_branch_post_without_its_name(run, text: str, who: str) -> None:
    ex = run(text)
    branch = next(n for n in names(ex, "Organization") if n.endswith(("临时党支部", "小组")))
    assert (who, "memberOf", branch) in triples(ex)
    assert not any(n.endswith("支部支部") for n in names(ex))


def test_checkpoints_as_destinations(run) -> None:
    t = triples(run("刘德胜来到宁乡市高速卡口、白沙镇服务点和柳溪村检查站值守。"))
    for site, inside in (("宁乡市高速卡口", "宁乡市"), ("白沙镇服务点", "白沙镇"), ("柳溪村检查站", "柳溪村")):
        assert ("刘德胜", "deployedTo", site) in t
        assert (site, "containedIn", inside) in t


def test_checkpoint_after_a_chain_of_places(run) -> None:
    ex = run("刘德胜在长沙县黄花镇石门村村口疫情防控检查站值守。")
    t = triples(ex)
    assert not names(ex, "Organization")
    assert ("石门村", "containedIn", "黄花镇") in t
    assert ("石门村村口疫情防控检查站", "containedIn", "石门村") in t
    assert ("刘德胜", "deployedTo", "石门村村口疫情防控检查站") in t


@pytest.mark.parametrize("text", ["全县共设立检查站12个、服务点30个。", "各卡口严格查验。", "李强来到村口检查站值守。",
                                  "党员在志愿服务点、便民服务点和党员服务点值守。"])
def test_generic_checkpoint_words_are_no_units(run, text: str) -> None:
    ex = run(text)
    assert not names(ex, "Organization") and not names(ex, "Place")   # persons may be named



POSTED_MORE = [
    ("罗志明是长沙经济技术开发区管委会扶贫办副主任，2020年被派驻到石门村担任驻村第一书记。",
     # the sub-unit is named in full after the committee (扶贫办 as written is its alias)
     "罗志明", "石门村", ["长沙经济技术开发区管委会", "长沙经济技术开发区管委会扶贫办"],
     ["扶贫办副主任", "驻村第一书记"]),
    ("2020年，长沙经济技术开发区管委会扶贫办副主任罗志明被派驻到石门村，担任驻村第一书记。",
     "罗志明", "石门村", ["长沙经济技术开发区管委会"], ["扶贫办副主任", "驻村第一书记"]),
    ("西安航空基地管委会副主任张海波被选派到关山村任第一书记。",
     "张海波", "关山村", ["西安航空基地管委会"], ["管委会副主任", "第一书记"]),
    ("县委选派机关干部王建国到青山村，担任第一书记。", "王建国", "青山村", [], ["第一书记"]),
]


@pytest.mark.parametrize(("text", "who", "village", "units", "posts"), POSTED_MORE)
def test_posted_variants(run, text: str, who: str, village: str, units: list[str], posts: list[str]) -> None:
    t = triples(run(text))
    assert (who, "deployedTo", village) in t
    for u in units:
        assert (who, "memberOf", u) in t
    for p in posts:
        assert (who, "jobTitle", p) in t



@pytest.mark.parametrize(("unit", "town"), [("县税务局", "城关街道"), ("市审计局", "东关街道")])
def test_branch_formed_by_a_unit_and_named_after_it_is_one(run, unit: str, town: str) -> None:
    ex = run(f"4月5日，{unit}成立临时党支部，前往{town}开展工作。{unit}临时党支部支部书记刘德胜说。")
    branches = [n for n in names(ex, "Organization") if n.endswith("临时党支部")]
    assert branches == [f"{unit}临时党支部"]
    t = triples(ex)
    assert (f"{unit}临时党支部", "deployedTo", town) in t
    assert ("刘德胜", "memberOf", f"{unit}临时党支部") in t


# one unit written as an abbreviation, its organ's offices (机关), its official short words or its place
# chain: (text, the names that must be one entity)
ONE_UNIT_WRITTEN_SHORT = [
    ("市政府投资工程项目服务中心组织党员下沉社区。市工程项目中心干部李明每天值守卡口。",
     ("市政府投资工程项目服务中心", "市工程项目中心")),
    ("湖北省政协机关组织党员干部下沉社区。省政协干部李明每天值守卡口。", ("湖北省政协机关", "省政协")),
    ("江西省铜鼓县民政局组织党员下沉。县民政局干部李明每天值守卡口。", ("江西省铜鼓县民政局", "县民政局")),
    ("北京市文学艺术界联合会组织干部下沉。北京市文联干部李明每天值守卡口。", ("北京市文学艺术界联合会", "北京市文联")),
    ("东坪镇人民政府组织干部下沉。东坪镇政府干部李明每天值守卡口。", ("东坪镇人民政府", "东坪镇政府")),
]


@pytest.mark.parametrize(("text", "forms"), ONE_UNIT_WRITTEN_SHORT)
def test_one_unit_written_short_is_one_entity(run, text: str, forms: tuple[str, str]) -> None:
    ex = run(text)
    held = [e for e in ex.entities if e.type.value == "Organization" and set(forms) & {e.name, *e.aliases}]
    assert len(held) == 1 and set(forms) <= {held[0].name, *held[0].aliases}, [(e.name, e.aliases) for e in held]


# counter-examples: read in the longer name, but another unit
TWO_UNITS = [
    # an ordinal
    ("市中心医院和市中西医结合心血管医院派出医生支援。市中心医院医生李明每天值守。",
     ("市中心医院", "市中西医结合心血管医院")),                                  # more left out than kept
    # one character
    ("市中医院和市中心医院派出医生支援。市中医院医生李明每天值守。", ("市中医院", "市中心医院")),
    # a division
    ("天津市委和天津市南开区委组织干部下沉。天津市委干部李明每天值守。", ("天津市委", "天津市南开区委")),
]


@pytest.mark.parametrize(("text", "units"), TWO_UNITS)
def test_a_unit_read_in_a_longer_name_is_not_always_it(run, text: str, units: tuple[str, str]) -> None:
    assert set(units) <= names(run(text), "Organization")


def test_what_an_abbreviation_may_leave_out() -> None:
    from kg.extract.resolve import abbreviates

    assert abbreviates("市工程项目中心", "市政府投资工程项目服务中心")
    assert abbreviates("包头市移动方舱实验室医疗队", "包头市中心医院移动方舱实验室医疗队")
    assert not abbreviates("市人民医院", "市第十一人民医院")        # an ordinal left out
    assert not abbreviates("天津市委", "天津市南开区委")            # a division's level word left out
    assert not abbreviates("市中医院", "市中心医院")                # one character left out
    assert not abbreviates("市中心医院", "市中西医结合心血管医院")  # more left out than kept
    assert not abbreviates("遵医附院", "遵义医科大学附属医院")      # (so an acronym of four is not read)
