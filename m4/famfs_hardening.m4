dnl famfs_hardening.m4: --enable-sanitizers and --enable-fuzzing.
dnl
dnl The flags are added to CC itself (not only CFLAGS/LDFLAGS) so that
dnl libtool, which filters some flags at link time, always passes them to
dnl the compiler driver when linking the library, the tools and the tests.
AC_DEFUN([FAMFS_HARDENING], [
AC_ARG_ENABLE([sanitizers],
	[AS_HELP_STRING([--enable-sanitizers],
		[build everything with AddressSanitizer and UndefinedBehaviorSanitizer])],
	[], [enable_sanitizers=no])
AC_ARG_ENABLE([fuzzing],
	[AS_HELP_STRING([--enable-fuzzing],
		[build the libFuzzer targets in tests/fuzz (requires CC=clang)])],
	[], [enable_fuzzing=no])

FAMFS_SAN_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
AS_IF([test "x$enable_sanitizers" = xyes], [
	CC="$CC $FAMFS_SAN_FLAGS"
	dnl the C++ header test links the instrumented library as well
	CXX="$CXX $FAMFS_SAN_FLAGS"
])
AS_IF([test "x$enable_fuzzing" = xyes], [
	AS_CASE([`$CC --version 2>/dev/null`], [*clang*], [],
		[AC_MSG_ERROR([--enable-fuzzing requires clang: run configure with CC=clang])])
	CC="$CC -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer"
	CC="$CC -fno-sanitize-recover=all"
	CXX="$CXX -fsanitize=address,undefined -fno-omit-frame-pointer"
	AC_SUBST([FUZZ_LDFLAGS], ["-fsanitize=fuzzer"])
])
AM_CONDITIONAL([ENABLE_FUZZING], [test "x$enable_fuzzing" = xyes])
])
