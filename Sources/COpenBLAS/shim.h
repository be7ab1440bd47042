// OpenBLAS's CBLAS interface, from Debian's libopenblas-serial-dev (linked statically: see Package.swift).
#include <cblas.h>
