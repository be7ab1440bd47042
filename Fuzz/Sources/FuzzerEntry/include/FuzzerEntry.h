#include <stddef.h>
#include <stdint.h>

/// The fuzzer's process entry point: runs libFuzzer on `LLVMFuzzerTestOneInput`.
int RequestFuzzer_main(int argc, char **argv);
