// hypot and hypotf for the tagifai binary, bound to glibc's first versions of them.
//
// glibc 2.35 added new symbol versions of hypot and hypotf (the same functions, faster code);
// linked against a newer glibc, the static Swift runtime's references take those versions and
// the binary no longer starts on glibc 2.34 (RHEL 9) or 2.35's predecessors. Defining the two
// names here makes the linker bind every reference in the binary to these definitions, which
// call the GLIBC_2.2.5 versions that every glibc since 2002 has.
#include "GlibcCompat.h"
#include <limits.h>
#if defined(__linux__) && defined(__GLIBC__)

double tagifai_hypot_glibc_2_2_5(double x, double y);
float tagifai_hypotf_glibc_2_2_5(float x, float y);
__asm__(".symver tagifai_hypot_glibc_2_2_5, hypot@GLIBC_2.2.5");
__asm__(".symver tagifai_hypotf_glibc_2_2_5, hypotf@GLIBC_2.2.5");

double hypot(double x, double y) { return tagifai_hypot_glibc_2_2_5(x, y); }
float hypotf(float x, float y) { return tagifai_hypotf_glibc_2_2_5(x, y); }
#endif
