"""统计报表 saved from the reports page: Ctrl+S asks where (the dialog offers the report's kind
and period as the name) and writes the PDF shown and the spreadsheet of the same report side
by side; a folder that cannot be written to, or a full disk, is said and leaves no file."""

from __future__ import annotations

import errno
import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.conftest import PASSWORD

from .conftest import settle


@pytest.fixture
def page(window_ctx, dialogs, qtbot):  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow
    from app.ui.session import Session
    from app.ui.worker import Worker

    window_ctx.users.add("boss", "赵值班", "supervisor", PASSWORD)
    session = Session.open(
        window_ctx, window_ctx.users.get("boss"), Worker("db", 1), Worker("print", 1)
    )
    session.today = lambda: date(2026, 11, 30)
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.show()
    w.start()
    settle(session)
    qtbot.keyClick(w, Qt.Key.Key_F11)
    settle(session)
    p = w.stack.currentWidget()
    assert p.objectName() == "reportsPage"
    return p


def answer(monkeypatch, path: Path | None) -> list[str]:  # type: ignore[no-untyped-def]
    offered: list[str] = []

    def dialog(_parent, _title, suggested, _filter):  # type: ignore[no-untyped-def]
        offered.append(suggested)
        return (str(path) if path else "", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    return offered


def test_ctrl_s_saves_the_pdf_and_the_spreadsheet(
    page, qtbot, monkeypatch, tmp_path, dialogs
) -> None:  # type: ignore[no-untyped-def]
    assert page.save_button.isEnabled() and page.pdf is not None
    tmp_path = tmp_path / "out"  # beside the window's data directory
    tmp_path.mkdir()
    page.folder = tmp_path
    offered = answer(monkeypatch, tmp_path / "十一月三十日.pdf")
    qtbot.keyClick(page.kind, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(page.session)
    assert offered == [str(tmp_path / "日报-2026-11-30.pdf")]
    pdf, xlsx = tmp_path / "十一月三十日.pdf", tmp_path / "十一月三十日.xlsx"
    assert pdf.read_bytes() == page.pdf
    assert load_workbook(xlsx).sheetnames
    assert "已保存" in page.status.text() and str(tmp_path) in page.status.text()
    assert not dialogs.errors

    # The monthly report, the name typed without an extension; cancelling writes nothing.
    page.kind.setCurrentIndex(page.kind.findData("monthly"))
    qtbot.keyClick(page.kind, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(page.session)
    offered = answer(monkeypatch, None)
    page.save_button.click()
    settle(page.session)
    assert offered == [str(tmp_path / "月报-2026-11.pdf")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["十一月三十日.pdf", "十一月三十日.xlsx"]
    answer(monkeypatch, tmp_path / "月报")
    page.save_button.click()
    settle(page.session)
    assert (tmp_path / "月报.pdf").is_file() and (tmp_path / "月报.xlsx").is_file()


def test_a_read_only_folder_is_said_and_nothing_is_written(
    page, monkeypatch, tmp_path, dialogs
) -> None:  # type: ignore[no-untyped-def]
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.geteuid() == 0:  # root writes anywhere: the folder refuses as a read-only one would
        import app.files

        def refuse(*_a, **_k):  # type: ignore[no-untyped-def]
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(app.files.tempfile, "mkstemp", refuse)
    try:
        answer(monkeypatch, locked / "report.pdf")
        page.save_button.click()
        settle(page.session)
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)
    assert len(dialogs.errors) == 1 and "没有写入权限" in dialogs.errors[0]
    assert str(locked) in dialogs.errors[0]
    assert "未保存" in page.status.text()
    assert page.save_button.isEnabled()


def test_a_full_disk_is_said_and_nothing_is_left(page, monkeypatch, tmp_path, dialogs) -> None:  # type: ignore[no-untyped-def]
    import app.files

    real = os.fsync

    def full(fd: int) -> None:
        real(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    monkeypatch.setattr(app.files.os, "fsync", full)
    answer(monkeypatch, tmp_path / "report.pdf")
    page.save_button.click()
    settle(page.session)
    monkeypatch.setattr(app.files.os, "fsync", real)
    assert list(tmp_path.iterdir()) == []
    assert len(dialogs.errors) == 1 and "磁盘" in dialogs.errors[0]
    assert "未保存" in page.status.text()


def test_the_yearly_report_chooses_a_year(page, qtbot, monkeypatch, tmp_path, dialogs) -> None:  # type: ignore[no-untyped-def]
    page.kind.setCurrentIndex(page.kind.findData("yearly"))
    assert page.kind.currentText() == "年报"
    assert page.day.displayFormat() == "yyyy"
    qtbot.keyClick(page.kind, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(page.session)
    assert page.report is not None and page.report.kind == "yearly"
    assert page.report.period.label == "2026" and len(page.report.trend) == 12
    assert "2026 年报" in page.heading.text()
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    page.folder = tmp_path
    offered = answer(monkeypatch, tmp_path / "年报")
    page.save_button.click()
    settle(page.session)
    assert offered == [str(tmp_path / "年报-2026.pdf")]
    assert load_workbook(tmp_path / "年报.xlsx")["每月"].max_row == 13
    assert not dialogs.errors
    # Back to the month: the chooser shows the month again.
    page.kind.setCurrentIndex(page.kind.findData("monthly"))
    assert page.day.displayFormat() == "yyyy-MM"
