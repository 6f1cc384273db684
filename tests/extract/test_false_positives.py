"""Recognition fixes found on unseen articles: numbered compounds, development zones, media
names, swallowed neighbours (conjunctions, post heads, verbs, byline labels, colours), doubled
suffixes, direction words. Sentences invented about many provinces."""
from __future__ import annotations

from datetime import date

import pytest

from .conftest import names, triples

ENTITIES = [
    # (text, site, entities that must exist as (type, name), names that must not exist)
    ("在长江路88号院，张卫国每天协助居民做核酸。", None,
     [("Place", "长江路88号院"), ("Person", "张卫国")], ["长江路88号院:Organization"]),
    ("西安航空基地管委会副主任张海波带队来到西安航空基地东风社区。", None,
     [("Place", "西安航空基地"), ("Organization", "西安航空基地管委会")], []),
    ("滁州经济技术开发区管委会组织干部下沉到滁州经济技术开发区各社区。", None,
     [("Place", "滁州经济技术开发区"), ("Organization", "滁州经济技术开发区管委会")], []),
    # the zone named only inside its committee's name is no place (annotation guideline §1.3)
    ("郑州航空港经济综合实验区管委会干部下沉。", None,
     [("Organization", "郑州航空港经济综合实验区管委会")], ["郑州航空港经济综合实验区:Place"]),
    ("打造疫情防控示范区。", None, [], ["疫情防控示范区"]),
    ("东方网记者王晓东报道，近日阎良区的志愿者来到东风社区。", "东方网", [("Place", "阎良区")], ["东方市"]),
    ("穿着蓝白相间防护服的志愿者在忙碌。", None, [], ["蓝白"]),
    ("成立了“蓝天抗疫小组”，组员包括李华、王芳。", None,
     [("Organization", "蓝天抗疫小组"), ("Person", "李华"), ("Person", "王芳")], ["包括李华"]),
    ("城北片区干部下沉到一线。", None, [], ["城北区"]),
    # real sentences (济南, 济宁 2020): a head count ends a unit name; 主城区 is no district
    ("千佛山景区王爱华、张瑞柱两人服务小组迅速进入工作状态。", None, [("Person", "张瑞柱")], ["张瑞柱两人服务小组"]),
    ("广安家园位于济宁主城区东部边缘。", None, [], ["城区"]),
    ("阳泉市城区的干部下沉到社区。", None, [("Place", "城区")], []),
    # Traditional three-character names, southern surnames
    ("黨員關詠荷、鄺美雲主動請纓。", None, [("Person", "关咏荷"), ("Person", "邝美云")], ["邝美"]),
    ("（通訊員 鄺麗珊 記者 蘇韻姿）", None, [("Person", "邝丽珊"), ("Person", "苏韵姿")], []),
    ("市住房和城乡建设局党员下沉到社区。", None, [("Organization", "市住房和城乡建设局")], ["市住房和城乡"]),
    ("从关口垭村通往镇内茶园村的卡点情况复杂。", None, [("Place", "茶园村")], ["通往镇"]),
]


@pytest.mark.parametrize("text,site,present,absent", ENTITIES)
def test_entities(run, text, site, present, absent):
    ex = run(text, site=site)
    typed = {(e.type.value, e.name) for e in ex.entities}
    for item in present:
        assert item in typed, (item, sorted(typed))
    for name in absent:
        if ":" in name:
            nm, kind = name.split(":")
            assert (kind, nm) not in typed, sorted(typed)
        else:
            assert name not in names(ex), sorted(typed)


def test_numbered_compound_is_in_its_place(run):
    t = triples(run("在长江路88号院，张卫国每天协助居民做核酸。"))
    assert ("张卫国", "deployedTo", "长江路88号院") in t


def test_numbered_compound_ends_a_chain(run):
    t = triples(run("志愿者张卫国来到东风社区长江路88号院。"))
    assert ("张卫国", "deployedTo", "长江路88号院") in t
    assert ("长江路88号院", "containedIn", "东风社区") in t


def test_numbered_compound_with_a_range_and_no_road(run):
    # real sentence (人民政协报, 2020), Traditional
    ex = run("家住朝陽望京地區的何鐵梅提前半小時抵達新街口南小街社區國英6-7號院，打著傘開始了值守工作。")
    t = triples(ex)
    assert ("何铁梅", "deployedTo", "国英6-7号院") in t
    assert ("国英6-7号院", "containedIn", "新街口南小街社区") in t


def test_post_head_repeated_after_a_bare_branch(run):
    ex = run("成立“红星村临时党支部”，王丽担任临时党支部支部书记，李强担任联络员。")
    t = triples(ex)
    assert ("王丽", "memberOf", "红星村临时党支部") in t
    assert ("李强", "memberOf", "红星村临时党支部") in t
    assert ("李强", "jobTitle", "联络员") in t
    assert not any(n.endswith("支部支部") for n in names(ex))


def test_appointment_with_an_adverb(run):
    t = triples(run("成立“红星村临时党支部”。李强主动担任联络员，王丽兼任书记。"))
    assert ("李强", "memberOf", "红星村临时党支部") in t and ("李强", "jobTitle", "联络员") in t
    assert ("王丽", "memberOf", "红星村临时党支部") in t and ("王丽", "jobTitle", "书记") in t


def test_short_form_of_a_district_needs_support_in_the_article(run):
    ex = run("城北片区的志愿者和海淀来的志愿者一起来到魏塘街道。", site="嘉善新闻网")
    assert "海淀区" not in names(ex) and "城北区" not in names(ex)
    assert "海淀区" in names(run("海淀、朝阳的干部下沉到社区。", site="北京日报"))
    assert {"武侯区", "锦江区"} <= names(run("我区对口支援武侯、锦江。", site="双流新闻网"))


def test_own_outlet_is_the_site(run):
    t = triples(run("本网记者张三在现场看到，志愿者正在忙碌。", site="东方网"))
    assert ("张三", "memberOf", "东方网") in t
    ex = run("（本报记者 李四）社区干部坚守一线。", site="新民晚报")
    assert ("李四", "memberOf", "新民晚报") in triples(ex)
    assert "本报" not in names(ex) and "新民市" not in names(ex)   # a city paper's name, not a county


def test_site_with_a_local_news_suffix_still_gives_home(run):
    ex = run("我区干部下沉一线。", site="阎良新闻网", published=date(2022, 3, 1))
    assert ex.home is not None and ex.entity(ex.home).name == "阎良区"


@pytest.mark.parametrize("text,start,end,expected", [
    ("记者张三通讯员李四", 2, 5, "张三"),          # a byline label glued to the name
    ("由党员担任联络员", 4, 7, None),              # 担|任联络员: the verb's second character
    ("身穿蓝白相间的防护服", 2, 4, None),          # colour words
    ("组员包括李华、王芳", 2, 6, None),            # 包括李华
    ("志愿者陈国强来到社区", 3, 6, "陈国强"),      # a plain name stays
])
def test_trim_person(nlp, text, start, end, expected):
    from kg.extract.pipeline import resources_of
    from kg.extract.recognize import Cand, _trim_person

    got = _trim_person(Cand("PERSON", start, end, text[start:end], "test"), text, resources_of(nlp).lexicons)
    assert (got.text if got else None) == expected


def test_unit_named_with_a_chain_of_places_has_shorter_aliases(run):
    ex = run("湖北省长阳土家族自治县榔坪镇关口垭村党支部书记王爱珍22日说道。")
    unit = next(e for e in ex.entities if e.type.value == "Organization")
    # a village's own unit is named from the village (as the corpus names them); the written chain and its
    # shorter forms stay aliases
    assert unit.name == "关口垭村党支部"
    assert {"湖北省长阳土家族自治县榔坪镇关口垭村党支部", "榔坪镇关口垭村党支部"} <= set(unit.aliases)
    # a province written by its short name opens the chain; a one-character unit word after the last place
    ex = run("疫情发生后，安徽合肥市蜀山区委快速响应，党员干部冲在前。")
    unit = next(e for e in ex.entities if e.name == "安徽合肥市蜀山区委")
    assert {"合肥市蜀山区委", "蜀山区委"} <= set(unit.aliases)
    # counter-example: the unit word alone is no alias
    assert "委" not in unit.aliases


def test_a_village_unit_after_a_chain_of_divisions_is_named_from_the_village(run):
    ex = run("记者跟随东城区新城街道办事处五里墩社区党支部书记张建华走访；石岭镇东河村党总支书记陈广科入户排查。")
    units = {e.name: e for e in ex.entities if e.type.value == "Organization"}
    assert set(units) == {"五里墩社区党支部", "东河村党总支"}
    assert "东城区新城街道办事处五里墩社区党支部" in units["五里墩社区党支部"].aliases
    assert {"五里墩社区", "新城街道", "石岭镇"} <= names(ex, "Place")
    assert not names(ex, "Place") & {"办事处五里墩社区", "办事处"}
    # the division before the unit says whose unit it is: no membership of the town
    assert ("陈广科", "memberOf", "东河村党总支") in triples(ex)
    assert ("陈广科", "memberOf", "石岭镇") not in triples(ex)
    # counter-example: a temporary branch keeps its fullest written name, a unit's branch the unit's
    ex = run("东风街道五里墩社区临时党支部书记王强和东川县人民医院党支部书记李明带领党员值守。")
    assert {"东风街道五里墩社区临时党支部", "东川县人民医院党支部"} <= names(ex, "Organization")


def test_name_introduced_by_ming_jiao(run):
    # real sentence (江苏 2020)
    ex = run("这位女子名叫柏和如，是王鲍镇长安村党总支书记。")
    assert "柏和如" in names(ex, "Person")


def test_village_glued_to_village_gate_by_the_tagger(nlp):
    # the tagger may read 王庄村村|口 as one place word: the village is still 王庄村
    from kg.extract.pipeline import resources_of
    from kg.extract.recognize import Token, find_places

    text = "王庄村村口设了卡点。"
    tokens = [Token(0, 4, "王庄村村", "LOC"), Token(4, 5, "口", "n"), Token(5, 6, "设", "v"), Token(6, 7, "了", "u"),
              Token(7, 9, "卡点", "n"), Token(9, 10, "。", "w")]
    got = {c.text for c in find_places(text, tokens, resources_of(nlp), None)}
    assert "王庄村" in got and "王庄村村" not in got


@pytest.mark.parametrize("text,start,end,expected", [
    ("书记和村两委干部值守", 2, 6, "村两委"),                 # 和 joins two units, it is not in the name
    ("担任红星村临时党支部支部书记", 2, 12, "红星村临时党支部"),  # the post's head is not in the name
])
def test_unit_name_trims(nlp, text, start, end, expected):
    from kg.extract.pipeline import resources_of
    from kg.extract.recognize import Token, _org_piece

    tokens = [Token(i, i + 1, ch, "n") for i, ch in enumerate(text)]
    got = _org_piece(text, start, end, resources_of(nlp).lexicons, tokens, {})
    assert got.text == expected


# --- place traps of the genre (issue 11): level words inside common words


@pytest.mark.parametrize("text", [
    "陈秋艳说，自己前几天下村去督导，发现村里一些村民不戴口罩。",   # 下村: go down to the village
    "河北乡村疫情防控：党员站一线。",                                # 乡村: rural, not the township 河北乡
    "每个社区至少有一名区直机关干部、一名街道乡（镇）干部。",        # 街道乡: two level words
    "红日村是当地外出务工的大村，一村一市场。",                      # 大村, 一村: a big village, one village
])
def test_level_words_inside_common_words_are_no_places(run, text):
    got = names(run(text), "Place")
    assert not got & {"天下村", "河北乡", "街道乡", "大村", "一村"}, got
