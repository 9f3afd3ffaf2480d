#!/usr/bin/env bash
# `meson install --destdir` installs what an embedder and a user need, and
# a program built against the installed copy with `pkg-config --cflags
# --libs overpromise` (and nothing from the source tree) loads a roadmap,
# checks a deal and prints what embed.out holds.
#
# Usage: install.sh BUILD_DIR CC SANITIZE SCDOC_FOUND
# run from the project root.
set -u
build=$1 cc=$2 sanitize=$3 scdoc=$4
here=tests/install
build=$(cd "$build" && pwd)
dest=$build/install-test
fail=0

bad() {
	echo "install: $*"
	fail=1
}

rm -rf "$dest"
if ! meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >"$build/install-test.log" 2>&1; then
	cat "$build/install-test.log"
	echo "install: meson install failed"
	exit 1
fi

pc=$(find "$dest" -name overpromise.pc -path '*/pkgconfig/*')
if [ -z "$pc" ]; then
	echo "install: no overpromise.pc under $dest"
	exit 1
fi
export PKG_CONFIG_PATH=${pc%/*}
prefix=$(pkg-config --variable=prefix overpromise)
root=$dest$prefix
libdir=$dest$(pkg-config --variable=libdir overpromise)
includedir=$dest$(pkg-config --variable=includedir overpromise)

# The public headers, exactly those of include/overpromise/.
diff <(cd include/overpromise && ls ./*.h) <(cd "$includedir/overpromise" && ls ./*.h) ||
	bad "the installed headers are not those of include/overpromise/"
# The shared library with its soname, and no static archive of the internals.
soname=$(readelf -d "$libdir/liboverpromise.so" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ -n "$soname" ] && [ -e "$libdir/$soname" ] || bad "no liboverpromise.so with its soname in $libdir"
[ ! -e "$libdir/liboverpromise.a" ] || bad "the static library is installed"
# The libraries it links with, for a static link: those with a pkg-config
# file required privately, libcsv (which has none) linked privately.
grep -q '^Requires.private: .*jansson' "$pc" || bad "overpromise.pc: no Requires.private"
grep -q '^Libs.private: .*-lcsv' "$pc" || bad "overpromise.pc: no -lcsv in Libs.private"
# The program, its completions, its schemas and (where scdoc is) its manual page.
[ -x "$root/bin/overpromise" ] || bad "no bin/overpromise"
[ -f "$(find "$root" -path '*/bash-completion/completions/overpromise')" ] ||
	bad "no bash completion"
[ -f "$root/share/zsh/site-functions/_overpromise" ] || bad "no zsh completion"
[ -f "$(find "$root" -name overpromise.fish -path '*/fish/*')" ] || bad "no fish completion"
diff <(cd cli && ls ./*.schema.json) <(cd "$root/share/overpromise/schemas" && ls ./*.schema.json) ||
	bad "the installed JSON Schemas are not those of cli/"
if [ "$scdoc" = true ]; then
	[ -f "$root/share/man/man1/overpromise.1" ] || bad "no manual page"
fi

# Build the example embedder against the installed copy only.  Under the
# sanitizers the library needs their runtime, so the program links it too.
flags=()
if [ "$sanitize" != none ]; then
	flags=(-fsanitize="$sanitize")
fi
read -r -a pcflags <<<"$(pkg-config --define-variable=prefix="$root" --cflags --libs overpromise)"
if ! "$cc" -std=c11 -Wall -Wextra -pedantic -Werror "${flags[@]}" -o "$dest/embed" \
	"$here/embed.c" "${pcflags[@]}"; then
	echo "install: the embedder does not build with: ${pcflags[*]}"
	exit 1
fi
out=$(LD_LIBRARY_PATH=$libdir "$dest/embed" examples/roadmap.csv) ||
	bad "the embedder failed"
diff -u "$here/embed.out" <(printf '%s\n' "$out") || bad "the embedder's output differs"
# It ran on the installed library, not one of the build directory.
LD_LIBRARY_PATH=$libdir ldd "$dest/embed" | grep -q "=> $libdir/$soname" ||
	bad "the embedder did not load $libdir/$soname"
exit $fail
