"""Relation cases: appositions, deployments (direct, subjectless clause, enumeration),
formed branches, support, containment, credits, deixis."""
from __future__ import annotations

from datetime import date

from .conftest import triples


def test_apposition_member_and_post(run):
    t = triples(run("成都市武侯区卫健局二级主任科员李志刚下沉到玉林街道黄门街社区。"))
    assert ("李志刚", "memberOf", "成都市武侯区卫健局") in t
    assert ("李志刚", "jobTitle", "二级主任科员") in t
    assert ("李志刚", "deployedTo", "黄门街社区") in t
    assert ("李志刚", "deployedTo", "玉林街道") not in t   # the place stated, not its town


def test_town_official_is_member_of_the_town(run):
    t = triples(run("塔城镇三级主任科员周明远每天检查各个核酸采样点。", site="双流新闻网"))
    assert ("周明远", "jobTitle", "三级主任科员") in t


def test_subjectless_cue_then_enumeration(run):
    t = triples(run("抵达塔河镇新立村后，张三丰、李四海、王五明等8人便成立临时党支部。"))
    for person in ("张三丰", "李四海", "王五明"):
        assert (person, "deployedTo", "新立村") in t
        assert (person, "memberOf", "新立村临时党支部") in t
    assert ("新立村临时党支部", "locatedIn", "新立村") in t
    assert ("新立村", "containedIn", "塔河镇") in t


def test_support_from_home_and_from_named_place(run):
    t = triples(run("我区积极开展对口支援武侯、锦江。", site="双流新闻网"))
    assert ("双流区", "supports", "武侯区") in t
    assert ("双流区", "supports", "锦江区") in t
    t = triples(run("石家庄市对口支援邯郸市。"))
    assert ("石家庄市", "supports", "邯郸市") in t


def test_nested_places_make_a_chain(run):
    t = triples(run("志愿者刘强来到成都市武侯区玉林街道黄门街社区。"))
    assert ("黄门街社区", "containedIn", "玉林街道") in t
    assert ("玉林街道", "containedIn", "武侯区") in t
    assert ("武侯区", "containedIn", "成都市") in t


def test_deployment_date_resolved_against_publication(run):
    ex = run("3日凌晨1点，党员志愿者孙建国抵达武侯区。", site="双流新闻网", published=date(2022, 9, 10))
    f = next(f for f in ex.facts if f.predicate.value == "deployedTo")
    assert f.date is not None and f.date.iso() == "2022-09-03"
    assert f.role == "党员志愿者"
    assert f.evidence is not None and f.evidence.trigger == "抵达"
    assert ex.article.text[f.evidence.start:f.evidence.end] == f.evidence.text


def test_credits(run):
    t = triples(run("社区干部坚守一线。\n赵丽 摄\n（特约记者 钱小明）"))
    assert ("ARTICLE", "photographer", "赵丽") in t
    assert ("ARTICLE", "author", "钱小明") in t
    assert ("钱小明", "jobTitle", "特约记者") in t


def test_deixis_resolves_to_home(run):
    ex = run("我区迅速响应，全区干部下沉一线。", site="雁塔新闻网")
    home = ex.entity(ex.home)
    assert home.name == "雁塔区"
    assert {m.text for m in home.mentions} >= {"我区", "全区"}


def test_deployment_to_every_place_of_a_list(run):
    t = triples(run("锦江区商务局立即组织干部下沉到三圣街道红砂村、花果村；沙河街道东光社区，"
                    "协助开展核酸检测。"))
    for place in ("红砂村", "花果村", "东光社区"):
        assert ("锦江区商务局", "deployedTo", place) in t
    assert ("花果村", "containedIn", "三圣街道") in t     # listed after 三圣街道红砂村
    assert ("东光社区", "containedIn", "沙河街道") in t


def test_presence_cue_with_a_framed_place(run):
    t = triples(run("2月26日上午，在石门镇向阳社区人民路超市卡口，县交通局干部赵卫东正在值守。"))
    assert ("赵卫东", "deployedTo", "人民路超市卡口") in t
    assert ("赵卫东", "memberOf", "县交通局") in t
    assert ("人民路超市卡口", "containedIn", "向阳社区") in t


def test_post_of_the_place_in_focus(run):
    t = triples(run("石门镇向阳社区共有居民3000人。社区书记钱立新介绍，下沉干部已全部到岗。"))
    assert ("钱立新", "memberOf", "向阳社区") in t
    assert ("钱立新", "jobTitle", "社区书记") in t


def test_bare_unit_listed_after_a_unit_shares_its_division(run):
    ex = run("高新区党工委副书记、管委会主任孙志远介绍了防控情况。")
    t = triples(ex)
    assert ("孙志远", "memberOf", "高新区管委会") in t
    assert ("孙志远", "memberOf", "高新区党工委") in t


def test_unit_that_sent_a_team_supports_the_place(run):
    t = triples(run("河北医科大学第二医院派出医疗队驰援藁城区。"))
    assert ("河北医科大学第二医院", "supports", "藁城区") in t
    assert ("河北医科大学第二医院", "deployedTo", "藁城区") not in t
    t = triples(run("3月28日，四平市迅速组建的144人支援队伍抵达长春市。"))
    assert ("四平市", "supports", "长春市") in t


def test_untitled_contributors_before_a_reporter_are_authors_not_staff(run):
    t = triples(run("永宁日报讯（郝文博 汪立新 记者周丽华） 10月21日，区人民医院医疗队凯旋。"))
    assert {("ARTICLE", "author", n) for n in ("郝文博", "汪立新", "周丽华")} <= t
    assert ("周丽华", "memberOf", "永宁日报") in t
    assert ("郝文博", "memberOf", "永宁日报") not in t and ("汪立新", "memberOf", "永宁日报") not in t
    # counter-example: an untitled name alone in the bracket of an agency's dateline is its reporter
    assert ("郝文博", "memberOf", "永宁新闻网") in triples(run("永宁新闻网5月18日电（郝文博）10月21日，医疗队凯旋。"))


def test_reporter_paper_from_the_credit_title(run):
    t = triples(run("社区干部坚守一线。\n（兰州日报社全媒体记者 华小明）"))
    assert ("华小明", "memberOf", "兰州日报社") in t
    assert ("华小明", "jobTitle", "全媒体记者") in t
    assert ("ARTICLE", "author", "华小明") in t


def test_party_unit_of_a_body_is_linked(run):
    ex = run("区市场监管局党委书记、局长王建国带领党员驻守在西影路收费站。", site="雁塔新闻网")
    by_name = {e.name: e for e in ex.entities}
    assert by_name["区市场监管局党委"].parent == by_name["区市场监管局"].key
    assert by_name["区市场监管局"].qualifier == ex.home
    assert ("王建国", "jobTitle", "局长") in triples(ex)


def test_a_party_group_post_is_the_units_post(run):
    """区市场监管局党组书记: since the party group's posts are posts of the lexicon (党组书记, 党组成员), the
    corpus's way of naming them, the unit is the bureau and the post is whole; the party group is no unit of
    its own here (the corpus annotates it as one in about half its mentions)."""
    ex = run("区市场监管局党组书记、局长王建国带领党员驻守在西影路收费站。", site="雁塔新闻网")
    t = triples(ex)
    assert ("王建国", "jobTitle", "区市场监管局党组书记") in t or ("王建国", "jobTitle", "市场监管局党组书记") in t
    assert ("王建国", "memberOf", "区市场监管局") in t
    assert "区市场监管局党组" not in {e.name for e in ex.entities}


def test_subject_of_the_clause_before_a_subjectless_cue(run):
    t = triples(run("区卫健局二级主任科员李志刚主动请缨，来到玉林街道黄门街社区，协助开展核酸检测。"))
    assert ("李志刚", "deployedTo", "黄门街社区") in t


def test_home_from_deixis_when_no_site(run):
    ex = run("石家庄市新华区卫健局干部下沉一线。我市积极开展对口支援邢台市。")
    assert ex.home is not None and ex.entity(ex.home).name == "石家庄市"
    assert ("石家庄市", "supports", "邢台市") in triples(ex)


def test_members_of_a_team_go_where_the_team_went(run):
    t = triples(run("2月9日，江苏省第四批援湖北医疗队抵达武汉，其中南京鼓楼医院重症医学科护士长张敏主动请战。"
                    "“我们一定完成任务。”队长李伟说。医疗队队员包括王芳、赵强等20人。"))
    for person in ("张敏", "李伟", "王芳", "赵强"):
        assert (person, "deployedTo", "武汉市") in t
        assert (person, "memberOf", "江苏省第四批援湖北医疗队") in t


def test_containment_stated_with_a_copula(run):
    t = triples(run("枣园社区是安宁区西湖街道最大的社区，辖区有6828户。"))
    assert ("枣园社区", "containedIn", "西湖街道") in t


def test_appointment_and_reference_to_the_one_branch(run):
    ex = run("学校成立疫情防控工作组临时党支部。刘明同志任临时党支部书记，陈刚、周强同志任副书记。"
             "会议由临时党支部副书记、校长办公室主任陈刚主持。")
    t = triples(ex)
    branch = "疫情防控工作组临时党支部"
    assert ("刘明", "memberOf", branch) in t and ("刘明", "jobTitle", "书记") in t
    for person in ("陈刚", "周强"):
        assert (person, "memberOf", branch) in t and (person, "jobTitle", "副书记") in t
    assert ("陈刚", "memberOf", "校长办公室") in t
    assert len([e for e in ex.entities if e.name.endswith("临时党支部")]) == 1


def test_named_team_goes_and_its_sender_supports(run):
    t = triples(run("省人民医院派出省第三批援鄂医疗队驰援武汉。"))
    assert ("省第三批援鄂医疗队", "deployedTo", "武汉市") in t
    assert ("省人民医院", "supports", "武汉市") in t


def test_bare_community_unit_is_the_community_in_focus(run):
    ex = run("4月2日凌晨，金牛区抚琴街道西南社区接到通知后，社区党委书记罗小英组织网格员开展入户排查。")
    t = triples(ex)
    assert ("罗小英", "memberOf", "西南社区党委") in t
    assert ("西南社区", "containedIn", "抚琴街道") in t


def test_formed_branch_named_after_where_it_went(run):
    t = triples(run("来自区卫健局、区教育局的30余名党员组成临时党支部，进驻营门口街道花照社区。"))
    assert ("花照社区临时党支部", "deployedTo", "花照社区") in t
    assert ("花照社区临时党支部", "locatedIn", "花照社区") in t


def test_unit_that_posted_staff_serves_there(run):
    t = triples(run("在锦江宾馆隔离点，区卫健局派驻的医护人员轮班值守。"))
    assert ("区卫健局", "deployedTo", "锦江宾馆隔离点") in t


def test_village_first_secretary_is_stationed_there(run):
    t = triples(run("塔河镇新立村驻村第一书记孙明每天入户排查。"))
    assert ("孙明", "deployedTo", "新立村") in t and ("孙明", "memberOf", "新立村") in t


def test_home_from_a_wire_dateline(run):
    ex = run("新华社武汉2月9日电（记者 王晨）我市各社区全面开展排查。")
    assert ex.home is not None and ex.entity(ex.home).name == "武汉市"


def test_street_office_units_and_community_after_zai(run):
    ex = run("疫情发生后，海淀区学院路街道迅速行动。街道工委书记周立新、办事处主任吴海燕多次深入各社区督导。"
             "在石油大院社区，社区党委书记马丽正在值守。在平乐镇辖区社区报到的干部也很多。")
    t = triples(ex)
    assert ("周立新", "memberOf", "学院路街道工委") in t
    assert ("吴海燕", "memberOf", "学院路街道办事处") in t
    assert ("马丽", "memberOf", "石油大院社区党委") in t
    assert not any(e.name.endswith("辖区社区") for e in ex.entities)


def test_team_leader_and_dates_anchored_in_the_sentence(run):
    ex = run("11月20日，记者获悉，我市第二批支援拉萨医疗队一行48人已于19日晚抵达拉萨市。"
             "领队、市第一人民医院副院长赵刚表示，全体队员一定不辱使命。", site="遵义日报")
    t = triples(ex)
    # 我市 is the deixis of the home division, not part of the team's name
    assert ("赵刚", "memberOf", "第二批支援拉萨医疗队") in t and ("赵刚", "deployedTo", "拉萨市") in t
    team = next(f for f in ex.facts if f.predicate.value == "deployedTo" and f.subject.startswith("org:"))
    assert team.date is not None and (team.date.month, team.date.day) == (11, 19)


def test_unit_in_brackets_after_the_name(run):
    ex = run("志愿者名单：陈小明（区卫健局）、林芳（区教育局）、黄伟（区民政局）。", site="鄞州新闻网")
    t = triples(ex)
    assert {("陈小明", "memberOf", "区卫健局"), ("林芳", "memberOf", "区教育局"),
            ("黄伟", "memberOf", "区民政局")} <= t
    assert {"陈小明", "林芳", "黄伟"} <= {e.name for e in ex.entities if e.type.value == "Person"}


def test_temporary_branch_named_after_its_village_sits_there(run):
    t = triples(run("塔河镇新立村疫情防控临时党支部组织党员值守卡口。"))
    assert ("塔河镇新立村疫情防控临时党支部", "locatedIn", "新立村") in t


def test_reporting_for_duty_at_a_community(run):
    t = triples(run("8月5日上午，校党委常委、下沉社区工作队队长王锋带队到珠明山社区报到。"))
    assert ("王锋", "deployedTo", "珠明山社区") in t


def test_paper_and_post_of_a_credited_reporter(run):
    ex = run("中国青年报客户端北京1月17日电（中青报·中青网记者 夏瑾）石家庄市将继续从严加强管控。")
    t = triples(ex)
    assert ("夏瑾", "jobTitle", "记者") in t
    assert ("夏瑾", "memberOf", "中青报·中青网") in t


def test_a_visit_is_not_a_deployment(run):
    t = triples(run("10日下午，省委书记张国强来到朝阳区安贞街道安华里社区考察疫情防控工作。"))
    assert not any(p == "deployedTo" for _s, p, _o in t)



def test_unit_whose_staff_go_is_deployed(run):
    # the gold files' convention: 某局组织干部下沉到某村 deploys the unit (through its staff)
    t = triples(run("区卫健局组织专家赴藁城区指导疫情处置。"))
    assert ("区卫健局", "deployedTo", "藁城区") in t


def test_unit_and_post_in_brackets_after_the_name(run):
    t = triples(run("带队的张海峰（县卫健局副局长）介绍了情况。"))
    assert ("张海峰", "memberOf", "县卫健局") in t and ("张海峰", "jobTitle", "县卫健局副局长") in t


def test_posts_of_the_genre_added_to_the_lexicon(run):
    # 第二书记 (beside 第一书记), 副秘书长 (a government's deputy secretary-general): whole posts
    assert ("王建国", "jobTitle", "永宁市人民政府副秘书长") in triples(
        run("永宁市人民政府副秘书长王建国介绍，目前已组织医疗队支援社区。"))
    assert ("李红梅", "jobTitle", "第二书记") in triples(run("洞泾镇荣欣居民区第二书记李红梅每天入户排查。"))
    # counter-example: a post word with no person after it states no post
    assert not [t for t in triples(run("班长说，他是会计专业毕业的。")) if t[1] == "jobTitle"]



def test_the_words_a_post_takes_before_it_stop_at_by_and_by_whom(nlp):
    """由 (and 被) end the words a post takes before it: 并由|党办副主任, 医疗队由|副院长 (the post-pairs
    candidates hold ``党办副主任`` and ``副院长``, never ``并由党办副主任`` or ``医疗队由副院长``)."""
    from kg.extract import analyse, prepared
    from kg.extract.pipeline import CANDIDATES
    from kg.read import normalize

    doc = analyse(prepared(normalize("医院组建采样队伍，并由党办副主任郝文博、护理部副主任汪立带队前往采样点。"
                                     "支援医疗队由副院长柯立明任领队。", source="test")), nlp=nlp)
    posts = {c.fact.object for c in doc.user_data[CANDIDATES]
             if c.fact.predicate.value == "jobTitle" and "jobTitle.post-pairs" in c.rules}
    assert {"党办副主任", "护理部副主任", "副院长"} <= posts
    assert not any("由" in o for o in posts)
