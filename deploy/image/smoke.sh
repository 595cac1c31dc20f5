#!/usr/bin/env bash
# Runs the image tarball without Docker: unpacks its layers in order into a root filesystem and starts the
# image's Entrypoint with its Env, WorkingDir and User, chrooted, in new mount and PID namespaces (with
# /proc and /dev), against a fresh PostgreSQL database on this machine; waits for /actuator/health to be
# UP, then stops. Needs root (chroot, unshare). Usage: deploy/image/smoke.sh [target/gridwork-image.tar]
set -euo pipefail
cd "$(dirname "$0")/../.."
TAR=$(readlink -f "${1:-target/gridwork-image.tar}")
WORK=$(readlink -f target/image-smoke)
DB=gridwork_ops_image
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

rm -rf "$WORK" && mkdir -p "$WORK/rootfs"
tar -xf "$TAR" -C "$WORK"
python3 - "$WORK" <<'PY'
import json, subprocess, sys
work = sys.argv[1]
manifest = json.load(open(f"{work}/manifest.json"))[0]
for layer in manifest["Layers"]:
    subprocess.run(["tar", "--warning=no-unknown-keyword", "-xzf", f"{work}/{layer}", "-C", f"{work}/rootfs"], check=True)
print(f"unpacked {len(manifest['Layers'])} layers of {manifest['RepoTags']}")
PY
psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB with (force)" -c "create database $DB"
trap 'psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB with (force)" || true' EXIT

cat > "$WORK/run.py" <<'PY'
# exec the image's entrypoint as a container runtime would: chroot, working directory, user, environment
import json, os, sys
work, extra = sys.argv[1], sys.argv[2:]
cfg = json.load(open(f"{work}/config.json"))["config"]
env = dict(e.split("=", 1) for e in cfg.get("Env", []))
env.update(e.split("=", 1) for e in extra)
os.chroot(f"{work}/rootfs")
os.chdir(cfg.get("WorkingDir") or "/")
uid, gid = (int(x) for x in cfg.get("User", "0:0").split(":"))
os.setgroups([]); os.setgid(gid); os.setuid(uid)
os.execve(cfg["Entrypoint"][0], cfg["Entrypoint"] + cfg.get("Cmd", []) or [], env)
PY
# in the container, 127.0.0.1 is still this machine's (no network namespace): PostgreSQL is reachable
unshare --mount --pid --fork --kill-child bash -c '
  mount -t proc proc "$0/rootfs/proc" && mount --rbind /dev "$0/rootfs/dev" && exec python3 "$0/run.py" "$0" "$@"' \
  "$WORK" "PORT=$PORT" "SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/$DB" SPRING_DATASOURCE_USERNAME=postgres \
  "GRIDWORK_CRYPTO_DATA_KEY=$(openssl rand -base64 32)" "GRIDWORK_CRYPTO_HASH_KEY=$(openssl rand -base64 32)" \
  > "$WORK/app.log" 2>&1 &
APP=$!
# unshare --fork waits through SIGTERM: stop the entrypoint (its child) instead
trap 'kill $(pgrep -P $APP) 2>/dev/null || true; wait $APP 2>/dev/null || true; psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB with (force)" || true' EXIT
for _ in $(seq 1 180); do
  if HEALTH=$(curl -fs "http://127.0.0.1:$PORT/actuator/health"); then
    echo "health: $HEALTH"
    echo "login page: HTTP $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/login")"
    echo "entrypoint process (uid, command): $(ps -o uid=,args= -p "$(pgrep -P $APP | head -1)" | cut -c1-120)"
    exit 0
  fi
  kill -0 $APP 2>/dev/null || { echo "the image's process exited:"; tail -40 "$WORK/app.log"; exit 1; }
  sleep 1
done
echo "not healthy within 180 s:"; tail -40 "$WORK/app.log"; exit 1
