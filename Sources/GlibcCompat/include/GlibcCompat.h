#ifndef TAGIFAI_GLIBC_COMPAT_H
#define TAGIFAI_GLIBC_COMPAT_H

// Nothing to call: linking this target binds hypot and hypotf to their GLIBC_2.2.5 versions,
// so the binary starts on glibc 2.34 (see hypot.c).
double hypot(double x, double y);
float hypotf(float x, float y);

#endif
