"""The centre's post table (岗位职责分工表): posts, who holds them, what they may do.

A post (岗位) names the items it handles, the authorisation depths (授权深度) it holds for each
item, the work standard of each step, and its members with their A/B/C role (A 主办, B 协办 who
covers when every A is absent, C 后备 who covers when every A and B is absent). The central
publishes the table as a ``counter-posts/1`` document (docs/posts.md); a window that has one
takes the depths of the logged-in clerk from it (``depths_for``) instead of its own setting.

Qt-free and store-free: parsing, checking, writing back, and the pure depth rule.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.errors import CounterError
from app.core.input_rules import code_problem, id_problem, loads_strict, text_problem

FORMAT_TAG = "counter-posts/1"
# The authorisation depths, in the order of the work (same as app.services.settings.AUTH_DEPTHS).
DEPTHS = ("收件", "原件核验", "一次性告知", "受理", "结果送达")
ROLES = {
    "A": "A岗（主办）",
    "B": "B岗（协办，A岗不在时顶岗）",
    "C": "C岗（后备，A、B岗都不在时顶岗）",
}
KINDS = ("前台", "后台", "导办", "帮办", "送达")
ALL_ITEMS = "*"  # a post's ``items``: every item of the catalog
DEFAULT = "*"  # a post's ``depths`` key: the depths of every item without its own entry

_DOC_KEYS = {"format", "version", "published_at", "centre", "posts"}
_POST_KEYS = {"code", "name", "kind", "items", "depths", "standards", "members"}
_USERNAME_MAX = 64


@dataclass(frozen=True)
class Member:
    username: str
    role: str  # "A" | "B" | "C"


@dataclass(frozen=True)
class Post:
    code: str
    name: str
    kind: str
    items: tuple[str, ...] | None  # None: every item (``"*"`` in the file)
    # item code or "*" -> the depths held for it; an item's own entry replaces "*".
    depths: Mapping[str, tuple[str, ...]]
    standards: tuple[tuple[str, str], ...]  # (step, work standard of that step)
    members: tuple[Member, ...]

    def handles(self, item_code: str) -> bool:
        return self.items is None or item_code in self.items

    def depths_of(self, item_code: str) -> tuple[str, ...]:
        """The depths this post holds for an item (none when it does not handle it)."""
        if not self.handles(item_code):
            return ()
        return self.depths.get(item_code, self.depths.get(DEFAULT, ()))

    def holders(self, role: str) -> tuple[str, ...]:
        return tuple(m.username for m in self.members if m.role == role)

    def role_of(self, username: str) -> str | None:
        for m in self.members:
            if m.username == username:
                return m.role
        return None


@dataclass(frozen=True)
class PostTable:
    version: str
    published_at: str | None
    posts: tuple[Post, ...]
    centre: str | None = None
    by_code: Mapping[str, Post] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_code", {p.code: p for p in self.posts})

    def post(self, code: str) -> Post:
        try:
            return self.by_code[code]
        except KeyError:
            raise CounterError(
                "posts.unknown_post",
                f"岗位职责分工表（版本 {self.version}）中没有岗位 {code}；"
                "用 counter post list 查看全部岗位",
            ) from None

    def posts_of(self, username: str) -> list[tuple[Post, str]]:
        """The posts an account is a member of, with its role in each."""
        out = []
        for p in self.posts:
            role = p.role_of(username)
            if role is not None:
                out.append((p, role))
        return out

    def usernames(self) -> set[str]:
        return {m.username for p in self.posts for m in p.members}

    def item_codes(self) -> set[str]:
        return {c for p in self.posts for c in (p.items or ())} | {
            c for p in self.posts for c in p.depths if c != DEFAULT
        }


def _covering(post: Post, username: str, absent: Collection[str]) -> bool:
    """Whether ``username`` holds the post now: its A, or a B with every A absent, or a C
    with every A and B absent."""
    role = post.role_of(username)
    if role == "A":
        return True
    if role == "B":
        return all(a in absent for a in post.holders("A"))
    if role == "C":
        return all(u in absent for u in post.holders("A") + post.holders("B"))
    return False


def depths_for(
    table: PostTable, username: str, item_code: str, absent: Collection[str] = frozenset()
) -> set[str]:
    """The authorisation depths ``username`` holds for ``item_code``: the union over the posts
    it is A of, and the posts it covers (B when every A is absent; C when every A and B is),
    each restricted to the items that post handles. An absent account holds nothing."""
    if username in absent:
        return set()
    out: set[str] = set()
    for post in table.posts:
        if _covering(post, username, absent):
            out.update(post.depths_of(item_code))
    return out


def covering_posts(
    table: PostTable, username: str, item_code: str, absent: Collection[str] = frozenset()
) -> list[Post]:
    """The posts that give ``username`` depths on ``item_code`` now (for messages)."""
    if username in absent:
        return []
    return [
        p
        for p in table.posts
        if p.handles(item_code) and p.depths_of(item_code) and _covering(p, username, absent)
    ]


def missing_depth_message(
    table: PostTable,
    username: str,
    item_code: str,
    depth: str,
    absent: Collection[str] = frozenset(),
) -> str:
    """Why ``username`` may not do ``depth`` on ``item_code``, naming the posts concerned."""
    held = covering_posts(table, username, item_code, absent)
    if held:
        names = "、".join(f"{p.name}（{p.code}）" for p in held)
        where = f"账号 {username} 所在岗位 {names} 对事项 {item_code} 没有“{depth}”授权"
    else:
        mine = table.posts_of(username)
        if not mine:
            where = f"账号 {username} 不在岗位职责分工表（版本 {table.version}）的任何岗位"
        else:
            names = "、".join(f"{p.name}（{p.code}，{r}岗）" for p, r in mine)
            where = f"账号 {username} 的岗位 {names} 在事项 {item_code} 上没有“{depth}”授权"
    able = [p for p in table.posts if p.handles(item_code) and depth in p.depths_of(item_code)]
    hint = (
        "请由 " + "、".join(f"{p.name}（{p.code}）" for p in able) + " 岗位的人员办理"
        if able
        else "请联系县级管理员在分工表中授权"
    )
    return f"{where}；{hint}"


# --- parsing -------------------------------------------------------------------------------


def _fail(path: str, message: str) -> CounterError:
    return CounterError("posts.invalid", message, path)


def _text(v: Any, path: str, what: str, max_len: int = 200, *, multiline: bool = False) -> str:
    if not isinstance(v, str) or not v.strip():
        raise _fail(path, f"{what} 应为非空文字；请填写")
    problem = text_problem(v, max_len, multiline=multiline)
    if problem:
        raise _fail(path, f"{what}：{problem}")
    return v.strip()


def _keys(d: dict[str, Any], allowed: set[str], path: str) -> None:
    extra = sorted(set(d) - allowed)
    if extra:
        raise _fail(
            f"{path}.{extra[0]}" if path else extra[0],
            f"不认识的字段 {extra[0]}；可用的字段：{'、'.join(sorted(allowed))}",
        )


def _item_code(v: Any, path: str) -> str:
    if not isinstance(v, str):
        raise _fail(path, "事项编码应为文字")
    problem = code_problem(v)
    if problem:
        raise _fail(path, problem)
    return v


def _depth_list(v: Any, path: str) -> tuple[str, ...]:
    if not isinstance(v, list):
        raise _fail(path, '授权深度应为列表，如 ["收件", "受理"]')
    out: list[str] = []
    for i, d in enumerate(v):
        if d not in DEPTHS:
            raise _fail(
                f"{path}[{i}]",
                f"未知的授权深度 {d!r}；只能是 {'、'.join(DEPTHS)}",
            )
        if d not in out:
            out.append(d)
    return tuple(sorted(out, key=DEPTHS.index))


def _parse_post(raw: Any, p: str) -> Post:
    if not isinstance(raw, dict):
        raise _fail(p, '岗位应为对象 {"code": ..., "name": ...}')
    _keys(raw, _POST_KEYS, p)
    for k in ("code", "name", "kind", "items", "depths", "members"):
        if k not in raw:
            raise _fail(f"{p}.{k}", f"缺少字段 {k}")
    code = raw["code"]
    if not isinstance(code, str):
        raise _fail(f"{p}.code", "岗位编码应为文字")
    code_fault = id_problem(code, "岗位编码")
    if code_fault:
        raise _fail(f"{p}.code", code_fault)
    name = _text(raw["name"], f"{p}.name", "岗位名称", 60)
    kind = raw["kind"]
    if kind not in KINDS:
        raise _fail(f"{p}.kind", f"未知的岗位类别 {kind!r}；只能是 {'、'.join(KINDS)}")
    items_raw = raw["items"]
    items: tuple[str, ...] | None
    if items_raw == ALL_ITEMS:
        items = None
    elif isinstance(items_raw, list) and items_raw:
        seen: list[str] = []
        for i, c in enumerate(items_raw):
            c = _item_code(c, f"{p}.items[{i}]")
            if c in seen:
                raise _fail(f"{p}.items[{i}]", f"事项 {c} 列了两次；请删去一处")
            seen.append(c)
        items = tuple(seen)
    else:
        raise _fail(f"{p}.items", '事项应为事项编码的非空列表，或 "*"（全部事项）')
    depths_raw = raw["depths"]
    if not isinstance(depths_raw, dict) or not depths_raw:
        raise _fail(f"{p}.depths", '授权深度应为对象，如 {"*": ["收件", "受理"]}')
    depths: dict[str, tuple[str, ...]] = {}
    for key, v in depths_raw.items():
        kp = f"{p}.depths.{key}"
        if key != DEFAULT:
            _item_code(key, kp)
            if items is not None and key not in items:
                raise _fail(kp, f"事项 {key} 不在本岗位的事项列表中；请加入 items 或删去此项")
        depths[key] = _depth_list(v, kp)
    standards_raw = raw.get("standards", [])
    if not isinstance(standards_raw, list):
        raise _fail(f"{p}.standards", '工作标准应为列表 [{"step": ..., "text": ...}]')
    standards: list[tuple[str, str]] = []
    for i, s in enumerate(standards_raw):
        sp = f"{p}.standards[{i}]"
        if not isinstance(s, dict):
            raise _fail(sp, '工作标准应为对象 {"step": ..., "text": ...}')
        _keys(s, {"step", "text"}, sp)
        step = _text(s.get("step"), f"{sp}.step", "环节", 30)
        if any(step == st for st, _ in standards):
            raise _fail(f"{sp}.step", f"环节 {step} 的工作标准写了两次；请合并为一条")
        standards.append(
            (step, _text(s.get("text"), f"{sp}.text", "工作标准", 2000, multiline=True))
        )
    members_raw = raw["members"]
    if not isinstance(members_raw, list) or not members_raw:
        raise _fail(f"{p}.members", '人员应为非空列表 [{"username": ..., "role": "A"}]')
    members: list[Member] = []
    for i, m in enumerate(members_raw):
        mp = f"{p}.members[{i}]"
        if not isinstance(m, dict):
            raise _fail(mp, '人员应为对象 {"username": ..., "role": "A"}')
        _keys(m, {"username", "role"}, mp)
        username = m.get("username")
        if (
            not isinstance(username, str)
            or not username.strip()
            or len(username) > _USERNAME_MAX
            or username != username.strip()
        ):
            raise _fail(f"{mp}.username", "账号应为非空文字（不含首尾空格）")
        role = m.get("role")
        if role not in ROLES:
            raise _fail(f"{mp}.role", f"未知的 A/B/C 角色 {role!r}；只能是 A、B 或 C")
        earlier = next((x for x in members if x.username == username), None)
        if earlier is not None:
            if earlier.role != role:
                raise _fail(
                    f"{mp}.username",
                    f"账号 {username} 在岗位 {code} 中既是 {earlier.role} 岗又是 {role} 岗；"
                    "一人在一个岗位只能有一个角色",
                )
            continue
        members.append(Member(username, role))
    a_count = sum(1 for m in members if m.role == "A")
    if a_count == 0:
        raise _fail(f"{p}.members", f"岗位 {code} 没有 A 岗；每个岗位须有且只有一名 A 岗")
    if a_count > 1:
        names = "、".join(m.username for m in members if m.role == "A")
        raise _fail(
            f"{p}.members",
            f"岗位 {code} 有 {a_count} 名 A 岗（{names}）；每个岗位只能有一名 A 岗，其余设为 B 岗",
        )
    return Post(code, name, kind, items, depths, tuple(standards), tuple(members))


def parse_posts(doc: Any) -> PostTable:
    """Check a ``counter-posts/1`` document and build the table; the first fault raises a
    CounterError whose ``path`` names where it is."""
    if not isinstance(doc, dict):
        raise _fail("", '岗位职责分工表应为 JSON 对象 {"format": "counter-posts/1", ...}')
    fmt = doc.get("format")
    if fmt != FORMAT_TAG:
        raise _fail(
            "format",
            f"不认识的格式 {fmt!r}；岗位职责分工表的 format 应为 {FORMAT_TAG}",
        )
    _keys(doc, _DOC_KEYS, "")
    version = _text(doc.get("version"), "version", "版本", 40)
    published_at = doc.get("published_at")
    if published_at is not None:
        published_at = _text(published_at, "published_at", "发布时间", 40)
    centre = doc.get("centre")
    if centre is not None:
        centre = _text(centre, "centre", "中心编码", 32)
    posts_raw = doc.get("posts")
    if not isinstance(posts_raw, list) or not posts_raw:
        raise _fail("posts", "posts 应为岗位的非空列表")
    posts: list[Post] = []
    for i, raw in enumerate(posts_raw):
        post = _parse_post(raw, f"posts[{i}]")
        if any(q.code == post.code for q in posts):
            raise _fail(f"posts[{i}].code", f"岗位编码 {post.code} 重复；每个岗位的编码须唯一")
        posts.append(post)
    return PostTable(version, published_at, tuple(posts), centre)


def parse_posts_text(text: str, name: str = "岗位职责分工表") -> PostTable:
    return parse_posts(loads_strict(text, name))


def dump_post(p: Post) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": p.name,
        "kind": p.kind,
        "items": ALL_ITEMS if p.items is None else list(p.items),
        "depths": {k: list(v) for k, v in p.depths.items()},
        "standards": [{"step": s, "text": t} for s, t in p.standards],
        "members": [{"username": m.username, "role": m.role} for m in p.members],
    }


def dump_posts(table: PostTable) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": FORMAT_TAG, "version": table.version}
    if table.published_at is not None:
        doc["published_at"] = table.published_at
    if table.centre is not None:
        doc["centre"] = table.centre
    doc["posts"] = [dump_post(p) for p in table.posts]
    return doc


def to_json(table: PostTable) -> str:
    return json.dumps(dump_posts(table), ensure_ascii=False, indent=2)


def reference_problems(
    table: PostTable, usernames: Iterable[str], item_codes: Iterable[str]
) -> list[str]:
    """Members that are not known accounts and items that are not in the catalog, each as
    a line naming where (for the central's publish check)."""
    known_users = set(usernames)
    known_items = set(item_codes)
    out: list[str] = []
    for i, p in enumerate(table.posts):
        for j, m in enumerate(p.members):
            if m.username not in known_users:
                out.append(
                    f"posts[{i}].members[{j}]: 账号 {m.username}（岗位 {p.code}）不是中心已知的账号"
                )
        for j, c in enumerate(p.items or ()):
            if c not in known_items:
                out.append(
                    f"posts[{i}].items[{j}]: 事项 {c}（岗位 {p.code}）不在最新发布的事项清单中"
                )
        for c in p.depths:
            if c != DEFAULT and p.items is None and c not in known_items:
                out.append(
                    f"posts[{i}].depths.{c}: 事项 {c}（岗位 {p.code}）不在最新发布的事项清单中"
                )
    return out
