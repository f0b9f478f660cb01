#!/bin/sh
# /usr/bin/counter: start the bundled Counter in /opt/counter once the system is new enough.
# The bundle's programs and libraries need a minimum glibc (measured from their ELF symbol
# versions when the package was built). On an older system the dynamic loader would stop with
# "version `GLIBC_2.xx' not found", which tells a county IT person nothing: say it plainly.
NEED="@GLIBC@"
VERSION="@VERSION@"
BUNDLE="/opt/counter"

have=$(getconf GNU_LIBC_VERSION 2>/dev/null | sed -n 's/^glibc[[:space:]]*//p')
older() {  # is $1 (major.minor) older than $2?
    a1=${1%%.*}; a2=${1#*.}; a2=${a2%%.*}
    b1=${2%%.*}; b2=${2#*.}; b2=${b2%%.*}
    [ "$a1" -lt "$b1" ] || { [ "$a1" -eq "$b1" ] && [ "$a2" -lt "$b2" ]; }
}
if [ -z "$have" ] || older "$have" "$NEED"; then
    msg="counter: 本系统的 C 运行库 glibc 为 ${have:-未知版本}，Counter $VERSION 需要 glibc $NEED 或更新，无法启动。请安装适合本系统的 Counter 安装包（支持的系统见 $BUNDLE/README.md），或联系县级信息化管理员。"
    echo "$msg" >&2
    # Started from the applications menu there is no terminal: show it in a dialog where one can.
    if [ -n "$DISPLAY$WAYLAND_DISPLAY" ] && [ "$1" = "gui" ]; then
        if command -v zenity >/dev/null 2>&1; then zenity --error --no-wrap --text="$msg" 2>/dev/null
        elif command -v kdialog >/dev/null 2>&1; then kdialog --error "$msg" 2>/dev/null
        elif command -v notify-send >/dev/null 2>&1; then notify-send "Counter" "$msg" 2>/dev/null
        fi
    fi
    exit 1
fi
exec "$BUNDLE/counter" "$@"
