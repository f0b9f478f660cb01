"""``counter store``: the encrypted store's key and backups, for an administrator.

status (no password: it shows no secret), recovery-code, recover, key-file, keyring, restore.
What they wrap is described in docs/data-at-rest.md. Each refusal leaves the store as it was.
"""

from __future__ import annotations

import argparse
import logging
from datetime import date, datetime
from typing import TYPE_CHECKING

from app.cli.auth import add_by_option, add_password_stdin_option, require_admin
from app.cli.parsing import EXIT_OK, ArgumentParser
from app.core.errors import CounterError
from app.paths import Home

if TYPE_CHECKING:
    from app.bootstrap import Context
    from app.models.db import Store

log = logging.getLogger(__name__)
PERMISSION = "settings"


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "store",
        parents=[common],
        help="the encrypted store: its key, recovery code and backups (administrators)",
        description="Where the local store's key is kept, its recovery code, and restoring a "
        "backup. See docs/data-at-rest.md.",
    )
    ss: argparse._SubParsersAction[argparse.ArgumentParser] = p.add_subparsers(
        dest="store_command", metavar="ACTION", parser_class=ArgumentParser
    )
    ss.required = True

    q = ss.add_parser(
        "status",
        parents=[common],
        help="where the key is kept, the backups",
        description="Where the store's key is kept and the backups in backups/ (no secret "
        "is shown; no password needed).",
    )
    q.set_defaults(func=cmd_status, needs_context=False)

    q = ss.add_parser(
        "recovery-code",
        parents=[common],
        help="show the key's recovery code to an administrator",
        description="Print the recovery code of the store's key (9 groups of 8 hex digits, "
        "the last a check) once, to the administrator named with --by, after their "
        "password. Write it down and keep it away from the PC: with it the key comes back "
        "after a lost keyring entry (counter store recover). It is never logged.",
    )
    add_by_option(q)
    add_password_stdin_option(q)
    q.set_defaults(func=cmd_recovery_code, load_demo=False)

    q = ss.add_parser(
        "recover",
        parents=[common],
        help="put the key back from its recovery code",
        description="After the keyring lost the store's key (a new Windows profile, a "
        "reinstalled system): the recovery code is checked against the store, the "
        "administrator's password against the store it opens, and the key is kept in the "
        "keyring again (or in the key file with --key-file). The code is read from stdin "
        "(after the password with --password-stdin) or asked for.",
    )
    add_by_option(q)
    add_password_stdin_option(q)
    q.add_argument(
        "--key-file",
        action="store_true",
        help="keep the key in store-key.json instead (a PC without a usable keyring)",
    )
    q.set_defaults(func=cmd_recover, needs_context=False)

    q = ss.add_parser(
        "key-file",
        parents=[common],
        help="keep the key in the data directory (a PC without a usable keyring)",
        description="Keep the store's key in store-key.json in the data directory, for a PC "
        "that cannot have a keyring: whoever has the disk then has the key too. Before the "
        "store exists this makes its key; afterwards it needs an administrator (--by).",
    )
    add_by_option(q)
    add_password_stdin_option(q)
    q.set_defaults(func=cmd_key_file, needs_context=False)

    q = ss.add_parser(
        "keyring",
        parents=[common],
        help="move the key from the key file into the system keyring",
        description="Move the store's key from store-key.json into the operating system's "
        "keyring once the PC has one (an administrator, --by).",
    )
    add_by_option(q)
    add_password_stdin_option(q)
    q.set_defaults(func=cmd_keyring, load_demo=False)

    q = ss.add_parser(
        "restore",
        parents=[common],
        help="put a backup back in place of the store",
        description="Put a backup (a file name in backups/, or a path) in place of the store. "
        "The backup is checked first on a copy: it must open with this window's key and pass "
        "counter log verify. Then the store as it is now is saved into backups/ and the "
        "checked copy takes its place. Run it with the window application closed. The "
        "administrator (--by) is checked against the store as it is, or against the backup "
        "when the store no longer opens.",
    )
    q.add_argument("backup", help="the backup's file name in backups/, or its path")
    add_by_option(q)
    add_password_stdin_option(q)
    q.set_defaults(func=cmd_restore, needs_context=False)

    q = ss.add_parser(
        "retention",
        parents=[common],
        help="how many years personal data is kept (the county's rule)",
        description="Show, or set (--years N, an administrator with --by), how many years "
        "after a case ended its personal data is kept; --off: never purge. There is no "
        "default: nothing is purged until it is set.",
    )
    group = q.add_mutually_exclusive_group()
    group.add_argument("--years", type=int, metavar="N", help="keep N years (1-100)")
    group.add_argument("--off", action="store_true", help="no period: purge nothing")
    add_by_option(q)
    add_password_stdin_option(q)
    q.set_defaults(func=cmd_retention, load_demo=False)

    q = ss.add_parser(
        "purge",
        parents=[common],
        help="remove personal data kept past the retention period",
        description="For cases that ended (delivered, refused, closed), whose records the "
        "central database has all acknowledged, and that last changed more than the "
        "retention period ago: remove their kept slips; also the backups made before then "
        "(the newest is kept) and the print spool. --dry-run lists what would go. The "
        "records themselves are kept (see docs/data-at-rest.md).",
    )
    q.add_argument(
        "--dry-run", action="store_true", help="list what would be removed, remove nothing"
    )
    q.add_argument(
        "--today",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="count the period back from this day instead of today",
    )
    add_by_option(q)
    add_password_stdin_option(q)
    q.set_defaults(func=cmd_purge, load_demo=False)


def _home(args: argparse.Namespace) -> Home:
    from app.log_setup import setup_logging

    home = Home.resolve(getattr(args, "home", None))
    if home.root.is_dir():
        setup_logging(home, getattr(args, "verbose", False))
    return home


def _admin(store: Store, args: argparse.Namespace, password: str | None = None) -> str | None:
    """``require_admin`` against a store opened outside a context (``password`` already read,
    else read as ``require_admin`` reads it)."""
    from app.cli.passwords import read_password
    from app.services.accounts import AccountService

    users = AccountService(store)
    if users.count() == 0:
        return None
    if not args.by:
        raise CounterError("user.by", "此操作需要管理员：请加上 --by 管理员用户名")
    if password is None:
        password = read_password(f"{args.by} 的密码：", stdin=args.password_stdin)
    users.authenticate(args.by, password)
    users.require(args.by, PERMISSION)
    return str(args.by)


def cmd_status(args: argparse.Namespace) -> int:
    from app.models import store_key

    home = _home(args)
    info = store_key.read_info(home.root)
    where = {
        store_key.KEYRING: f"系统密钥库（服务 {store_key.SERVICE}，账户 {{id}}）",
        store_key.FILE: "数据目录中的 store-key.json（拿到硬盘即可读取数据库）",
        store_key.ENV: f"环境变量 {store_key.KEY_ENV}",
        store_key.PARENT: "由上级数据目录的密钥派生",
    }
    print(f"数据库：{home.db}{'' if home.db.exists() else '（尚未创建）'}")
    if info is None:
        print("密钥：尚未生成")
    else:
        print("密钥保存在：" + where[info.kept].format(id=info.key_id))
        if not info.swept:
            print("旧版本留下的明文文件尚未全部加密：下次启动时继续")
    backups = sorted(home.backups.glob("*.sqlite3")) if home.backups.is_dir() else []
    print(f"备份（{home.backups}）：{len(backups)} 份")
    for b in backups:
        st = b.stat()
        stamp = datetime.fromtimestamp(st.st_mtime).strftime("%Y-%m-%d %H:%M")
        print(f"  {b.name}  {stamp}  {st.st_size // 1024} KB")
    return EXIT_OK


def cmd_recovery_code(args: argparse.Namespace, ctx: Context) -> int:
    from app.models import store_key

    by = require_admin(ctx, args, PERMISSION, stdin=args.password_stdin)
    code = store_key.recovery_code(store_key.require(ctx.home.root))
    log.info("the store key's recovery code was shown to %s", by or "the installer")
    print("本窗口数据库密钥的恢复码（请抄在纸上，与电脑分开保管；不要拍照或存在本机上）：")
    print(code)
    return EXIT_OK


def _read_code(stdin: bool) -> str:
    import getpass
    import sys

    if stdin or not sys.stdin.isatty():
        line = sys.stdin.readline().strip()
        if not line:
            raise CounterError(
                "store.recovery_code", "没有读到恢复码：请在标准输入中提供，或在终端中运行"
            )
        return line
    return getpass.getpass("恢复码（9 组，每组 8 位）：")


def cmd_recover(args: argparse.Namespace) -> int:
    from app.cli.passwords import read_password
    from app.models.db import Store, make_engine
    from app.models.store_key import require
    from app.services.store_recovery import KEY_FILE_WARNING, recover

    home = _home(args)
    # With --password-stdin the password is the first line and the code the second.
    password = read_password("管理员密码：", stdin=True) if args.password_stdin else None
    code = _read_code(args.password_stdin)

    def authorise() -> None:  # against the store the code opened
        engine = make_engine(home.db, require(home.root))
        try:
            _admin(Store(engine), args, password)
        finally:
            engine.dispose()

    recover(home, code, authorise, key_file=args.key_file)
    print(f"密钥已恢复，保存在{'数据目录的 store-key.json' if args.key_file else '系统密钥库'}中")
    if args.key_file:
        print(KEY_FILE_WARNING)
    return EXIT_OK


def cmd_key_file(args: argparse.Namespace) -> int:
    from app.bootstrap import open_context
    from app.models import store_key
    from app.services.store_recovery import KEY_FILE_WARNING, move_key, new_key_file

    home = _home(args)
    if not home.db.exists() and store_key.read_info(home.root) is None:
        # A new window on a PC without a keyring: no account yet, as for `counter init`.
        home.ensure()
        new_key_file(home)
        print("已生成本窗口数据库的密钥，保存在数据目录的 store-key.json 中")
        print(KEY_FILE_WARNING)
        return EXIT_OK
    ctx = open_context(home, load_demo=False)
    try:
        require_admin(ctx, args, PERMISSION, stdin=args.password_stdin)
        moved = move_key(home, store_key.require(home.root), key_file=True)
    finally:
        ctx.close()
    print("密钥已移到数据目录的 store-key.json 中" if moved else "密钥已经保存在 store-key.json 中")
    print(KEY_FILE_WARNING)
    return EXIT_OK


def cmd_keyring(args: argparse.Namespace, ctx: Context) -> int:
    from app.models import store_key
    from app.services.store_recovery import move_key

    require_admin(ctx, args, PERMISSION, stdin=args.password_stdin)
    moved = move_key(ctx.home, store_key.require(ctx.home.root), key_file=False)
    print(
        "密钥已移入系统密钥库，store-key.json 中不再有密钥" if moved else "密钥已经在系统密钥库中"
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from app.services.store_restore import restore

    home = _home(args)
    done = restore(home, args.backup, lambda store: _admin(store, args), datetime.now())
    print(f"已从备份 {done.backup.name} 恢复：{done.cases} 个办件、{done.records} 条记录")
    if done.saved is not None:
        print(f"恢复前的数据库已另存为 {done.saved}")
    print(
        "备份之后办理的记录不在恢复的数据库中：已同步的仍在中心数据库，"
        "未同步的在上面另存的文件里。下次同步时中心会核对记录链（见 docs/central.md）"
    )
    return EXIT_OK


def cmd_retention(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.retention import NOT_SET, period, set_period

    if args.years is None and not args.off:
        years = period(ctx.store)
        print(NOT_SET if years is None else f"个人信息保存年限：办结后 {years} 年")
        return EXIT_OK
    by = require_admin(ctx, args, PERMISSION, stdin=args.password_stdin)
    set_period(ctx.store, None if args.off else args.years)
    log.info("retention period set to %s by %s", args.years, by)
    print("已取消保存年限：不清除任何数据" if args.off else f"保存年限已设为办结后 {args.years} 年")
    return EXIT_OK


def cmd_purge(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.retention import plan, purge

    by = require_admin(ctx, args, PERMISSION, stdin=args.password_stdin)
    what = plan(ctx.home, ctx.store, args.today or date.today())
    verb = "将清除" if args.dry_run else "已清除"
    print(f"截止日期 {what.cutoff}（此前办结并已同步的办件）：")
    print(f"  {verb} {len(what.cases)} 个办件留存的文书 {len(what.slips)} 份")
    for c in what.cases:
        print(f"    {c}")
    print(f"  {verb}此前的备份 {len(what.backups)} 份（最新的一份保留）")
    for b in what.backups:
        print(f"    {b.name}")
    print(f"  {verb}打印缓存 {len(what.spool)} 份")
    print(f"  {verb}数据库中 {len(what.redact)} 个办件的个人信息（记录链保持可核验）")
    for c in what.redact.values():
        print(f"    {c}")
    if not args.dry_run:
        purge(ctx.home, what, ctx.store, by or "")  # no account yet: nobody to name
        log.info("purge by %s", by)
    return EXIT_OK
