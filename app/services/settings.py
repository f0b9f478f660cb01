"""Typed settings of this window, stored in the ``settings`` table (Electrum's ConfigVar idea).

Each setting is declared once with its key, type and default, so a typo is an AttributeError,
not a silently missing value. The declarations load without SQLAlchemy: the window application
reads them (with plain sqlite3, ``app.models.peek``) before the data layer is loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


@dataclass(frozen=True)
class Var(Generic[T]):
    key: str
    default: T
    doc: str

    def get(self, s: Session) -> T:
        values = _all(s)
        return values.get(self.key, self.default)  # type: ignore[no-any-return]

    def set(self, s: Session, value: T) -> None:
        """Written at once, one statement (an insert that updates the row when it exists)."""
        s.connection().execute(_statements()[1], {"key": self.key, "value": value})
        _all(s)[self.key] = value


_STATEMENTS: tuple[Any, Any] | None = None


def _statements() -> tuple[Any, Any]:
    """Every setting's row, and INSERT … ON CONFLICT (key) DO UPDATE of one: built once, when
    first used (the declarations above load without SQLAlchemy)."""
    global _STATEMENTS
    if _STATEMENTS is None:
        from sqlalchemy import Table, bindparam, select
        from sqlalchemy.dialects.sqlite import insert

        from app.models.schema import Setting

        table = cast(Table, Setting.__table__)
        statement = insert(table).values(
            key=bindparam("key"), value=bindparam("value", type_=table.c.value.type)
        )
        upsert = statement.on_conflict_do_update(
            index_elements=[table.c.key], set_={"value": statement.excluded.value}
        )
        _STATEMENTS = (select(table.c.key, table.c.value), upsert)
    return _STATEMENTS


def _all(s: Session) -> dict[str, Any]:
    """Every setting, read once per session: an intake reads half a dozen of them."""
    cached = s.info.get("settings")
    if cached is None:
        cached = {k: v for k, v in s.connection().execute(_statements()[0])}
        s.info["settings"] = cached
    return cached


AUTH_DEPTHS = ("收件", "原件核验", "一次性告知", "受理", "结果送达")


class Settings:
    centre_code = Var[str | None]("centre.code", None, "中心编码 (A-Z, 0-9)")
    centre_name = Var[str | None]("centre.name", None, "中心名称，印在回执上")
    window_code = Var[str | None]("window.code", None, "窗口编码 (A-Z, 0-9)")
    window_name = Var[str | None]("window.name", None, "窗口名称，印在回执上")
    complaint_phone = Var[str | None]("centre.complaint_phone", None, "投诉监督电话")
    query_phone = Var[str | None]("centre.query_phone", None, "办件查询电话")
    query_url = Var[str | None]("centre.query_url", None, "办件查询网址")
    organ_name = Var[str | None]("centre.organ_name", None, "出具文书的机关名称（印章）")
    device_id = Var[str | None]("device.id", None, "本窗口设备编号 (UUID)，首次启动生成")
    epoch = Var[int]("device.epoch", 1, "设备纪元：重装或从备份恢复后递增")
    # (epoch, seq) of this window's newest record whose case was folded again with other
    # windows' visits at a pull (services/centre_cases.refold_own_visits).
    own_visits_folded = Var[list[int]](
        "sync.own_visits_folded", [0, 0], "同步：已与其他窗口记录合并的本窗口最新记录（纪元, 序号）"
    )
    # Item code ("*" for every item) -> outcomes' authorisation depths this window holds; only
    # for a window without a post table from the central (services/posts.py, docs/posts.md).
    authorisation = Var[dict[str, list[str]]](
        "window.authorisation",
        {"*": list(AUTH_DEPTHS)},
        "授权深度（仅用于尚未收到中心岗位职责分工表的窗口；收到后按各人所在岗位授权）",
    )
    print_layout = Var[str]("print.layout", "a4", "a4 或 roll80")
    silent_print = Var[bool]("print.silent", False, "不弹对话框直接打印到默认打印机")
    reconsideration_body = Var[str](
        "print.reconsideration_body", "本级人民政府", "行政复议机关（印在不予受理通知书上）"
    )
    reconsideration_limit = Var[str]("print.reconsideration_limit", "60日", "申请行政复议的期限")
    litigation_court = Var[str](
        "print.litigation_court", "有管辖权的人民法院", "行政诉讼法院（印在不予受理通知书上）"
    )
    litigation_limit = Var[str]("print.litigation_limit", "6个月", "提起行政诉讼的期限")
    print_qr = Var[bool]("print.qr", False, "单据上同时印查询二维码")
    e_seal_image = Var[str | None]("print.e_seal_image", None, "电子印章图片 (PNG) 路径")
    review_due_days = Var[int]("tickets.due_days", 5, "差评整改期限（工作日）")
    near_due_days = Var[int]("cases.near_due_days", 2, "临近期限提醒（工作日）")
    central_url = Var[str | None]("central.url", None, "中心数据库连接 (不含密码)")
    sync_interval_minutes = Var[int](
        "sync.interval_minutes", 5, "窗口程序后台同步的间隔（分钟，0 为不自动同步）"
    )
    allow_insecure_keyring = Var[bool](
        "central.allow_insecure_keyring", False, "允许不安全的密钥存储（仅管理员）"
    )
    language = Var[str]("ui.language", "zh_CN", "界面语言")
    # Practice mode (app.services.practice): the accounts an administrator put in it, and the
    # mark of the practice store itself (its slips say 练习; it has no central database).
    practice_accounts = Var[list[str]]("practice.accounts", [], "练习模式的账号（管理员开启）")
    practice_store = Var[bool]("practice.store", False, "本库是练习库：单据印“练习”，不同步")

    @classmethod
    def all(cls) -> dict[str, Var[Any]]:
        return {k: v for k, v in vars(cls).items() if isinstance(v, Var)}

    @classmethod
    def values(cls, stored: Mapping[str, Any]) -> WindowSettings:
        """Every setting, from the stored key -> value rows (defaults filled)."""
        return WindowSettings(
            **{name: stored.get(var.key, var.default) for name, var in cls.all().items()}
        )

    @classmethod
    def read(cls, s: Session) -> WindowSettings:
        """Every setting as the store holds it now: one typed snapshot."""
        return cls.values(_all(s))


@dataclass(frozen=True)
class WindowSettings:
    """A snapshot of every setting, typed: one field per ``Settings`` declaration, of its
    name and type (a field missing or extra fails at the first read, and in the tests)."""

    centre_code: str | None
    centre_name: str | None
    window_code: str | None
    window_name: str | None
    complaint_phone: str | None
    query_phone: str | None
    query_url: str | None
    organ_name: str | None
    device_id: str | None
    epoch: int
    own_visits_folded: list[int]
    authorisation: dict[str, list[str]]
    print_layout: str
    silent_print: bool
    reconsideration_body: str
    reconsideration_limit: str
    litigation_court: str
    litigation_limit: str
    print_qr: bool
    e_seal_image: str | None
    review_due_days: int
    near_due_days: int
    central_url: str | None
    sync_interval_minutes: int
    allow_insecure_keyring: bool
    language: str
    practice_accounts: list[str]
    practice_store: bool

    @property
    def initialised(self) -> bool:
        return bool(self.centre_code and self.window_code)


CHOICES: dict[str, tuple[str, ...]] = {
    "print.layout": ("a4", "roll80"),
    "ui.language": ("zh_CN", "en"),
}
# Set only through their own commands (identity through `counter init`, device through sync).
NOT_SETTABLE = {
    "centre.code",
    "window.code",
    "device.id",
    "device.epoch",
    "sync.own_visits_folded",
    "central.url",
    "practice.accounts",
    "practice.store",
}


def parse_value(var: Var[Any], text: str) -> Any:
    """Turn what an administrator typed into the setting's type, or say what is expected."""
    from app.core.errors import CounterError

    default = var.default
    if var.key in NOT_SETTABLE:
        raise CounterError("settings.readonly", f"{var.key} 不能直接修改（{var.doc}）")
    if var.key in CHOICES:
        if text not in CHOICES[var.key]:
            raise CounterError("settings.value", f"{var.key} 应为 {' 或 '.join(CHOICES[var.key])}")
        return text
    if isinstance(default, bool):
        if text.lower() in ("1", "true", "yes", "on", "是"):
            return True
        if text.lower() in ("0", "false", "no", "off", "否"):
            return False
        raise CounterError("settings.value", f"{var.key} 应为 true 或 false")
    if isinstance(default, int):
        try:
            value = int(text)
        except ValueError as exc:
            raise CounterError("settings.value", f"{var.key} 应为整数") from exc
        if var.key == "tickets.due_days" and not 1 <= value <= 15:
            raise CounterError("settings.value", "整改期限应为 1 到 15 个工作日")
        if value < 0:
            raise CounterError("settings.value", f"{var.key} 不能为负数")
        return value
    if isinstance(default, dict):
        import json

        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CounterError("settings.value", f"{var.key} 应为 JSON 对象：{exc.msg}") from exc
        if var.key == "window.authorisation":
            check_authorisation(value)
        return value
    return text or None


def check_authorisation(value: Any) -> None:
    """{"*" or item code: [授权深度, ...]}; "*" is the default for items not listed."""
    from app.core.errors import CounterError

    if not isinstance(value, dict) or "*" not in value:
        raise CounterError(
            "settings.value", '授权深度应为 {"*": [...], "事项编码": [...]}，且必须有 "*"'
        )
    for code, depths in value.items():
        if not isinstance(depths, list) or any(d not in AUTH_DEPTHS for d in depths):
            raise CounterError(
                "settings.value", f"{code} 的授权深度只能取 {'、'.join(AUTH_DEPTHS)}"
            )
