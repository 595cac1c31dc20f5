#!/usr/bin/env bash
# Builds the base layer of the Gridwork container image from files on this machine, without pulling a
# base image from any registry: a jlink'd Java runtime (from the local JDK 25, whose runtime is linkable
# without jmods), the shared libraries it and fontconfig load (found with ldd, copied from Debian's
# /lib), the dynamic loader, a CJK font, fontconfig's configuration, CA-free /etc basics and a user.
# Jib adds this directory on top of `scratch` (see the `image` profile in pom.xml).
# Usage: deploy/image/build-rootfs.sh OUTPUT_DIR   (JAVA_HOME or /usr/lib/jvm/*25* as the source JDK)
set -euo pipefail
OUT=${1:?output directory}
JDK=${JAVA_HOME:-}
[ -n "$JDK" ] && [ -x "$JDK/bin/jlink" ] && "$JDK/bin/java" -version 2>&1 | grep -q '"25' || JDK=$(ls -d /usr/lib/jvm/*25* | head -1)
MODULES=java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,\
java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,\
jdk.unsupported,jdk.management,jdk.naming.dns,jdk.localedata,jdk.charsets,jdk.zipfs,jdk.crypto.cryptoki

rm -rf "$OUT"
mkdir -p "$OUT/opt" "$OUT/etc" "$OUT/tmp" "$OUT/proc" "$OUT/dev" "$OUT/sys" "$OUT/var/lib/gridwork/files" "$OUT/lib64" "$OUT/usr/share/fonts"
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
  --output "$OUT/opt/java"

# shared libraries: everything the runtime's libraries and fontconfig (dlopened by the JDK) link to
# (regular files only, no symbolic links: a layer then looks the same however it is unpacked)
copy_lib() {
  local src=$1
  case "$src" in "$OUT"/*) return ;; esac
  mkdir -p "$OUT$(dirname "$src")"
  [ -e "$OUT$src" ] || cp -L "$src" "$OUT$src"
}
FONTCONFIG=$(ls /usr/lib/x86_64-linux-gnu/libfontconfig.so.1 /lib/x86_64-linux-gnu/libfontconfig.so.1 2>/dev/null | head -1)
{ find "$OUT/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \); echo "$FONTCONFIG"; } | while read -r f; do
  ldd "$f" 2>/dev/null | awk '/=> \// {print $3} /^\s*\/lib/ {print $1}'
done | sort -u | while read -r lib; do copy_lib "$lib"; done
copy_lib "$FONTCONFIG"
copy_lib /lib64/ld-linux-x86-64.so.2

# fonts: a Chinese font for posters, and fontconfig's configuration to find it
cp -rL /etc/fonts "$OUT/etc/fonts"
for font in /usr/share/fonts/truetype/wqy /usr/share/fonts/truetype/dejavu; do
  if [ -d "$font" ]; then mkdir -p "$OUT$(dirname "$font")" && cp -rL "$font" "$OUT$font"; fi
done

cat > "$OUT/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
gridwork:x:1000:1000:Gridwork:/var/lib/gridwork:/sbin/nologin
PASSWD
printf 'root:x:0:\ngridwork:x:1000:\n' > "$OUT/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$OUT/etc/hosts"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$OUT/etc/nsswitch.conf"
# jlink links the runtime's legal notices: make every link a regular file
find "$OUT" -type l | while read -r link; do cp -L --remove-destination "$(readlink -f "$link")" "$link"; done
echo "root filesystem in $OUT: $(du -sh "$OUT" | cut -f1) (runtime from $JDK)"
