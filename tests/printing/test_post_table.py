"""The printed 岗位职责分工表: A4, the centre and the version at the head, each post with its
A/B/C members by name, its items by name with the depths held, and its work standards; an
account or item the window does not know is said, not dropped; a rare character prints."""

from __future__ import annotations

import io
from datetime import datetime

from app.core.posts import parse_posts
from app.printing.post_table import PostSheet, render_post_table
from tests.printing.slip_helpers import fonts_in, page_sizes, page_texts, squash

DOC = {
    "format": "counter-posts/1",
    "version": "2027-01",
    "published_at": "2027-01-04T08:30:00+08:00",
    "posts": [
        {
            "code": "QT-ZHSL",
            "name": "前台综合受理",
            "kind": "前台",
            "items": "*",
            "depths": {
                "*": ["收件", "原件核验", "一次性告知", "受理"],
                "DEMO-0011": ["收件", "一次性告知"],
            },
            "standards": [{"step": "收件", "text": "核对申请人身份，当场出具收件凭证。"}],
            "members": [
                {"username": "clerk1", "role": "A"},
                {"username": "clerk2", "role": "B"},
                {"username": "gone9", "role": "C"},
            ],
        },
        {
            "code": "ZZ-SD",
            "name": "制证送达",
            "kind": "送达",
            "items": ["DEMO-0009", "DEMO-0099"],
            "depths": {"*": ["结果送达"]},
            "members": [{"username": "clerk4", "role": "A"}],
        },
    ],
}


def rendered() -> bytes:
    sheet = PostSheet(
        parse_posts(DOC),
        "城关街道便民服务中心",
        {"clerk1": "李窗口", "clerk2": "张𠈌", "clerk4": "周制证"},
        {"DEMO-0009": "居住证签注", "DEMO-0011": "最低生活保障审核确认"},
        datetime(2027, 1, 5, 9, 30),
    )
    out = io.BytesIO()
    render_post_table(sheet, out)
    return out.getvalue()


def test_the_post_table_prints_every_post_with_names_items_depths_and_standards() -> None:
    pdf = rendered()
    sizes = page_sizes(pdf)
    assert sizes and all(
        round(w / 72 * 25.4) == 210 and round(h / 72 * 25.4) == 297 for w, h in sizes
    )
    text = squash("".join(page_texts(pdf)))
    assert "城关街道便民服务中心岗位职责分工表" in text
    assert "版本2027-01" in text and "发布日期2027年01月04日" in text
    assert "一、前台综合受理（QT-ZHSL）" in text and "二、制证送达（ZZ-SD）" in text
    assert "李窗口（clerk1）" in text and "张𠈌（clerk2）" in text
    assert "gone9（本窗口无此账号）" in text  # said, not dropped
    assert "DEMO-0011最低生活保障审核确认" in text and "DEMO-0009居住证签注" in text
    assert "DEMO-0099（不在本窗口的事项清单中）" in text
    assert "本窗口事项清单中的其余全部事项" in text
    assert "核对申请人身份，当场出具收件凭证。" in text
    assert "工作标准：分工表未写明。" in text  # the post without standards
    assert "编制：" in text and "第1页" in text
    assert all(fonts_in(pdf).values())  # every font embedded


def test_the_depth_marks_follow_each_item() -> None:
    text = squash("".join(page_texts(rendered())))
    # 全部: four depths; DEMO-0011 its own two; ZZ-SD only 结果送达 on each item.
    assert "全部本窗口事项清单中的其余全部事项●●●●" in text
    assert "DEMO-0011最低生活保障审核确认●●" in text
    assert "DEMO-0009居住证签注●" in text
