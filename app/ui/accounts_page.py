"""账号 (accounts) for the supervisor and the administrator: the window's accounts with their
role, whether they are in use, where they come from (本地 / 中心) and whether a lock-out holds
them now. An administrator adds an account, disables or enables one and resets a password,
all through ``AccountService`` (services/accounts.py). On a window registered with a central
the central owns the accounts: adding and enabling are the central's (a staff change made there
arrives with the next sync), and so is the password of an account the central sent, so those
buttons are off and say so."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import CounterError
from app.ui import messages
from app.ui.form_dialog import FormDialog
from app.ui.labels import list_separator, with_code
from app.ui.rows_table import RowsModel, rows_table
from app.ui.session import Session

if TYPE_CHECKING:
    from app.services.account_list import AccountRow
    from app.services.accounts import AccountService


def role_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "clerk": translate("Labels", "Clerk"),
        "supervisor": translate("Labels", "Supervisor"),
        "admin": translate("Labels", "Administrator"),
    }


def origin_labels() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "local": translate("Labels", "Local"),  # made on this window
        "central": translate("Labels", "Central"),
    }


def _accounts(session: Session) -> AccountService:
    from app.services.accounts import AccountService

    return AccountService(session.ctx.store)  # type: ignore[union-attr]


class _PasswordFields:
    """A new password typed twice; the two must match before the service judges its strength."""

    def __init__(self, name: str) -> None:
        self.first = QLineEdit()
        self.first.setObjectName(f"{name}Password")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName(f"{name}PasswordAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)

    def value(self) -> str:
        if self.first.text() != self.again.text():
            raise CounterError(
                "user.password_mismatch",
                QCoreApplication.translate(
                    "AccountsPage", "The two passwords differ: type the new password twice alike."
                ),
            )
        return self.first.text()


class NewAccountDialog(FormDialog):
    """A new account of this window: its login name, full name, role and first password."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent, "newAccountDialog", "newAccountDialogStatus")
        self.setWindowTitle(self.tr("Add an account"))
        self.created: str | None = None
        self.username = QLineEdit()
        self.username.setObjectName("newAccountUsername")
        self.username.setPlaceholderText(self.tr("letters, digits, . _ -"))
        self.display_name = QLineEdit()
        self.display_name.setObjectName("newAccountName")
        self.display_name.setPlaceholderText(self.tr("full name as printed on slips"))
        self.role = QComboBox()
        self.role.setObjectName("newAccountRole")
        for code, label in role_labels().items():
            self.role.addItem(label, code)
        self.password = _PasswordFields("newAccount")
        self.form.addRow(self.tr("Username"), self.username)
        self.form.addRow(self.tr("Name"), self.display_name)
        self.form.addRow(self.tr("Role"), self.role)
        self.form.addRow(self.tr("Password"), self.password.first)
        self.form.addRow(self.tr("Password again"), self.password.again)
        hint = QLabel(
            self.tr(
                "At least 8 characters of two kinds (letters, digits, symbols), not a common "
                "password. Tell it to the person; they log in with it."
            )
        )
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        self.form.addRow("", hint)

    def submit(self) -> None:
        try:
            password = self.password.value()
        except CounterError as exc:
            self.status.setText(exc.message)
            return
        username, name = self.username.text().strip(), self.display_name.text()
        role, accounts = self.role.currentData(), _accounts(self.session)

        def done(_account: object) -> None:
            self.created = username

        self.run(lambda: accounts.add(username, name, role, password), done)


class ResetPasswordDialog(FormDialog):
    """A new password for one account; its lock-out, if any, ends with it."""

    def __init__(self, session: Session, row: AccountRow, parent: QWidget | None = None) -> None:
        super().__init__(session, parent, "resetPasswordDialog", "resetPasswordDialogStatus")
        self.setWindowTitle(self.tr("Reset the password"))
        self.row = row
        self.done_for: str | None = None
        self.password = _PasswordFields("reset")
        who = QLabel(with_code(row.display_name, row.username))
        who.setObjectName("resetPasswordWho")
        self.form.addRow(self.tr("Account"), who)
        self.form.addRow(self.tr("New password"), self.password.first)
        self.form.addRow(self.tr("Password again"), self.password.again)
        hint = QLabel(
            self.tr(
                "The account's lock-out after wrong passwords ends too. Tell the new password "
                "to the person only."
            )
        )
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        self.form.addRow("", hint)

    def submit(self) -> None:
        try:
            password = self.password.value()
        except CounterError as exc:
            self.status.setText(exc.message)
            return
        username, accounts = self.row.username, _accounts(self.session)

        def done(_none: object) -> None:
            self.done_for = username

        self.run(lambda: accounts.set_password(username, password), done)


class AccountsPage(QWidget):
    changed = Signal()  # an account was added or changed

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("accountsPage")
        self.session = session
        self.may_change = session.clerk.may("users")
        self.registered = False
        self.rows: list[AccountRow] = []
        title = QLabel(self.tr("Accounts"))
        title.setProperty("role", "title")
        self.note = QLabel()
        self.note.setObjectName("accountsNote")
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add an account (Ctrl+N)"))
        self.add_button.setObjectName("accountAdd")
        self.add_button.clicked.connect(self.add_account)
        self.disable_button = QPushButton(self.tr("Disable (Ctrl+D)"))
        self.disable_button.setObjectName("accountDisable")
        self.disable_button.clicked.connect(lambda: self.set_active(False))
        self.enable_button = QPushButton(self.tr("Enable (Ctrl+E)"))
        self.enable_button.setObjectName("accountEnable")
        self.enable_button.clicked.connect(lambda: self.set_active(True))
        self.reset_button = QPushButton(self.tr("Reset password (Ctrl+R)"))
        self.reset_button.setObjectName("accountResetPassword")
        self.reset_button.clicked.connect(self.reset_password)
        self.buttons = {
            "add": self.add_button,
            "disable": self.disable_button,
            "enable": self.enable_button,
            "reset": self.reset_button,
        }
        # 添加账号 on the title's line, the acts on the chosen account below it: narrow
        # enough for 1024x768 at 125%.
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.add_button)
        row = QHBoxLayout()
        for b in self.buttons.values():
            if b is not self.add_button:
                row.addWidget(b)
            if not self.may_change:  # hidden, never shown before it has a parent
                b.hide()
        row.addStretch(1)
        if self.may_change:
            for keys, slot in (
                ("Ctrl+N", self.add_account),
                ("Ctrl+D", lambda: self.set_active(False)),
                ("Ctrl+E", lambda: self.set_active(True)),
                ("Ctrl+R", self.reset_password),
            ):
                QShortcut(
                    QKeySequence(keys),
                    self,
                    slot,
                    context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                )
        self.status = QLabel()
        self.status.setObjectName("accountsStatus")
        self.status.setWordWrap(True)
        self.status.hide()  # shown while it says something
        self.model = RowsModel(
            [
                self.tr("Username"),
                self.tr("Name"),
                self.tr("Role"),
                self.tr("In use"),
                self.tr("Origin"),
                self.tr("Locked"),
                self.tr("Posts held"),
            ],
            self,
        )
        self.table = rows_table(self.model, "accountsTable", stretch=6)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addWidget(self.note)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    def activate(self) -> None:
        self.refresh()
        self.table.setFocus()

    # ---- the list ------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        from app.services.account_list import account_rows, registered_with_central

        store = self.session.ctx.store  # type: ignore[union-attr]
        keep = select or (self.current.username if self.current else None)
        self.session.db.run(
            lambda: (account_rows(store), registered_with_central(store)),
            lambda result: self.show_rows(result[0], result[1], keep),
            self._failed,
        )

    def show_rows(self, rows: list[AccountRow], registered: bool, select: str | None) -> None:
        self.rows, self.registered = rows, registered
        now = datetime.now()
        roles, origins = role_labels(), origin_labels()
        # The list's own short word, so its columns fit 1024x768 at 125% in English too.
        roles["admin"] = QCoreApplication.translate("Labels", "Admin")
        self.model.set_rows(
            [
                (
                    r.username,
                    r.display_name,
                    roles.get(r.role, r.role),
                    self.tr("Yes") if r.active else self.tr("Disabled"),
                    origins.get(r.origin, r.origin),
                    self.tr("until {0}").format(r.locked_until.strftime("%H:%M"))
                    if r.locked(now) and r.locked_until is not None
                    else "",
                    list_separator().join(f"{name} {role}" for name, role in r.posts),
                )
                for r in rows
            ],
            [r.username for r in rows],
        )
        names = [r.username for r in rows]
        self.table.selectRow(names.index(select) if select in names else 0)
        self._show_note()
        self._update_buttons()

    def _show_note(self) -> None:
        if self.registered:
            text = self.tr(
                "This window is registered with the central: accounts come from the central. "
                "A staff change made there (a new account, one disabled or moved) takes effect "
                "here at the next sync."
            )
        elif self.may_change:
            text = self.tr(
                "Ctrl+N adds an account; Ctrl+D disables and Ctrl+E enables the chosen one; "
                "Ctrl+R gives it a new password (and ends a lock-out)."
            )
        else:
            text = self.tr("Only an administrator changes accounts.")
        self.note.setText(text)

    @property
    def current(self) -> AccountRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        return self.rows[index.row()]

    def _update_buttons(self) -> None:
        row = self.current
        central = self.tr("Accounts come from the central: add or enable them there.")
        self.add_button.setEnabled(not self.registered)
        self.add_button.setToolTip(central if self.registered else "")
        self.enable_button.setEnabled(row is not None and not row.active and not self.registered)
        self.enable_button.setToolTip(central if self.registered else "")
        self.disable_button.setEnabled(row is not None and row.active)
        # The central owns the password of an account it sent: its next publication of the
        # account would overwrite one set here.
        managed = row is not None and self.registered and row.origin == "central"
        self.reset_button.setEnabled(row is not None and not managed)
        self.reset_button.setToolTip(
            self.tr(
                "The central manages this account's password: the county administrator sets a "
                "new one with counter central user passwd {0}; it works here after the next sync."
            ).format(row.username)
            if managed and row is not None
            else ""
        )

    # ---- the acts ------------------------------------------------------------------------------

    def add_account(self) -> None:
        if not self.may_change or not self.add_button.isEnabled():
            if self.registered:
                self._say(self.add_button.toolTip())
            return
        dialog = NewAccountDialog(self.session, self)
        if dialog.exec() and dialog.created:
            self._say(self.tr("Account {0} added.").format(dialog.created))
            self.changed.emit()
            self.refresh(select=dialog.created)

    def set_active(self, active: bool) -> None:
        row = self.current
        if not self.may_change or row is None or row.active == active:
            return
        if active and self.registered:
            self._say(self.enable_button.toolTip())
            return
        if not active:
            if row.username == self.session.clerk.username:
                self._say(
                    self.tr(
                        "You cannot disable the account you are logged in with: another "
                        "administrator can."
                    )
                )
                return
            if not messages.ask(
                self,
                self.tr("Disable the account"),
                self.tr(
                    "Disable {0} ({1})? They can no longer log in on this window until an "
                    "account is enabled again."
                ).format(row.display_name, row.username),
                default=False,
            ):
                return
        accounts, username = _accounts(self.session), row.username

        def done(_account: object) -> None:
            self._say(
                (
                    self.tr("Account {0} enabled.") if active else self.tr("Account {0} disabled.")
                ).format(username)
            )
            self.changed.emit()
            self.refresh(select=username)

        self.session.db.run(lambda: accounts.set_active(username, active), done, self._failed)

    def reset_password(self) -> None:
        row = self.current
        if not self.may_change or row is None:
            return
        if not self.reset_button.isEnabled():  # Ctrl+R on an account the central manages
            self._say(self.reset_button.toolTip())
            return
        dialog = ResetPasswordDialog(self.session, row, self)
        if dialog.exec() and dialog.done_for:
            self._say(self.tr("New password set for {0}.").format(dialog.done_for))
            self.changed.emit()
            self.refresh(select=dialog.done_for)

    def _failed(self, exc: BaseException) -> None:
        self._say(messages.describe(exc))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
