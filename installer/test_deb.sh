#!/usr/bin/env bash
# The Linux package in a clean Debian system, as a county IT person would install it (minutes;
# on demand, not part of `run.py tests`). Needs root, mmdebstrap, Xvfb, xdotool, ImageMagick:
#     sudo apt-get install mmdebstrap xvfb xdotool imagemagick poppler-utils
#     sudo bash installer/test_deb.sh            # KEEP=1 keeps the work folder
#
# 1. Two builds, each from a clean clone with one command: the current commit and an older one
#    (before the newest local schema migration, or OLD_REV), so that the upgrade has a schema
#    to migrate. (OLD_DEB=... NEW_DEB=... skips the builds: the packages of an earlier run.)
# 2. A Debian root made by mmdebstrap from the host's package sources (MIRROR), with no Python.
# 3. The older package installed with apt; as an ordinary user: counter init, an intake from
#    docs/examples/application.json, its slip printed to PDF, counter log verify.
# 4. The newer package installed over it: the store is backed up and migrated at the first
#    start, the case and the record chain intact; nothing written inside /opt/counter.
# 5. counter gui on a fresh data directory under Xvfb: time to the first window and to the
#    first-start dialog, a screenshot of it (SHOT, default docs/screenshots/deb-first-start.png).
# 6. Installed size; remove keeps the data, purge says where it is.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d -t counter-deb.XXXXXX)}
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-$( [ -f /etc/apt/sources.list.d/debian.sources ] && echo /etc/apt/sources.list.d/debian.sources || echo /etc/apt/sources.list )}
SHOT=${SHOT:-$REPO/docs/screenshots/deb-first-start.png}
R=$WORK/root
USER_NAME=clerk
ADMIN_PW='Chuang-Kou-2026'
CLERK_PW='Li-Shou-Li-88'
step() { printf '\n=== %s\n' "$*"; }
fail() { echo "test_deb: FAILED: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (mmdebstrap and chroot)"
for tool in mmdebstrap Xvfb xdotool import pdftotext git; do
    command -v "$tool" >/dev/null || fail "$tool is missing (see the apt-get line at the top)"
done

cleanup() {
    set +e
    [ -n "${XPID:-}" ] && kill "$XPID" 2>/dev/null
    for m in tmp/.X11-unix dev/pts dev sys proc; do
        mountpoint -q "$R/$m" && umount -l "$R/$m"
    done
    if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT

# ---- 1. builds ---------------------------------------------------------------------------
NEWEST=$(cd "$REPO" && git ls-files app/models/migrations/versions | sort | tail -1)
ADDED=$(cd "$REPO" && git log --format=%H --diff-filter=A -1 -- "$NEWEST")
OLD_REV=${OLD_REV:-$ADDED^}
step "clean clones: HEAD $(git -C "$REPO" rev-parse --short HEAD), older $(git -C "$REPO" rev-parse --short "$OLD_REV") (before $NEWEST)"
git clone -q --no-hardlinks "$REPO" "$WORK/new"
git clone -q --no-hardlinks "$REPO" "$WORK/old"
git -C "$WORK/old" checkout -q "$(git -C "$REPO" rev-parse "$OLD_REV")"

if [ -n "${OLD_DEB:-}" ] && [ -n "${NEW_DEB:-}" ]; then
    # Repeating the install part with the packages of an earlier run of this script.
    step "packages given: $(basename "$OLD_DEB") then $(basename "$NEW_DEB")"
    BUILD_SECONDS="(not built in this run)"
else
    step "build the current package: python3 run.py package"
    t0=$(date +%s)
    (cd "$WORK/new" && python3 run.py package)
    BUILD_SECONDS="$(( $(date +%s) - t0 ))s"
    NEW_DEB=$(ls "$WORK"/new/dist/counter_*_amd64.deb)
    step "build the older commit with the same packaging"
    python3 "$WORK/new/installer/build_deb.py" --source "$WORK/old" --out "$WORK/old-dist"
    OLD_DEB=$(ls "$WORK"/old-dist/counter_*_amd64.deb)
fi
ls -l "$OLD_DEB" "$NEW_DEB"

# ---- 2. a clean Debian root ---------------------------------------------------------------
step "mmdebstrap $SUITE (variant apt) from $MIRROR"
mmdebstrap --quiet --variant=apt --include=passwd,login "$SUITE" "$R" "$MIRROR"
in_root() { chroot "$R" "$@"; }
no_python() {
    if in_root sh -c 'ls /usr/bin/python* /usr/local/bin/python* 2>/dev/null' | grep -q .; then
        fail "a Python is installed in the root: $(in_root sh -c 'ls /usr/bin/python*')"
    fi
}
no_python
echo "no Python in the root"
mount -t proc proc "$R/proc"
mount --rbind /sys "$R/sys"
mount --rbind /dev "$R/dev"
in_root useradd -m -s /bin/sh "$USER_NAME"
# The store is encrypted; its key lives in the desktop session's keyring, which a chroot has
# not: the key for automation rigs comes from the environment instead.
STORE_KEY=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
as_clerk() {  # a login-like environment for the clerk; HOME decides the data directory
    chroot --userspec="$USER_NAME:$USER_NAME" "$R" env -i HOME=/home/$USER_NAME \
        PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 COUNTER_STORE_KEY="$STORE_KEY" "$@"
}
DATA=/home/$USER_NAME/.local/share/Counter

# ---- 3. the older package, a day's work ----------------------------------------------------
step "apt install the older package: $(basename "$OLD_DEB")"
cp "$OLD_DEB" "$NEW_DEB" "$R/tmp/"
in_root apt-get update -q > "$WORK/apt-update.log"  # mmdebstrap leaves no package lists
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "/tmp/$(basename "$OLD_DEB")" \
    > "$WORK/apt-old.log" || { tail -30 "$WORK/apt-old.log"; fail "apt could not install it"; }
grep -E "^(Setting up|Unpacking) counter" "$WORK/apt-old.log" || true
no_python
echo "still no Python in the root after the install"
in_root sh -c 'command -v counter && ls -l /etc/systemd/user/timers.target.wants/ /usr/share/applications/counter.desktop /usr/share/icons/hicolor/256x256/apps/counter.png'
touch "$R/tmp/before-use"

step "counter init, a clerk, an intake from docs/examples/application.json"
as_clerk env COUNTER_PASSWORD="$ADMIN_PW" counter init --centre C3301 \
    --centre-name 城东街道便民服务中心 --window W03 --admin admin --admin-name 王管理 \
    --complaint-phone 0571-12345
as_clerk env COUNTER_PASSWORD="$ADMIN_PW" COUNTER_NEW_PASSWORD="$CLERK_PW" \
    counter user add clerk1 --name 李窗口 --role clerk --by admin
cp "$REPO/docs/examples/application.json" "$R/tmp/application.json"
chmod 644 "$R/tmp/application.json"
INTAKE=$(as_clerk env COUNTER_PASSWORD="$CLERK_PW" counter intake /tmp/application.json --json)
echo "$INTAKE"
CASE_NO=$(echo "$INTAKE" | sed -n 's/.*"case_no": *"\([^"]*\)".*/\1/p')
[ -n "$CASE_NO" ] || fail "no case number in the intake's answer"

step "slip of $CASE_NO printed to PDF"
as_clerk counter print "$CASE_NO" --doc acceptance --out /home/$USER_NAME/slip.pdf
pdftotext -layout "$R/home/$USER_NAME/slip.pdf" - | grep -E "受理|$CASE_NO" | head -5
pdftotext "$R/home/$USER_NAME/slip.pdf" - | grep -q "$CASE_NO" || fail "the slip does not carry $CASE_NO"
cp "$R/home/$USER_NAME/slip.pdf" "$WORK/slip.pdf"

step "counter log verify (older version)"
as_clerk counter log verify
as_clerk counter case show "$CASE_NO" --json > "$WORK/case-before.json"

# ---- 4. the newer package over it --------------------------------------------------------
step "apt install the newer package over it: $(basename "$NEW_DEB")"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "/tmp/$(basename "$NEW_DEB")" \
    > "$WORK/apt-new.log" || { tail -30 "$WORK/apt-new.log"; fail "the upgrade failed"; }
grep -E "^(Preparing to unpack|Unpacking|Setting up) counter" "$WORK/apt-new.log" || true
[ -f "$R$DATA/counter.sqlite3" ] || fail "the store is gone after the upgrade"
ls "$R$DATA/backups" > "$WORK/backups-before.txt" 2>/dev/null || true
step "first start of the newer version: counter log verify migrates, then checks every record"
as_clerk counter log verify
as_clerk counter case show "$CASE_NO" --json > "$WORK/case-after.json"
cmp -s "$WORK/case-before.json" "$WORK/case-after.json" \
    && echo "case $CASE_NO reads the same before and after the upgrade" \
    || { diff "$WORK/case-before.json" "$WORK/case-after.json" | head -20; echo "(case view differs: fields added by the newer version)"; }
grep -q "\"$CASE_NO\"" "$WORK/case-after.json" || fail "the case is missing after the upgrade"
NEW_BACKUPS=$(ls "$R$DATA/backups" | grep -v -x -F -f "$WORK/backups-before.txt" || true)
[ -n "$NEW_BACKUPS" ] || fail "no backup was taken before the migration"
echo "backup taken before migrating: $NEW_BACKUPS"
python3 - "$R$DATA/counter.sqlite3" 2>/dev/null <<'EOF' || echo "(the store is encrypted: its schema revision is not readable from outside; the backup's name says which revision it was before)"
import sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print("schema revision now:", con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
EOF
WRITTEN=$(find "$R/opt/counter" -newer "$R/tmp/before-use" -type f ! -path '*/__pycache__/*' | head -5)
[ -z "$WRITTEN" ] || fail "files written inside the install folder: $WRITTEN"
echo "nothing written inside /opt/counter"

# ---- 5. the window, first start ----------------------------------------------------------
step "counter gui under Xvfb on a fresh data directory"
DISPLAY_NO=$(( 90 + RANDOM % 9 ))
Xvfb ":$DISPLAY_NO" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
XPID=$!
for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X$DISPLAY_NO" ] && break; sleep 0.1; done
mkdir -p "$R/tmp/.X11-unix"
mount --bind /tmp/.X11-unix "$R/tmp/.X11-unix"
export DISPLAY=":$DISPLAY_NO"
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
t0=$(date +%s%N)
as_clerk env DISPLAY=":$DISPLAY_NO" COUNTER_HOME=/home/$USER_NAME/fresh counter gui \
    > "$WORK/gui.log" 2>&1 &
GUI=$!
first=""
dialog=""
for _ in $(seq 600); do
    if [ -z "$first" ] && xdotool search --onlyvisible --name '.*' >/dev/null 2>&1; then
        first=$(ms_since "$t0")
    fi
    if xdotool search --onlyvisible --name 'first start|首次' >/dev/null 2>&1; then
        dialog=$(ms_since "$t0")
        break
    fi
    kill -0 "$GUI" 2>/dev/null || { cat "$WORK/gui.log"; fail "counter gui exited"; }
    sleep 0.05
done
[ -n "$dialog" ] || { cat "$WORK/gui.log"; fail "no first-start dialog within 30 s"; }
sleep 1.5  # let it paint
mkdir -p "$(dirname "$SHOT")"
import -window root "$SHOT"
kill "$GUI" 2>/dev/null || true
wait "$GUI" 2>/dev/null || true
echo "time to the first window: ${first} ms; to the first-start dialog: ${dialog} ms"
echo "screenshot: $SHOT"

# ---- 6. size, remove, purge ----------------------------------------------------------------
step "installed size"
in_root dpkg-query -W -f='Installed-Size: ${Installed-Size} KiB (${Version})\n' counter
INSTALLED=$(du -sh "$R/opt/counter" | cut -f1)
echo "/opt/counter: $INSTALLED"
step "apt remove keeps the data; purge says where it is"
in_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q counter > /dev/null
[ -f "$R$DATA/counter.sqlite3" ] || fail "remove deleted the store"
echo "after remove: $(ls "$R$DATA")"
in_root env DEBIAN_FRONTEND=noninteractive dpkg --purge counter
[ -f "$R$DATA/counter.sqlite3" ] || fail "purge deleted the store"

step "summary"
echo "build (clean clone, python3 run.py package): ${BUILD_SECONDS}"
echo "package: $(basename "$NEW_DEB"), $(du -h "$NEW_DEB" | cut -f1)"
echo "installed: $INSTALLED in /opt/counter"
echo "time to the first window: ${first} ms; to the first-start dialog: ${dialog} ms"
echo "test_deb: OK"
