"""Whole real scraped pages (tests/data/read, see SOURCES.md): what the reader makes of each."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.read import read_file

CASES = {
    # file: (title, published, site, {(name, role)}, strings that must stay, strings that must go)
    "tibet-mirror-2022-shanghai.txt": (
        "上海：部分小区列为防范区 居民可适当外出活动",
        date(2022, 4, 13),
        "新华网",
        {("常邦丽", "editor")},
        ["洞泾镇被列入防范区", "（责编： 常邦丽）"],
        ["欧美", "中国西藏网 >", "版权声明"],
    ),
    "cyol-2021-shijiazhuang.txt": (
        None,
        None,
        "中国青年报客户端",
        {("夏瑾", "reporter")},
        ["孟祥红说", "来源：中国青年报客户端"],
        ["特别声明", "Notice"],
    ),
    "xtnichuang-2020-xi-community.txt": (
        "习近平：干部重心下移，支援社区疫情防控",
        None,
        None,
        {("张晓松", "reporter"), ("鞠鹏", "photographer"), ("庞兴雷", "photographer")},
        ["安贞街道安华里社区，实地了解", "“阻击作用”。继续推进"],
        ["关注", "(xí)", ",,"],
    ),
    "tianjinwujin-2020-community-workers.txt": (
        "社区工作者：坚守最后一道战“疫”防线",
        date(2020, 3, 12),
        "人民网",
        {("何淼", "author"), ("车婧", "editor")},
        ["社区是疫情联防联控的第一线", "责编：车婧"],
        ["利川市|", "微信公众号", "官方微博", "(xiàn)"],
    ),
    "tianmen-2021-caption.txt": (
        "下沉社区防控疫情",
        None,
        None,
        {("刘银斌", "photographer")},
        ["陆羽社区", "编辑：本站"],
        ["10/24", "03:03", "-2021-"],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_real_page(read_data: Path, name: str) -> None:
    title, published, site, credits, kept, gone = CASES[name]
    [a] = read_file(read_data / name)
    assert a.title == title
    assert a.published == published
    assert a.site == site
    assert {(c.name, c.role.value) for c in a.credits} == credits
    for s in kept:
        assert s in a.text, s
    for s in gone:
        assert s not in a.text, s
    # everything removed is flagged, with a span in the original
    for f in a.flags:
        assert 0 <= f.start <= f.end <= len(a.raw)
