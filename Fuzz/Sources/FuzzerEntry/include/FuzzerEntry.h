#include <stddef.h>
#include <stdint.h>

/// The fuzzers' process entry points: each runs libFuzzer on its `LLVMFuzzerTestOneInput`.
int RequestFuzzer_main(int argc, char **argv);
int ModelFileFuzzer_main(int argc, char **argv);
